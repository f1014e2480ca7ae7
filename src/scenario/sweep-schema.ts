/**
 * The `sweep:` and `compare:` sections of a scenario. A sweep names scenario paths (the same
 * syntax as `--set`: `stations.tools.servers`, `arrivals[0].rate`) and the values they take:
 *
 * - `grid`: every combination of the listed values (cartesian product, first path slowest);
 * - `zip`: lists of equal length, the i-th values taken together;
 * - `random`: `n` seeded samples per path (uniform, log-uniform, or a choice among values).
 *
 * When several are given, the variants are their product (grid × zip × random). The values are
 * applied to the scenario *before* it is validated, so each variant is checked like any scenario
 * and a bad value is reported where it was written in the sweep. What the paths mean is checked
 * by the sweep expansion (`sweep.ts`), which knows the scenario tree.
 */

import { z } from 'zod';
import { describeValue } from './describe-value.js';
import { countField, expecting, leaf, listOf, section, textField, WHEN_FIELDS_VALID } from './fields.js';
import { finite, parseCount, parseDuration, parseRate, UNIT_PATTERNS, type UnitParse } from './units.js';

/** How one path is sampled in a random sweep. Bounds are in base units (seconds, per second). */
export type RandomParamSpec =
  | { readonly dist: 'uniform'; readonly min: number; readonly max: number; readonly integer: boolean }
  | { readonly dist: 'log-uniform'; readonly min: number; readonly max: number; readonly integer: boolean }
  | { readonly dist: 'choice'; readonly values: readonly unknown[] };

/** A validated sweep block. Keys are paths as written; values as written (YAML values). */
export interface SweepSpec {
  readonly grid?: Readonly<Record<string, readonly unknown[]>>;
  readonly zip?: Readonly<Record<string, readonly unknown[]>>;
  readonly random?: {
    /** Number of samples. */
    readonly n: number;
    /** Seed of the sampling streams; default: the scenario seed. */
    readonly seed?: number;
    readonly params: Readonly<Record<string, RandomParamSpec>>;
  };
}

/** A validated compare block: what `fleetsim compare` and `run` compare by default. */
export interface CompareSpec {
  /** Variant the others are compared with; default: the first variant. */
  readonly baseline?: string;
  /** Metrics to compare (patterns with `*`); default: all. */
  readonly metrics?: readonly string[];
  /** Two metrics whose Pareto front is reported (both better when lower, unless listed in `higherIsBetter`). */
  readonly pareto?: readonly [string, string];
  /** Metrics where a larger value is better (throughput, success); all others: smaller is better. */
  readonly higherIsBetter?: readonly string[];
}

/**
 * A number, or a quantity with a unit of any kind (duration, count, rate), resolved to base units.
 * The sweep does not know which field a bound lands on; the variant's validation checks that.
 */
export function parseAnyQuantity(input: unknown): UnitParse {
  if (typeof input === 'number') return finite(input, String(input));
  if (typeof input !== 'string') return { ok: false, problem: `${describeValue(input)} is not a number` };
  if (input.includes('/')) return parseRate(input);
  const d = parseDuration(input);
  if (d.ok) return d;
  const c = parseCount(input);
  return c.ok ? c : { ok: false, problem: `'${input}' is not a number, duration, count or rate` };
}

function quantityBound() {
  return leaf<number>({
    expected: 'a number, or a quantity such as 250ms, 2k, 7.2/s',
    json: { anyOf: [{ type: 'number' }, { type: 'string', pattern: `${UNIT_PATTERNS.duration}|${UNIT_PATTERNS.count}|${UNIT_PATTERNS.rate}` }] },
    read: parseAnyQuantity,
  });
}

const valueList = (what: string) =>
  listOf(z.unknown().describe('A value for the path, written as it would be in the scenario.'), {
    noun: 'value',
    min: 1,
    expected: `a list of values, such as [8, 16, 32]`,
  }).describe(what);

function pathMap<T extends z.ZodType>(item: T, noun: string, expected: string) {
  return z
    .record(z.string(), item, expecting(expected))
    .superRefine((rec, ctx) => {
      if (Object.keys(rec).length === 0) {
        ctx.addIssue({ code: 'custom', message: `is empty: it names no ${noun}`, input: rec, params: { expected } });
      }
    }, WHEN_FIELDS_VALID);
}

const bounded = (dist: 'uniform' | 'log-uniform', what: string) =>
  section(
    {
      dist: z.literal(dist).describe(`The sampling kind: ${dist}.`),
      min: quantityBound().describe('Lower end; a number or a quantity with a unit (250ms, 2k, 7.2/s).'),
      max: quantityBound().describe('Upper end (≥ min); a number or a quantity with a unit.'),
      integer: z.boolean().prefault(false).describe('Round each sample to the nearest whole number (for counts such as servers).'),
    },
    `a ${dist} sampler`,
  )
    .describe(what)
    .superRefine((p, ctx) => {
      if (p.max < p.min) ctx.addIssue({ code: 'custom', path: ['max'], message: `must be ≥ min (${p.min}), got ${p.max}`, input: p.max, params: { expected: 'max ≥ min' } });
      if (dist === 'log-uniform' && !(p.min > 0)) {
        ctx.addIssue({ code: 'custom', path: ['min'], message: `must be > 0 for log-uniform, got ${p.min}`, input: p.min, params: { expected: 'a bound > 0' } });
      }
      if (p.integer && p.max >= p.min && Math.ceil(p.min) > Math.floor(p.max)) {
        ctx.addIssue({ code: 'custom', path: ['integer'], message: `no whole number lies between min (${p.min}) and max (${p.max})`, input: p.integer, params: { expected: 'bounds around at least one whole number, or integer: false' } });
      }
    }, WHEN_FIELDS_VALID);

