/**
 * Plain validators for catalog entries: the built-in tables are checked with them, and the two
 * rules that span fields ({@link idleAboveTdp}, {@link headsNotGrouped}) are shared with the
 * scenario schema, which validates a scenario's own accelerators and models field by field and
 * attaches file/line/path to these sentences.
 */
import type { Accelerator } from './accelerators.js';
import type { ModelSpec } from './models.js';
import type { ApiPrice } from './api-prices.js';

type Rule = [field: string, ok: (v: unknown) => boolean, expected: string];

const isPositive = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isNonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const isName = (v: unknown): boolean => typeof v === 'string' && v.trim().length > 0;
const isFraction = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v <= 1;

function firstProblem(what: string, value: unknown, rules: readonly Rule[]): string | null {
  if (typeof value !== 'object' || value === null) return `${what} must be an object`;
  const rec = value as Record<string, unknown>;
  for (const [field, ok, expected] of rules) {
    if (!ok(rec[field])) return `${what} field '${field}' must be ${expected}, got ${describe(rec[field])}`;
  }
  return null;
}

function describe(v: unknown): string {
  return v === undefined ? 'nothing' : typeof v === 'string' ? `'${v}'` : String(v);
}

const ACCELERATOR_RULES: readonly Rule[] = [
  ['name', isName, 'a non-empty name'],
  ['flops', isPositive, 'a positive number (dense BF16 FLOP/s)'],
  ['hbmBytes', isPositive, 'a positive number (bytes)'],
  ['hbmBandwidth', isPositive, 'a positive number (bytes/s)'],
  ['tdpW', isPositive, 'a positive number (W)'],
  ['idleW', isNonNegative, 'a number ≥ 0 (W)'],
  ['usdPerHour', isNonNegative, 'a number ≥ 0 (USD per accelerator-hour)'],
  ['linkBandwidth', isPositive, 'a positive number (bytes/s)'],
  ['gpusPerNode', isCount, 'a whole number ≥ 1'],
];

/** The first problem with a scenario-defined accelerator, or null when it is usable. */
export function checkAccelerator(a: unknown): string | null {
  const problem = firstProblem('accelerator', a, ACCELERATOR_RULES);
  if (problem !== null) return problem;
  const acc = a as Accelerator;
  const power = idleAboveTdp(acc.idleW, acc.tdpW);
  return power === null ? null : `accelerator '${acc.name}': ${power}`;
}

/** An accelerator drawing more idle than at full load: the problem as a sentence, or null. */
export function idleAboveTdp(idleW: number, tdpW: number): string | null {
  return idleW > tdpW ? `idleW (${idleW}) must not exceed tdpW (${tdpW})` : null;
}

/** Grouped-query attention shares each KV head among a whole number of query heads: the problem, or null. */
export function headsNotGrouped(heads: number, kvHeads: number): string | null {
  return kvHeads > heads || heads % kvHeads !== 0 ? `heads (${heads}) must be a whole multiple of kvHeads (${kvHeads})` : null;
}

const MODEL_RULES: readonly Rule[] = [
  ['name', isName, 'a non-empty name'],
  ['params', isPositive, 'a positive number of parameters'],
  ['layers', isCount, 'a whole number ≥ 1'],
  ['hiddenSize', isCount, 'a whole number ≥ 1'],
  ['heads', isCount, 'a whole number ≥ 1'],
  ['kvHeads', isCount, 'a whole number ≥ 1'],
  ['headDim', isCount, 'a whole number ≥ 1'],
  ['bytesPerParam', isPositive, 'a positive number (2 for BF16, 1 for FP8)'],
  ['kvBytesPerToken', isPositive, 'a positive number (bytes; layers·kvHeads·headDim·2·2 for a BF16 cache)'],
  ['capability', isFraction, 'a number from 0 to 1'],
  ['apiClass', isName, 'a non-empty price class name'],
];

/** The first problem with a scenario-defined model, or null when it is usable. */
export function checkModel(m: unknown): string | null {
  const problem = firstProblem('model', m, MODEL_RULES);
  if (problem !== null) return problem;
  const spec = m as ModelSpec;
  const heads = headsNotGrouped(spec.heads, spec.kvHeads);
  return heads === null ? null : `model '${spec.name}': ${heads}`;
}

const PRICE_RULES: readonly Rule[] = [
  ['apiClass', isName, 'a non-empty price class name'],
  ['inputPerMTok', isNonNegative, 'a number ≥ 0 (USD per million tokens)'],
  ['cachedInputPerMTok', isNonNegative, 'a number ≥ 0 (USD per million tokens)'],
  ['outputPerMTok', isNonNegative, 'a number ≥ 0 (USD per million tokens)'],
];

/** The first problem with a scenario-defined API price, or null when it is usable. */
export function checkApiPrice(p: unknown): string | null {
  return firstProblem('API price', p, PRICE_RULES);
}
