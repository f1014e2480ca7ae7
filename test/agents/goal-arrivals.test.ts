import { describe, expect, it } from 'vitest';
import { GoalArrivals, type GoalArrivalSpec } from '../../src/agents/goal-arrivals.js';
import { KeyedUniform } from '../../src/agents/keyed-uniform.js';

const spec: GoalArrivalSpec = { process: 'poisson', rate: 1 / 3600, amplitude: 0.5, peak: 14 * 3600, period: 86400, burstFactor: 10, burstShare: 0.1, burstLength: 600 };

/** Arrival times over [0, horizon). */
function times(s: GoalArrivalSpec, agents: number, horizon: number, seed = 1): number[] {
  const a = new GoalArrivals(s, agents, new KeyedUniform(seed).next);
  const out: number[] = [];
  for (let t = a.next(0); t < horizon; t = a.next(t)) out.push(t);
  return out;
}

describe('goal arrivals', () => {
  const days = 20;
  const horizon = days * 86400;

  it('poisson: rate × agents goals per second, exponential gaps (cv 1)', () => {
    const t = times(spec, 100, horizon);
    const expected = (100 / 3600) * horizon;
    expect(Math.abs(t.length - expected) / expected).toBeLessThan(0.02);
    const gaps = t.slice(1).map((x, i) => x - t[i]);
    const m = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - m) ** 2, 0) / (gaps.length - 1));
    expect(sd / m).toBeCloseTo(1, 1);
  });

  it('diurnal: the same daily mean, peak hour (1 + A)/(1 − A) times busier than the trough', () => {
    const t = times({ ...spec, process: 'diurnal', amplitude: 0.6 }, 100, horizon);
    const expected = (100 / 3600) * horizon;
    expect(Math.abs(t.length - expected) / expected).toBeLessThan(0.02);
    const hour = (h: number) => t.filter((x) => Math.abs((((x - h * 3600) % 86400) + 86400) % 86400 - 1800) < 1800).length;
    const ratio = hour(13.5) / hour(1.5); // hours centred on the peak (14h) and the trough (2h)
    expect(ratio).toBeGreaterThan(3.2);
    expect(ratio).toBeLessThan(4.8); // (1.6/0.4 = 4, a little less over a whole hour)
  });

  it('bursty: the same long-run mean, far more variable counts than Poisson (index of dispersion ≫ 1)', () => {
    const t = times({ ...spec, process: 'bursty' }, 100, horizon);
    const expected = (100 / 3600) * horizon;
    expect(Math.abs(t.length - expected) / expected).toBeLessThan(0.08);
    const counts = new Float64Array(horizon / 600);
    for (const x of t) counts[Math.floor(x / 600)]++;
    const m = counts.reduce((s, c) => s + c, 0) / counts.length;
    const v = counts.reduce((s, c) => s + (c - m) ** 2, 0) / (counts.length - 1);
    expect(v / m).toBeGreaterThan(5);
    const poisson = times(spec, 100, horizon);
    const pc = new Float64Array(horizon / 600);
    for (const x of poisson) pc[Math.floor(x / 600)]++;
    const pm = pc.reduce((s, c) => s + c, 0) / pc.length;
    expect(pc.reduce((s, c) => s + (c - pm) ** 2, 0) / (pc.length - 1) / pm).toBeCloseTo(1, 0);
  });
});