const randomParam = z
  .discriminatedUnion(
    'dist',
    [
      bounded('uniform', 'Uniform between min and max.'),
      bounded('log-uniform', 'Uniform in log scale between min and max (both > 0): as many samples per decade.'),
      section(
        {
          dist: z.literal('choice').describe('The sampling kind: choice.'),
          values: valueList('Values to choose among, each equally likely.'),
        },
        'a choice sampler',
      ).describe('One of the listed values, each equally likely.'),
    ],
    expecting('a sampler such as { dist: uniform, min: 4, max: 8 }'),
  )
  .transform((p) => p as RandomParamSpec)
  .meta({ description: 'How a path is sampled: { dist: uniform | log-uniform, min, max, integer } or { dist: choice, values: [...] }.' });

/** The `sweep:` section. */
export const sweepSchema = section(
  {
    grid: pathMap(valueList('Values of this path; every combination with the other grid paths is a variant.'), 'path', 'a mapping of scenario paths to lists of values, such as stations.tools.servers: [8, 16]')
      .optional()
      .describe('Cartesian product: each path (as in --set: stations.tools.servers) with its list of values.'),
    zip: pathMap(valueList('Values of this path; the i-th values of all zip paths form one variant.'), 'path', 'a mapping of scenario paths to lists of equal length')
      .optional()
      .describe('Paired lists of equal length: the i-th values of all paths together make one variant.'),
    random: section(
      {
        n: countField({ min: 1, integer: true }).describe('Number of samples; a whole number ≥ 1.'),
        seed: countField({ min: 0, integer: true }).optional().describe('Seed of the sampling; a whole number ≥ 0; default: the scenario seed.'),
        params: pathMap(randomParam, 'path', 'a mapping of scenario paths to samplers, such as arrivals.calls.rate: { dist: uniform, min: 5/s, max: 8/s }').describe(
          'Each path with its sampler.',
        ),
      },
      'a random sweep: a mapping with n, params and optionally seed',
    )
      .optional()
      .describe('Seeded random samples of the listed paths; each sample is a variant.'),
  },
  'a sweep: a mapping with grid:, zip: and/or random:',
)
  .describe('Variants of the scenario: grid (cartesian), zip (paired lists) and random (seeded samples), combined as a product. Each variant runs every replicate with the same random streams (common random numbers).')
  .superRefine((s, ctx) => {
    if (s.grid === undefined && s.zip === undefined && s.random === undefined) {
      ctx.addIssue({ code: 'custom', message: 'names no variants', input: s, params: { expected: 'grid:, zip: or random:' } });
    }
    if (s.zip) {
      const entries = Object.entries(s.zip);
      const [firstPath, firstValues] = entries[0];
      for (const [path, values] of entries.slice(1)) {
        if (values.length !== firstValues.length) {
          ctx.addIssue({
            code: 'custom',
            path: ['zip', path],
            message: `has ${values.length} value${values.length === 1 ? '' : 's'} but ${firstPath} has ${firstValues.length}`,
            input: values,
            params: { expected: 'lists of equal length (zip pairs the i-th values)' },
          });
        }
      }
    }
  }, WHEN_FIELDS_VALID)
  .transform((s): SweepSpec => s);

const metricList = (what: string) => listOf(textField().describe('A metric name, such as tools.wait_p95_s.'), { noun: 'metric', expected: 'a list of metric names' }).describe(what);

/** The `compare:` section. */
export const compareSchema = section(
  {
    baseline: textField().optional().describe('Name of the variant the others are compared with, e.g. servers=16; default: the first variant.'),
    metrics: metricList('Metrics to compare (* matches anything); default: all metrics.').optional(),
    pareto: listOf(textField().describe('A metric name.'), { noun: 'metric', min: 2, expected: 'two metric names, such as [tools.wait_p95_s, tools.utilisation]' })
      .optional()
      .describe('Two metrics whose Pareto front (variants no other variant beats on both) is reported.'),
    higher_is_better: metricList('Metrics where larger is better (throughput, success); every other metric: smaller is better.').optional(),
  },
  'a comparison: a mapping with baseline, metrics, pareto',
)
  .describe('How variants are compared: paired differences against the baseline under common random numbers.')
  .superRefine((c, ctx) => {
    if (c.pareto && c.pareto.length !== 2) {
      ctx.addIssue({ code: 'custom', path: ['pareto'], message: `names ${c.pareto.length} metrics`, input: c.pareto, params: { expected: 'exactly two metric names' } });
    }
  }, WHEN_FIELDS_VALID)
  .transform(
    (c): CompareSpec => ({
      baseline: c.baseline,
      metrics: c.metrics,
      pareto: c.pareto ? [c.pareto[0], c.pareto[1]] : undefined,
      higherIsBetter: c.higher_is_better,
    }),
  );

/** The top-level scenario fields this file adds (spread into the scenario schema's shape). */
export const SWEEP_FIELDS = {
  sweep: sweepSchema.optional(),
  compare: compareSchema.optional(),
};
