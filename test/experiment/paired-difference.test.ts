import { describe, expect, it } from 'vitest';
import { pairedDifference, unpairedDifference } from '../../src/experiment/paired-difference.js';
import { paretoFront } from '../../src/experiment/pareto.js';
import { compareRuns } from '../../src/experiment/compare.js';
import { checkRegressions, parseThreshold, type Threshold } from '../../src/experiment/regression-check.js';
import { UserError } from '../../src/errors.js';

describe('paired difference', () => {
  it('matches a hand computation: t(0.975, 3) = 3.182446', () => {
    const b = [10, 12, 11, 13];
    const x = [11, 13.5, 11.5, 14];
    const d = pairedDifference(b, x);
    // d = [1, 1.5, 0.5, 1]: mean 1, sd 0.408248
    expect(d.n).toBe(4);
    expect(d.diff).toBeCloseTo(1, 12);
    expect(d.diffHalf).toBeCloseTo((3.182446305284263 * 0.408248290463863) / 2, 9);
    expect(d.ratio).toBeCloseTo(50 / 46, 12);
    expect(d.ratioLo).toBeLessThan(d.ratio);
    expect(d.ratioHi).toBeGreaterThan(d.ratio);
  });

  it('is far narrower than the unpaired interval when replicates move together', () => {
    const b = [1, 5, 9, 3, 7, 2];
    const x = b.map((v) => v + 0.5 + (v % 2) * 0.01);
    const d = pairedDifference(b, x);
    expect(d.diffHalf).toBeLessThan(d.unpairedHalf / 50);
    expect(unpairedDifference(b, x).diffHalf).toBeCloseTo(d.unpairedHalf, 12);
  });

  it("Welch's interval matches a hand computation: equal variances give df = 2(n − 1)", () => {
    // sd 1 on both sides, n = 3: se = √(1/3 + 1/3), df = 4, t(0.975, 4) = 2.776445 (tables)
    const half = 2.776445105 * Math.sqrt(2 / 3);
    const u = unpairedDifference([1, 2, 3], [11, 12, 13]);
    expect(u.diff).toBe(10);
    expect(u.diffHalf).toBeCloseTo(half, 6);
    expect(pairedDifference([1, 2, 3], [11, 12, 13]).unpairedHalf).toBeCloseTo(half, 6);
  });

  it('leaves out pairs with a non-finite value', () => {
    expect(pairedDifference([1, NaN, 3], [2, 5, 4]).n).toBe(2);
  });

  it('with no pair at all (an undefined baseline), keeps each side\'s own mean and leaves the difference undefined', () => {
    const d = pairedDifference([NaN, NaN, NaN], [0.3, 0.4, NaN]);
    expect(d.n).toBe(0);
    expect(d.baselineMean).toBeNaN();
    expect(d.mean).toBeCloseTo(0.35, 12);
    expect(d.diff).toBeNaN();
    expect(d.ratio).toBeNaN();
  });
});

describe('Pareto front (both minimised)', () => {
  it('keeps the points nothing beats on both', () => {
    const xs = [1, 2, 3, 2, 4, 1];
    const ys = [5, 3, 1, 4, 1, 6];
    expect(paretoFront(xs, ys)).toEqual([true, true, true, false, false, false]);
    expect(paretoFront([1, 1, NaN], [2, 2, 0])).toEqual([true, true, false]);
  });
});

describe('compareRuns', () => {
  const runs = {
    variant: ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'],
    replicate: Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2]),
    seed: Float64Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1]),
    'x.wait_s': Float64Array.from([1, 2, 3, 0.5, 1.5, 2.5, 1, 2.1, 3]),
    'x.throughput_per_s': Float64Array.from([5, 6, 7, 5.5, 6.5, 7.5, 5, 6, 7.1]),
  };
  const metrics = ['x.wait_s', 'x.throughput_per_s'];

  it('compares every variant with the baseline; verdicts follow the better direction', () => {
    const c = compareRuns(runs, metrics, { baseline: 'a', pareto: ['x.wait_s', 'x.throughput_per_s'] });
    const row = (v: string, m: string) => c.rows.find((r) => r.variant === v && r.metric === m)!;
    expect(row('b', 'x.wait_s').diff).toBeCloseTo(-0.5, 12);
    expect(row('b', 'x.wait_s').diffHalf).toBeCloseTo(0, 12);
    expect(row('b', 'x.wait_s').verdict).toBe(1);
    expect(row('b', 'x.throughput_per_s').verdict).toBe(1);
    expect(row('c', 'x.wait_s').verdict).toBe(0);
    expect(c.pareto?.front).toEqual(['b']);
  });

  it('refuses an unknown baseline or metric with a did-you-mean', () => {
    expect(() => compareRuns(runs, metrics, { baseline: 'd' })).toThrow(UserError);
    let error: unknown;
    try {
      compareRuns(runs, metrics, { metrics: ['x.wiat_s'], from: { metrics: { file: '--metric' } } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).format()).toMatch(/--metric: error: metric: no metric matches 'x.wiat_s'[\s\S]*did you mean 'x.wait_s'/);
  });
});

describe('regression check', () => {
  const base = {
    variant: ['v', 'v', 'v', 'v'],
    replicate: Int32Array.from([0, 1, 2, 3]),
    seed: Float64Array.from([1, 1, 1, 1]),
    'cost_usd': Float64Array.from([100, 110, 90, 105]),
    'x.throughput_per_s': Float64Array.from([10, 11, 9, 10]),
  };
  const t = (s: string) => parseThreshold(s) as Threshold;

  it('parses METRIC=5% and METRIC=0.2', () => {
    expect(parseThreshold('cost_usd=5%')).toMatchObject({ pattern: 'cost_usd', relative: true, limit: 0.05 });
    expect(parseThreshold('a.b=0.2')).toMatchObject({ relative: false, limit: 0.2 });
    expect(parseThreshold('cost_usd')).toMatch(/not METRIC=LIMIT/);
  });

  it('identical results pass; a real regression beyond threshold and CI fails; noise does not', () => {
    expect(checkRegressions(base, base, [t('cost_usd=5%')]).some((r) => r.regressed)).toBe(false);
    const worse = { ...base, cost_usd: Float64Array.from([110, 121, 99.5, 115]) };
    const rows = checkRegressions(worse, base, [t('cost_usd=5%')]);
    expect(rows[0].paired).toBe(true);
    expect(rows[0].regressed).toBe(true);
    expect(checkRegressions(worse, base, [t('cost_usd=15%')])[0].regressed).toBe(false);
    // +7% on average but all over the place: not beyond its CI
    const noisy = { ...base, cost_usd: Float64Array.from([140, 90, 80, 140]) };
    expect(checkRegressions(noisy, base, [t('cost_usd=5%')])[0].regressed).toBe(false);
    // throughput: lower is worse
    const slower = { ...base, 'x.throughput_per_s': Float64Array.from([8, 9, 7, 8]) };
    expect(checkRegressions(slower, base, [t('x.throughput_per_s=5%')])[0].regressed).toBe(true);
  });
});
