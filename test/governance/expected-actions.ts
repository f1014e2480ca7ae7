/**
 * The closed form of actions (subtask attempts) per goal of a goal program whose subtasks are
 * independent: N subtasks (Poisson, mean μ), each with a difficulty d drawn once and up to r + 1
 * attempts; an attempt succeeds with probability q(d) = p̄(d)·(1 − b), where p̄(d) is the quality
 * model's success probability averaged over the act output distribution and b the probability
 * that governance blocks the attempt's action (share × violationRate × catch). The first subtask
 * that fails all its attempts ends the goal. With s(d) = 1 − (1 − q)^(r+1) (a subtask succeeds)
 * and E[attempts | d] = s(d)/q(d):
 *
 *   E[actions | N] = m · Σ_{i<N} s̄^i = m (1 − s̄^N)/(1 − s̄),   m = E_d[s/q], s̄ = E_d[s]
 *   E[actions]     = m (1 − e^{−μ(1 − s̄)})/(1 − s̄)            (N ~ Poisson(μ): E[s̄^N] = e^{−μ(1−s̄)})
 *
 * Integrals by the midpoint rule: d uniform on [dMin, dMax]; output lognormal (mean, cv) over
 * z ∈ [−8, 8] of the standard normal.
 */
import { successProbability, type QualityModel } from '../../src/agents/quality.js';

export interface ProgramShape {
  quality: QualityModel;
  capability: number;
  subtasksMean: number;
  retries: number;
  difficulty: { min: number; max: number };
  output: { mean: number; cv: number };
  /** Probability that governance blocks an action. */
  blocked: number;
}

export function expectedActionsPerGoal(p: ProgramShape): number {
  const sigma2 = Math.log(1 + p.output.cv ** 2);
  const sigma = Math.sqrt(sigma2);
  const mu = Math.log(p.output.mean) - sigma2 / 2;
  const dz = 0.01;
  const nd = 400;
  let m = 0, sBar = 0;
  for (let i = 0; i < nd; i++) {
    const d = p.difficulty.min + ((i + 0.5) / nd) * (p.difficulty.max - p.difficulty.min);
    let pBar = 0, wSum = 0;
    for (let z = -8 + dz / 2; z < 8; z += dz) {
      const w = Math.exp(-z * z / 2);
      const out = Math.max(1, Math.round(Math.exp(mu + sigma * z)));
      pBar += w * successProbability(p.quality, p.capability, d, out);
      wSum += w;
    }
    const q = (pBar / wSum) * (1 - p.blocked);
    const s = 1 - (1 - q) ** (p.retries + 1);
    m += (q > 0 ? s / q : p.retries + 1) / nd;
    sBar += s / nd;
  }
  return (m * (1 - Math.exp(-p.subtasksMean * (1 - sBar)))) / (1 - sBar);
}
