import { describe, expect, it } from 'vitest';
import { Welford } from '../../src/metrics/welford.js';

function twoPass(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const ss = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
  return { mean, variance: ss / (xs.length - 1) };
}

describe('Welford', () => {
  it('gives the textbook mean and sample variance of known data', () => {
    const w = new Welford();
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) w.add(x);
    expect(w.count).toBe(8);
    expect(w.mean).toBe(5);
    expect(w.variance).toBeCloseTo(32 / 7, 14);
    expect(w.populationVariance).toBeCloseTo(4, 14);
    expect(w.sd).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(w.min).toBe(2);
    expect(w.max).toBe(9);
  });

  it('matches a two-pass computation where a sum of squares would cancel catastrophically', () => {
    // A large offset with small spread: Σx² − n·mean² loses every digit here.
    const xs = Array.from({ length: 1000 }, (_, i) => 1e9 + ((i * 37) % 101) / 10);
    const w = new Welford();
    for (const x of xs) w.add(x);
    const ref = twoPass(xs);
    expect(Math.abs(w.mean - ref.mean) / ref.mean).toBeLessThan(1e-14);
    expect(Math.abs(w.variance - ref.variance) / ref.variance).toBeLessThan(1e-8);
  });

  it('merging two accumulators equals accumulating all the data (Chan et al.)', () => {
    const xs = Array.from({ length: 301 }, (_, i) => Math.sin(i) * 10 + i / 7);
    const all = new Welford();
    const a = new Welford();
    const b = new Welford();
    xs.forEach((x, i) => {
      all.add(x);
      (i < 120 ? a : b).add(x);
    });
    a.merge(b);
    expect(a.count).toBe(all.count);
    expect(a.mean).toBeCloseTo(all.mean, 12);
    expect(a.variance).toBeCloseTo(all.variance, 10);
    expect(a.min).toBe(all.min);
    expect(a.max).toBe(all.max);
  });

  it('merging with an empty accumulator changes nothing, in either direction', () => {
    const a = new Welford();
    for (const x of [1, 2, 3]) a.add(x);
    const empty = new Welford();
    a.merge(empty);
    expect([a.count, a.mean, a.variance]).toEqual([3, 2, 1]);
    empty.merge(a);
    expect([empty.count, empty.mean, empty.variance]).toEqual([3, 2, 1]);
  });

  it('reports NaN variance below two observations, and reset forgets everything', () => {
    const w = new Welford();
    expect(w.variance).toBeNaN();
    expect(w.meanOrNaN).toBeNaN();
    w.add(3);
    expect(w.variance).toBeNaN();
    expect(w.meanOrNaN).toBe(3);
    w.reset();
    expect(w.count).toBe(0);
    expect(w.min).toBe(Infinity);
  });
});
