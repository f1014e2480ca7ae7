import { describe, expect, it } from 'vitest';
import { summarise } from '../../src/experiment/summary.js';

describe('summarise', () => {
  it('gives mean, sample sd and the t-interval on a hand-computed sample', () => {
    // values 2,4,4,4,5,5,7,9: mean 5, sum of squared deviations 32, sample variance 32/7
    const s = summarise([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.n).toBe(8);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    // t(0.975, 7) = 2.364624
    const half = (2.364624 * Math.sqrt(32 / 7)) / Math.sqrt(8);
    expect(s.ci95Half).toBeCloseTo(half, 5);
    expect(s.ci95Lo).toBeCloseTo(5 - half, 5);
    expect(s.ci95Hi).toBeCloseTo(5 + half, 5);
  });

  it('leaves out non-finite values and has no interval for one value', () => {
    const s = summarise([3, NaN, Infinity]);
    expect(s.n).toBe(1);
    expect(s.mean).toBe(3);
    expect(Number.isNaN(s.ci95Half)).toBe(true);
  });

  it('keeps precision on large values with tiny spread (no sums of squares)', () => {
    const s = summarise([1e9 + 1, 1e9 + 2, 1e9 + 3]);
    expect(s.sd).toBeCloseTo(1, 9);
  });
});
