import { describe, expect, it } from 'vitest';
import { GoalArrivals, type GoalArrivalSpec } from '../../src/agents/goal-arrivals.js';
import { KeyedUniform } from '../../src/agents/keyed-uniform.js';

const spec: GoalArrivalSpec = { process: 'poisson', rate: 1 / 3600, amplitude: 0.5, peak: 14 * 3600, period: 86400, burstFactor: 10, burstShare: 0.1, burstLength: 600, trace: null };

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

  describe('trace', () => {
    const recorded = Float64Array.from([0, 1, 1, 4, 10]); // 5 requests over 10 s: P = 10·5/4 = 12.5 s
    const traceSpec = (over: Partial<GoalArrivalSpec['trace'] & object> = {}, rate = NaN): GoalArrivalSpec => ({
      ...spec,
      process: 'trace',
      rate,
      trace: { format: 'azure', file: 'x.csv', tracePath: null, limit: null, speedup: 1, loop: true, ...over },
    });
    const play = (s: GoalArrivalSpec, agents: number, n: number) => {
      const a = new GoalArrivals(s, agents, () => 0.5, recorded);
      const out: number[] = [];
      for (let i = 0, t = 0; i < n; i++) out.push((t = a.next(t)));
      return out;
    };

    it('replays the recorded times, then loops with period span·n/(n − 1), keeping the mean gap', () => {
      expect(play(traceSpec(), 7, 12)).toEqual([0, 1, 1, 4, 10, 12.5, 13.5, 13.5, 16.5, 22.5, 25, 26]);
    });

    it('speedup divides the times; a rate rescales them so the long-run mean is rate × agents', () => {
      expect(play(traceSpec({ speedup: 2 }), 1, 6)).toEqual([0, 0.5, 0.5, 2, 5, 6.25]);
      // 5 goals per 12.5 s period recorded; ask for 3 agents × 0.2/s = 0.6/s → period 5/0.6 s
      const t = play(traceSpec({}, 0.2), 3, 5 * 40 + 1);
      expect(t[200]).toBeCloseTo(40 * (5 / 0.6), 9);
      expect(t[1] / t[3]).toBeCloseTo(1 / 4, 12); // the shape is kept
    });

    it('without loop, no goal after the trace ends', () => {
      const a = new GoalArrivals(traceSpec({ loop: false }), 1, () => 0.5, recorded);
      const out: number[] = [];
      for (let t = a.next(0); t !== Infinity; t = a.next(t)) out.push(t);
      expect(out).toEqual([0, 1, 1, 4, 10]);
    });

    it('refuses a trace with fewer than two distinct times', () => {
      expect(() => new GoalArrivals(traceSpec(), 1, () => 0.5, Float64Array.from([3, 3]))).toThrow(/two distinct/);
    });
  });
});

describe('trace-driven goal arrivals in a run', () => {
  it('a cohort fed by the Azure trace receives exactly the goals the trace puts in the measured window', async () => {
    const { readFileSync } = await import('node:fs');
    const { runScenario, scalar } = await import('../helpers/run-scenario.js');
    // independent reading of the CSV: seconds of day of the first 200 timestamps
    const rows = readFileSync('scenarios/traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv', 'utf8').trim().split('\n').slice(1, 201);
    const sec = rows.map((r) => {
      const [h, m, s] = r.split(',')[0].split(' ')[1].split(':');
      return Number(h) * 3600 + Number(m) * 60 + Number(s);
    });
    const rel = sec.map((x) => (x - sec[0]) / 0.1); // speedup 0.1
    const period = (rel[199] * 200) / 199;
    let expected = 0;
    for (let k = 0; k * period < 3600; k++) for (const t of rel) if (k * period + t >= 600 && k * period + t < 3600) expected++;
    const r = runScenario('test/fixtures/scenarios/agents', 'trace-arrivals.yaml');
    expect(expected).toBeGreaterThan(300);
    expect(scalar(r, 'fn.goals_arrived')).toBe(expected);
    expect(scalar(r, 'fn.goals_completed')).toBeGreaterThan(0.9 * expected);
  });
});
