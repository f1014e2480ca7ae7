import { describe, expect, it } from 'vitest';
import { TimeWeighted } from '../../src/metrics/time-weighted.js';

// Step function: 0 on [0,1), 2 on [1,3), 5 on [3,4), 1 on [4,6] → area 0 + 4 + 5 + 2 = 11 over 6 s.
const steps: [number, number][] = [[1, 2], [3, 5], [4, 1]];

describe('TimeWeighted', () => {
  it('averages a hand-computed step function', () => {
    const tw = new TimeWeighted();
    for (const [t, v] of steps) tw.update(t, v);
    expect(tw.integral(6)).toBe(11);
    expect(tw.mean(6)).toBeCloseTo(11 / 6, 14);
    expect(tw.mean(4)).toBeCloseTo(9 / 4, 14);
    expect(tw.value).toBe(1);
  });

  it('after a reset at warm-up, averages only from the reset on; the integral keeps counting from 0', () => {
    const tw = new TimeWeighted();
    tw.update(1, 2);
    tw.reset(2); // value 2 carries on from t = 2
    tw.update(3, 5);
    tw.update(4, 1);
    // area on [2,6]: 2·1 + 5·1 + 1·2 = 9
    expect(tw.mean(6)).toBeCloseTo(9 / 4, 14);
    expect(tw.since).toBe(2);
    expect(tw.integral(6)).toBe(11);
  });

  it('several updates at one instant count only the last value', () => {
    const tw = new TimeWeighted(0, 1);
    tw.update(1, 7);
    tw.update(1, 3);
    tw.update(1, 4);
    expect(tw.integral(2)).toBe(1 + 4);
  });

  it('keeps ten million small pieces accurate to a few ulps (compensated area)', () => {
    const tw = new TimeWeighted();
    const dt = 2 ** -7; // exact in binary, so the clock itself does not drift
    let naive = 0;
    for (let i = 1; i <= 1e7; i++) {
      tw.update(i * dt, i % 2 === 1 ? 0.1 : 0);
      if (i % 2 === 0) naive += 0.1 * dt;
    }
    // 5e6 pieces of 0.1·2^-7 (the piece itself is exact: scaling by 2^-7 is).
    const exact = 5e6 * (0.1 * dt);
    expect(Math.abs(tw.integral(1e7 * dt) - exact) / exact).toBeLessThan(1e-15);
    expect(Math.abs(naive - exact) / exact).toBeGreaterThan(1e-13);
  });

  it('is NaN over an empty interval', () => {
    expect(new TimeWeighted(5).mean(5)).toBeNaN();
  });
});
