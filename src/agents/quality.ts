/**
 * The quality model: the probability that one model call does what it was asked. It rises with
 * the model's capability and with the tokens the call spends, and falls with the call's
 * difficulty — a logistic in both, so each effect moves the log-odds additively:
 *
 *   P(success) = σ( a·(capability − difficulty) + b·ln(tokens / t_ref) + c )
 *
 * - `a` (capabilityWeight): log-odds per unit of capability above the difficulty. Capabilities
 *   are MMLU/100 (catalog), so the 8B → 70B gap of 0.142 is 1.4 log-odds at a = 10 (the odds of
 *   success ×4).
 * - `b` (tokenElasticity): log-odds per e-fold of output tokens — test-time scaling; at b = 1 a
 *   call that thinks twice as long has twice the odds. b = 0 switches the token effect off.
 * - `t_ref` (referenceTokens): the output length at which the token term is zero.
 * - `c` (bias): shifts every call.
 *
 * The defaults are illustrative, not calibrated to a benchmark: they make the effects visible in
 * the ranges the catalog spans, and they are scenario fields so a study can vary them (how much of
 * the variance in goal success tokens explain depends on `a` and `b`).
 */

/** Parameters of the quality model (see the file comment). */
export interface QualityModel {
  readonly capabilityWeight: number;
  readonly tokenElasticity: number;
  readonly referenceTokens: number;
  readonly bias: number;
}

/** The defaults (illustrative; see the file comment). */
export const DEFAULT_QUALITY: QualityModel = Object.freeze({ capabilityWeight: 10, tokenElasticity: 1, referenceTokens: 500, bias: 0 });

/** The logistic function 1 / (1 + e^−x). */
export function logistic(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** P(a call succeeds) for a model of `capability` on a call of `difficulty` that spent `tokens` output tokens (≥ 1). */
export function successProbability(q: QualityModel, capability: number, difficulty: number, tokens: number): number {
  const t = tokens > 1 ? tokens : 1;
  return logistic(q.capabilityWeight * (capability - difficulty) + q.tokenElasticity * Math.log(t / q.referenceTokens) + q.bias);
}
