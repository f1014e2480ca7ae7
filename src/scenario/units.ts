/**
 * Quantities with units as a person writes them in a scenario, resolved to base units: durations to
 * seconds, counts to plain numbers, rates to events per second. A parse either yields a value or a
 * sentence saying what is wrong (and, when it can, a hint), which the schema turns into an error
 * with a file location.
 */

import { describeValue } from './describe-value.js';
import { suggestionHint } from './did-you-mean.js';

/** The outcome of reading one quantity: its value in base units, or what is wrong with it. */
export type UnitParse = { ok: true; value: number } | { ok: false; problem: string; hint?: string };

/** Seconds per duration unit. `m` is minutes (there are no metres in a datacenter schedule). */
export const DURATION_UNITS: Readonly<Record<string, number>> = Object.freeze({
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  min: 60,
  h: 3600,
  d: 86400,
  w: 604800,
});

/** Multipliers of count suffixes (SI, upper case from M on so `m` is never mistaken for milli or minutes). */
export const COUNT_SUFFIXES: Readonly<Record<string, number>> = Object.freeze({
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
});

/** Phrases naming what a well-formed quantity looks like, for `expected` in errors. */
export const UNIT_EXAMPLES = Object.freeze({
  duration: 'such as 250ms, 10m, 2h',
  count: 'such as 8, 2k, 1e3',
  rate: 'such as 7.2/s, 300/min, 5k/h',
});

/** A decimal number with optional exponent; `_` may group digits (1_000_000) as in code. Read with {@link readNumber}. */
export const NUMBER_PATTERN = String.raw`[+-]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?`;
const WORD = String.raw`[A-Za-zµ]+`;

/** A number with an optional unit word: a duration or a count (which one, the word decides). */
const QUANTITY_RE = new RegExp(`^(${NUMBER_PATTERN})\\s*(${WORD})?$`);
const RATE_RE = new RegExp(`^(${NUMBER_PATTERN})\\s*(${WORD})?\\s*/\\s*(${WORD})$`);

const alternatives = (units: Readonly<Record<string, number>>): string => Object.keys(units).join('|');

/**
 * Regular expressions (JSON Schema `pattern` strings) that accept exactly the texts the parsers
 * read, so an editor flags a malformed quantity while it is typed.
 */
export const UNIT_PATTERNS = Object.freeze({
  duration: `^\\s*${NUMBER_PATTERN}\\s*(?:${alternatives(DURATION_UNITS)})?\\s*$`,
  count: `^\\s*${NUMBER_PATTERN}\\s*(?:${alternatives(COUNT_SUFFIXES)})?\\s*$`,
  rate: `^\\s*${NUMBER_PATTERN}\\s*(?:(?:${alternatives(COUNT_SUFFIXES)})?\\s*/\\s*(?:${alternatives(DURATION_UNITS)}))?\\s*$`,
});

/** The number a {@link NUMBER_PATTERN} match spells. */
export function readNumber(text: string): number {
  return Number(text.replace(/_/g, ''));
}

/** `value` if it is finite, else the problem with `shown` (the input as the person wrote it). */
export function finite(value: number, shown: string): UnitParse {
  if (Number.isFinite(value)) return { ok: true, value };
  return { ok: false, problem: `${shown} is not a finite number` };
}

/** What another kind of quantity the text looks like, so "8s" as a count says "that is a duration". */
function looksLike(text: string): 'duration' | 'count' | 'rate' | undefined {
  if (RATE_RE.test(text)) return 'rate';
  const m = QUANTITY_RE.exec(text);
  if (m && m[2] !== undefined) {
    if (m[2] in COUNT_SUFFIXES) return 'count';
    if (m[2] in DURATION_UNITS) return 'duration';
  }
  return undefined;
}

function unknownCountSuffix(input: string, suffix: string): UnitParse {
  return { ok: false, problem: `'${input}' has an unknown count suffix '${suffix}'`, hint: suggestionHint(suffix, Object.keys(COUNT_SUFFIXES), 'count suffixes') };
}

