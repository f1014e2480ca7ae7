import { describe, expect, it } from 'vitest';
import { VersionClock } from '../../src/discovery/version-clock.js';
import { hashUniform } from '../../src/kernel/counter-hash.js';

describe('VersionClock', () => {
  it('P(stale after age a) = 1 − exp(−churn·a), over 20k providers', () => {
    const churn = 3 / 86400; // three versions a day
    const clock = new VersionClock(churn, 12345);
    const n = 20_000;
    for (const x of [0.05, 0.3, 1, 2.5]) {
      const age = x / churn;
      let stale = 0;
      for (let p = 0; p < n; p++) {
        const start = hashUniform(7, p) * 30 * 86400; // bindings made at scattered times
        if (clock.changedIn(p, start, start + age)) stale++;
      }
      const expected = 1 - Math.exp(-x);
      const sd = Math.sqrt((expected * (1 - expected)) / n);
      expect(Math.abs(stale / n - expected)).toBeLessThan(4 * sd);
    }
  });

  it('answers consistently: (a, b] changed iff (a, m] or (m, b] did', () => {
    const clock = new VersionClock(1 / 3600, 99);
    for (let i = 0; i < 5000; i++) {
      const p = Math.floor(hashUniform(1, i) * 1e7);
      const a = hashUniform(2, i) * 1e5;
      const m = a + hashUniform(3, i) * 7200;
      const b = m + hashUniform(4, i) * 7200;
      expect(clock.changedIn(p, a, b)).toBe(clock.changedIn(p, a, m) || clock.changedIn(p, m, b));
    }
  });

  it('versions per slot are Poisson(1): mean 1 and P(0) = 1/e', () => {
    const clock = new VersionClock(1, 5);
    let sum = 0, zeros = 0;
    const n = 50_000;
    for (let k = 0; k < n; k++) {
      const v = clock.versionsIn(k % 97, k);
      sum += v;
      if (v === 0) zeros++;
    }
    expect(Math.abs(sum / n - 1)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(zeros / n - Math.exp(-1))).toBeLessThan(4 * Math.sqrt(0.23 / n));
  });

  it('no churn, no change; a bad churn is refused', () => {
    const clock = new VersionClock(0, 1);
    expect(clock.changedIn(5, 0, 1e9)).toBe(false);
    expect(() => new VersionClock(-1, 1)).toThrow(RangeError);
  });
});
