/**
 * Schema builders for scenario fields: quantities with units, plain numbers, names, and the
 * mappings and lists that hold them. Every builder reports problems as issues that carry a
 * sentence (`message`) and what was expected (`params.expected`), so `issues.ts` never has to
 * translate zod's own wording. Later sections (pools, cohorts, sweeps) build on these.
 *
 * Leaves take `unknown` and parse it themselves, because a quantity may be written as a number or
 * as text with a unit; `.meta()` then tells the JSON Schema what the editor should accept.
 */

import { z } from 'zod';
import { describeValue } from './describe-value.js';
import { suggestionHint } from './did-you-mean.js';
import { parseCount, parseDuration, parseRate, UNIT_EXAMPLES, UNIT_PATTERNS, type UnitParse } from './units.js';
import { BYTE_EXAMPLES, BYTE_PATTERNS, parseBandwidth, parseBytes } from './byte-units.js';

/** Marks a zod message as an expectation phrase (see {@link expecting}); `issues.ts` strips it. */
export const EXPECTING_PREFIX = 'expected ';

/**
 * Error customisation for structural zod types (objects, lists, unions): when the value has the
 * wrong type, the issue message is `expected <phrase>`, which the issue formatter turns into the
 * `expected` part of a `UserError`.
 */
export function expecting(phrase: string): { error: (iss: { code?: string }) => string | undefined } {
  return { error: (iss) => (iss.code === 'invalid_type' ? EXPECTING_PREFIX + phrase : undefined) };
}

/**
 * Options for refinements that relate several fields (min ≤ max, rate xor interarrival, names
 * unique): they run only once every field below them is valid, so one mistake is reported once
 * and not again as a broken relation.
 */
export const WHEN_FIELDS_VALID = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/** The message of a required field that is absent (the issue formatter recognises it). */
export const MISSING = 'is missing';

