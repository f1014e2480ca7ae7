/**
 * Schemas for distributions written in a scenario (`{ dist: lognormal, mean: 2s, cv: 3 }`). A
 * distribution is typed by what it draws: in a duration distribution (service times,
 * interarrival times) the value-like parameters take durations, in a count distribution (token
 * counts, fan-out) they take counts. Shape parameters (cv, sigma, alpha, p, …) are plain numbers
 * either way. The result is a kernel `DistSpec` in base units.
 */

import { z } from 'zod';
import { DIST_KINDS, type DistSpec } from '../kernel/distribution-spec.js';
import { checkDistSpec } from '../kernel/distributions.js';
import { countField, durationField, expecting, leaf, listOf, numberField, section, WHEN_FIELDS_VALID, type Range } from './fields.js';
import { parseCount, parseDuration, UNIT_EXAMPLES, UNIT_PATTERNS, type UnitParse } from './units.js';

/** What the value-like parameters of a distribution are measured in. */
interface ValueKind {
  readonly noun: 'duration' | 'count';
  readonly field: (r?: Range) => ReturnType<typeof durationField>;
  readonly parse: (input: unknown) => UnitParse;
  readonly pattern: string;
  /** Names the unit in descriptions. */
  readonly unit: string;
  readonly example: string;
}

const DURATION: ValueKind = {
  noun: 'duration',
  field: durationField,
  parse: parseDuration,
  pattern: UNIT_PATTERNS.duration,
  unit: 'a duration: seconds, or 250ms, 10m, 2h',
  example: '{ dist: exponential, mean: 1s }',
};

const COUNT: ValueKind = {
  noun: 'count',
  field: countField,
  parse: parseCount,
  pattern: UNIT_PATTERNS.count,
  unit: 'a count: 8, 2k, 1e9',
  example: '{ dist: lognormal, mean: 2k, cv: 1.5 }',
};

function cdfPoint(kind: ValueKind) {
  return leaf<[number, number]>({
    expected: `a point [x, F(x)]: x a ${kind.noun} ${UNIT_EXAMPLES[kind.noun]}, F between 0 and 1`,
    json: {
      type: 'array',
      prefixItems: [{ anyOf: [{ type: 'number' }, { type: 'string', pattern: kind.pattern }] }, { type: 'number', minimum: 0, maximum: 1 }],
      minItems: 2,
      maxItems: 2,
    },
    read: (input) => {
      if (!Array.isArray(input) || input.length !== 2) return { ok: false, problem: 'is not a pair [x, F(x)]' };
      const x = kind.parse(input[0]);
      if (!x.ok) return x;
      const f = input[1];
      if (typeof f !== 'number' || !(f >= 0 && f <= 1)) return { ok: false, problem: `F(x) must be a number between 0 and 1, got ${String(f)}` };
      return { ok: true, value: [x.value, f] };
    },
  });
}