/** Reads a duration: `250ms`, `1.5s`, `10m`, `2h`, `7d`, `3us`, or a bare number of seconds. */
export function parseDuration(input: unknown): UnitParse {
  if (typeof input === 'number') return finite(input, String(input));
  if (typeof input !== 'string') return { ok: false, problem: `${describeValue(input)} is not a duration` };
  const text = input.trim();
  const m = QUANTITY_RE.exec(text);
  if (m) {
    const unit = m[2];
    if (unit === undefined) return finite(readNumber(m[1]), `'${input}'`);
    const scale = DURATION_UNITS[unit];
    if (scale !== undefined) return finite(readNumber(m[1]) * scale, `'${input}'`);
    if (unit in COUNT_SUFFIXES) {
      return { ok: false, problem: `'${input}' is a count, not a duration`, hint: `duration units: ${Object.keys(DURATION_UNITS).join(', ')}` };
    }
    return {
      ok: false,
      problem: `'${input}' has an unknown duration unit '${unit}'`,
      hint: suggestionHint(unit, Object.keys(DURATION_UNITS), 'duration units'),
    };
  }
  if (looksLike(text) === 'rate') return { ok: false, problem: `'${input}' is a rate, not a duration` };
  return { ok: false, problem: `'${input}' is not a duration` };
}

/** Reads a count: `8`, `2k`, `3M`, `1.5G`, `2T`, `1e9`, `1_000_000`. */
export function parseCount(input: unknown): UnitParse {
  if (typeof input === 'number') return finite(input, String(input));
  if (typeof input !== 'string') return { ok: false, problem: `${describeValue(input)} is not a count` };
  const text = input.trim();
  const m = QUANTITY_RE.exec(text);
  if (m) {
    const suffix = m[2];
    if (suffix === undefined) return finite(readNumber(m[1]), `'${input}'`);
    const scale = COUNT_SUFFIXES[suffix];
    if (scale !== undefined) return finite(readNumber(m[1]) * scale, `'${input}'`);
    if (suffix in DURATION_UNITS) {
      return {
        ok: false,
        problem: `'${input}' is a duration, not a count`,
        hint: `count suffixes: ${Object.keys(COUNT_SUFFIXES).join(', ')} (M, not m, for millions)`,
      };
    }
    return unknownCountSuffix(input, suffix);
  }
  if (looksLike(text) === 'rate') return { ok: false, problem: `'${input}' is a rate, not a count` };
  return { ok: false, problem: `'${input}' is not a count` };
}

/** Reads a rate: `7.2/s`, `300/min`, `5k/h`, `100/d`, or a bare number per second. */
export function parseRate(input: unknown): UnitParse {
  if (typeof input === 'number') return finite(input, String(input));
  if (typeof input !== 'string') return { ok: false, problem: `${describeValue(input)} is not a rate` };
  const text = input.trim();
  const m = RATE_RE.exec(text);
  if (m) {
    const [, num, suffix, unit] = m;
    const scale = suffix === undefined ? 1 : COUNT_SUFFIXES[suffix];
    if (scale === undefined) return unknownCountSuffix(input, suffix);
    const per = DURATION_UNITS[unit];
    if (per === undefined) {
      return {
        ok: false,
        problem: `'${input}' has an unknown time unit '${unit}'`,
        hint: suggestionHint(unit, Object.keys(DURATION_UNITS), 'time units'),
      };
    }
    return finite((readNumber(num) * scale) / per, `'${input}'`);
  }
  const plain = QUANTITY_RE.exec(text);
  if (plain && plain[2] === undefined) return finite(readNumber(plain[1]), `'${input}'`);
  const kind = looksLike(text);
  if (kind === 'duration') {
    return { ok: false, problem: `'${input}' is a duration, not a rate`, hint: `a rate is events per unit of time, such as 7.2/s` };
  }
  if (kind === 'count') {
    return { ok: false, problem: `'${input}' is a count, not a rate`, hint: `add the time unit, such as ${text}/s` };
  }
  return { ok: false, problem: `'${input}' is not a rate` };
}

/** Seconds written back in the largest whole unit (`7200` → `2h`, `90` → `90s`, `0.25` → `250ms`), for messages. */
export function formatDuration(seconds: number): string {
  const whole = (n: number) => Math.abs(n) >= 1 && Math.abs(n - Math.round(n)) < 1e-9 * Math.abs(n);
  for (const [unit, scale] of [['d', 86400], ['h', 3600], ['m', 60]] as const) {
    if (whole(seconds / scale)) return `${Math.round(seconds / scale)}${unit}`;
  }
  if (Math.abs(seconds) >= 1 || seconds === 0) return `${seconds}s`;
  for (const [unit, scale] of [['ms', 1e-3], ['us', 1e-6]] as const) {
    if (whole(seconds / scale)) return `${Math.round(seconds / scale)}${unit}`;
  }
  return `${seconds}s`;
}