/** Allowed range of a numeric field. `gt` is a strict lower bound, `min`/`max` inclusive. */
export interface Range {
  readonly min?: number;
  readonly gt?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/** `≥ 1`, `> 0`, `between 0 and 1` — the range part of an expectation phrase. */
function rangePhrase(r: Range): string {
  if (r.min !== undefined && r.max !== undefined) return ` between ${r.min} and ${r.max}`;
  const parts: string[] = [];
  if (r.gt !== undefined) parts.push(`> ${r.gt}`);
  if (r.min !== undefined) parts.push(`≥ ${r.min}`);
  if (r.max !== undefined) parts.push(`≤ ${r.max}`);
  return parts.length > 0 ? ` ${parts.join(' and ')}` : '';
}

function outOfRange(value: number, r: Range): string | undefined {
  if (r.integer && !Number.isInteger(value)) return 'must be a whole number';
  if (r.integer && !Number.isSafeInteger(value)) return 'is too large to be exact';
  if (r.gt !== undefined && !(value > r.gt)) return `must be > ${r.gt}`;
  if (r.min !== undefined && !(value >= r.min)) return `must be ≥ ${r.min}`;
  if (r.max !== undefined && !(value <= r.max)) return `must be ≤ ${r.max}`;
  return undefined;
}

function shown(input: unknown): string {
  return typeof input === 'string' ? `'${input}'` : String(input);
}

/** JSON Schema numeric keywords for a range (applied to the number branch of a field). */
function jsonRange(r: Range): Record<string, number> {
  const out: Record<string, number> = {};
  if (r.gt !== undefined) out.exclusiveMinimum = r.gt;
  if (r.min !== undefined) out.minimum = r.min;
  if (r.max !== undefined) out.maximum = r.max;
  return out;
}

interface LeafSpec<T> {
  /** The expectation phrase, e.g. `a duration > 0 such as 250ms, 10m, 2h`. */
  readonly expected: string;
  /** What the JSON Schema says about accepted inputs. */
  readonly json: Record<string, unknown>;
  /** Parses a present, non-null input. */
  readonly read: (input: unknown) => { ok: true; value: T } | { ok: false; problem: string; hint?: string };
}

/**
 * A field that parses its own input and reports problems as custom issues. Missing and empty
 * values are problems too, so a field is required unless wrapped in `.optional()`/`.prefault()`.
 */
export function leaf<T>(spec: LeafSpec<T>) {
  return z
    .unknown()
    .transform((input, ctx): T => {
      const problem = (message: string, hint?: string): never => {
        ctx.addIssue({ code: 'custom', message, input, params: { expected: spec.expected, hint } });
        return z.NEVER as never;
      };
      if (input === undefined) return problem(MISSING);
      if (input === null) return problem('has no value');
      const r = spec.read(input);
      return r.ok ? r.value : problem(r.problem, r.hint);
    })
    .meta(spec.json);
}

function quantity(parse: (input: unknown) => UnitParse, noun: string, example: string, pattern: string, r: Range) {
  const expected = `${r.integer ? 'a whole number' : noun}${rangePhrase(r)} ${example}`;
  return leaf<number>({
    expected,
    json: { anyOf: [{ type: r.integer ? 'integer' : 'number', ...jsonRange(r) }, { type: 'string', pattern }] },
    read: (input) => {
      const p = parse(input);
      if (!p.ok) return p;
      const bad = outOfRange(p.value, r);
      return bad ? { ok: false, problem: `${bad}, got ${shown(input)}` } : p;
    },
  });
}

/** A duration in seconds, written `250ms`, `1.5s`, `10m`, `2h`, `7d` or as a bare number of seconds. Default range: ≥ 0. */
export function durationField(r: Range = { min: 0 }) {
  return quantity(parseDuration, 'a duration', UNIT_EXAMPLES.duration, UNIT_PATTERNS.duration, r);
}

/** A count, written `8`, `2k`, `3M`, `1.5G`, `1e9`. Default range: ≥ 0. */
export function countField(r: Range = { min: 0 }) {
  return quantity(parseCount, 'a count', UNIT_EXAMPLES.count, UNIT_PATTERNS.count, r);
}

/** A rate in events per second, written `7.2/s`, `300/min`, `5k/h`, `100/d` or a bare number per second. Default range: > 0. */
export function rateField(r: Range = { gt: 0 }) {
  return quantity(parseRate, 'a rate', UNIT_EXAMPLES.rate, UNIT_PATTERNS.rate, r);
}

/** A size in bytes, written `80GB`, `256GiB`, `2TB` or a bare number of bytes. Default range: ≥ 0. */
export function bytesField(r: Range = { min: 0 }) {
  return quantity(parseBytes, 'a size', BYTE_EXAMPLES.bytes, BYTE_PATTERNS.bytes, r);
}

/** A bandwidth in bytes per second, written `25GB/s`, `3.35TB/s` or a bare number. Default range: > 0. */
export function bandwidthField(r: Range = { gt: 0 }) {
  return quantity(parseBandwidth, 'a bandwidth', BYTE_EXAMPLES.bandwidth, BYTE_PATTERNS.bandwidth, r);
}

/** A plain number without unit (a shape parameter, a probability, a weight). */
export function numberField(r: Range = {}, what = r.integer ? 'a whole number' : 'a number') {
  const expected = `${what}${rangePhrase(r)}`;
  return leaf<number>({
    expected,
    json: { type: r.integer ? 'integer' : 'number', ...jsonRange(r) },
    read: (input) => {
      if (typeof input !== 'number') return { ok: false, problem: `${describeValue(input)} is not a number` };
      if (!Number.isFinite(input)) return { ok: false, problem: `${input} is not a finite number` };
      const bad = outOfRange(input, r);
      return bad ? { ok: false, problem: `${bad}, got ${input}` } : { ok: true, value: input };
    },
  });
}

/** A probability with a default, for settings whose description states it. */
export function probabilityField(what: string, d: number) {
  return numberField({ min: 0, max: 1 }, 'a probability').prefault(d).describe(`${what}; a probability between 0 and 1. Default ${d}.`);
}

/** The problem with a non-text value where text belongs; YAML reads `2024` and `yes`-like words as other types. */
function notText(input: unknown, noun: string): { ok: false; problem: string; hint?: string } {
  if (typeof input === 'number' || typeof input === 'boolean') {
    return { ok: false, problem: `${String(input)} reads as a ${typeof input}, not ${noun}`, hint: `put it in quotes: "${String(input)}"` };
  }
  return { ok: false, problem: `${describeValue(input)} is not ${noun}` };
}

/** The characters a name may use: it becomes part of file names, column names and `--set` paths. */
export const NAME_PATTERN = '^[A-Za-z0-9_.-]+$';
const NAME_RE = new RegExp(NAME_PATTERN);

/** A name: letters, digits, `_`, `.`, `-`. */
export function nameField() {
  return leaf<string>({
    expected: "a name of letters, digits, '_', '.' and '-'",
    json: { type: 'string', pattern: NAME_PATTERN },
    read: (input) => {
      if (typeof input !== 'string') return notText(input, 'a name');
      if (!NAME_RE.test(input)) return { ok: false, problem: `'${input}' has characters a name cannot have` };
      return { ok: true, value: input };
    },
  });
}

/** One of a fixed set of words (a policy, a mode); an unknown word gets the list and a did-you-mean. */
export function choiceField<const T extends string>(options: readonly T[], noun: string) {
  return leaf<T>({
    expected: `one of ${options.join(', ')}`,
    json: { type: 'string', enum: [...options] },
    read: (input) => {
      if (typeof input !== 'string') return notText(input, noun);
      if ((options as readonly string[]).includes(input)) return { ok: true, value: input as T };
      return { ok: false, problem: `unknown ${noun} '${input}'`, hint: suggestionHint(input, options, `${noun}s`) };
    },
  });
}

/** true or false. */
export function booleanField() {
  return leaf<boolean>({
    expected: 'true or false',
    json: { type: 'boolean' },
    read: (input) => (typeof input === 'boolean' ? { ok: true, value: input } : { ok: false, problem: `${describeValue(input)} is not true or false` }),
  });
}

/** Free text. */
export function textField() {
  return leaf<string>({
    expected: 'text',
    json: { type: 'string' },
    read: (input) => (typeof input === 'string' ? { ok: true, value: input } : notText(input, 'text')),
  });
}

/** A mapping with exactly these keys (unknown keys are errors, with a did-you-mean). */
export function section<Shape extends z.ZodRawShape>(shape: Shape, expected: string) {
  return z.strictObject(shape, expecting(expected));
}

/** A list of items; `min` items at least (reported as one clear sentence, not zod's "too small"). */
export function listOf<Item extends z.ZodType>(item: Item, opts: { noun: string; min?: number; expected?: string }) {
  const min = opts.min ?? 0;
  const expected = opts.expected ?? `a list of ${opts.noun}s`;
  return z
    .array(item, expecting(expected))
    .superRefine((items, ctx) => {
      if (items.length < min) {
        ctx.addIssue({
          code: 'custom',
          message: min === 1 ? `needs at least one ${opts.noun}` : `needs at least ${min} ${opts.noun}s, got ${items.length}`,
          input: items,
          params: { expected },
        });
      }
    }, WHEN_FIELDS_VALID)
    .meta(min > 0 ? { minItems: min } : {});
}