function distributionSchema(kind: ValueKind) {
  const v = (r: Range, what: string) => kind.field(r).describe(`${what}; ${kind.unit}.`);
  const num = (r: Range, what: string) => numberField(r).describe(`${what}; a plain number.`);
  const option = <Shape extends z.ZodRawShape>(dist: (typeof DIST_KINDS)[number], shape: Shape, what: string) =>
    section({ dist: z.literal(dist).describe(`The distribution kind: ${dist}.`), ...shape }, `a ${dist} distribution`).describe(what);

  const lognormal = option(
    'lognormal',
    {
      mean: v({ gt: 0 }, 'Mean (with cv)').optional(),
      cv: num({ gt: 0 }, 'Coefficient of variation sd/mean (with mean)').optional(),
      mu: num({}, 'Mean of the underlying normal, in log base units (with sigma)').optional(),
      sigma: num({ gt: 0 }, 'Standard deviation of the underlying normal (with mu)').optional(),
    },
    'Lognormal, by mean and cv, or by mu and sigma of the underlying normal.',
  ).superRefine((d, ctx) => {
    const byMean = d.mean !== undefined || d.cv !== undefined;
    const byMu = d.mu !== undefined || d.sigma !== undefined;
    const need = (key: string, expected: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [key], message, input: undefined, params: { expected } });
    if (byMean && byMu) {
      ctx.addIssue({ code: 'custom', message: 'lognormal takes either mean and cv, or mu and sigma, not both', input: d, params: { expected: 'mean and cv, or mu and sigma' } });
    } else if (byMean) {
      if (d.mean === undefined) need('mean', `a ${kind.noun} > 0`, 'is missing (lognormal by cv also needs mean)');
      if (d.cv === undefined) need('cv', 'a number > 0 (sd/mean)', 'is missing (lognormal by mean also needs cv)');
    } else if (byMu) {
      if (d.mu === undefined) need('mu', 'a number', 'is missing (lognormal by sigma also needs mu)');
      if (d.sigma === undefined) need('sigma', 'a number > 0', 'is missing (lognormal by mu also needs sigma)');
    } else {
      ctx.addIssue({ code: 'custom', message: 'lognormal needs either mean and cv, or mu and sigma', input: d, params: { expected: `{ dist: lognormal, mean: …, cv: … }` } });
    }
  }, WHEN_FIELDS_VALID);

  const options = [
    option('constant', { value: v({ min: 0 }, 'The value every draw returns') }, 'Always the same value.'),
    option('uniform', { min: v({ min: 0 }, 'Lower end'), max: v({ min: 0 }, 'Upper end (≥ min)') }, 'Uniform between min and max.'),
    option('exponential', { mean: v({ gt: 0 }, 'Mean (1/rate)') }, 'Exponential (memoryless) with the given mean.'),
    option('normal', { mean: v({ min: 0 }, 'Mean'), sd: v({ min: 0 }, 'Standard deviation') }, 'Normal with mean and standard deviation.'),
    lognormal,
    option('gamma', { shape: num({ gt: 0 }, 'Shape k'), scale: v({ gt: 0 }, 'Scale θ (mean = kθ)') }, 'Gamma with shape k and scale θ.'),
    option('pareto', { alpha: num({ gt: 0 }, 'Tail index α'), xm: v({ gt: 0 }, 'Minimum value xm') }, 'Pareto type I: P(X > x) = (xm/x)^α for x ≥ xm.'),
    option('bernoulli', { p: num({ min: 0, max: 1 }, 'Probability of drawing 1') }, '1 with probability p, else 0.'),
    option('poisson', { mean: v({ min: 0 }, 'Mean') }, 'Poisson with the given mean.'),
    option(
      'zipf',
      { n: countField({ min: 1, integer: true }).describe('Number of ranks; a whole number ≥ 1 (8, 2k).'), s: num({ min: 0 }, 'Exponent: P(k) ∝ k^-s') },
      'Ranks 1..n with P(k) ∝ k^-s.',
    ),
    option(
      'empirical',
      {
        values: listOf(kind.field({ min: 0 }), { noun: 'value', min: 1, expected: `a list of ${kind.noun}s` })
          .optional()
          .describe(`Values drawn uniformly (or by weights); each ${kind.unit}.`),
        weights: listOf(numberField({ min: 0 }), { noun: 'weight', expected: 'a list of numbers ≥ 0, one per value' })
          .optional()
          .describe('Relative weights of the values; plain numbers ≥ 0, one per value.'),
        cdf: listOf(cdfPoint(kind), { noun: 'point', min: 2, expected: 'a list of [x, F(x)] points' })
          .optional()
          .describe(`Points [x, F(x)] of a piecewise-linear CDF, F rising from 0 to 1; x is ${kind.unit}.`),
      },
      'Either values (with optional weights), or a piecewise-linear CDF.',
    ),
  ] as const;

  return z
    .discriminatedUnion('dist', options, expecting(`a distribution such as ${kind.example}`))
    .superRefine((spec, ctx) => {
      // The kernel has the last word on what it can sample; its sentence starts with the
      // parameter at fault ("min must be ≤ max"), which lets the error point at that parameter.
      const problem = checkDistSpec(spec as DistSpec);
      if (problem === null) return;
      const first = /^[a-z]+/.exec(problem)?.[0];
      const path = first !== undefined && first !== 'dist' && first in spec ? [first] : [];
      ctx.addIssue({ code: 'custom', path, message: problem, input: spec });
    }, WHEN_FIELDS_VALID)
    .transform((spec) => spec as DistSpec)
    .meta({ description: `A distribution of ${kind.noun}s, such as ${kind.example}.` });
}

/** A distribution of durations (in seconds): service times, interarrival times, think times. */
export function durationDist() {
  return distributionSchema(DURATION);
}

/** A distribution of counts: tokens per call, calls per goal, fan-out. */
export function countDist() {
  return distributionSchema(COUNT);
}
