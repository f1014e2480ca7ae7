import { describe, expect, it } from 'vitest';
import { TimeWeighted } from '../../src/metrics/time-weighted.js';
import { WindowedTimeWeighted } from '../../src/metrics/windowed-time-weighted.js';
import { WindowedSum } from '../../src/metrics/windowed-sum.js';

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

  it('reset at warm-up averages only from the reset on, keeping the current value', () => {
    const tw = new TimeWeighted();
    tw.update(1, 2);
    tw.reset(2); // value 2 carries on from t = 2
    tw.update(3, 5);
    tw.update(4, 1);
    // area on [2,6]: 2·1 + 5·1 + 1·2 = 9
    expect(tw.mean(6)).toBeCloseTo(9 / 4, 14);
    expect(tw.since).toBe(2);
  });

  it('several updates at one instant count only the last value', () => {
    const tw = new TimeWeighted(0, 1);
    tw.update(1, 7);
    tw.update(1, 3);
    tw.update(1, 4);
    expect(tw.integral(2)).toBe(1 + 4);
  });

  it('is NaN over an empty interval', () => {
    expect(new TimeWeighted(5).mean(5)).toBeNaN();
  });
});

describe('WindowedTimeWeighted', () => {
  it('splits the step function across 2-second windows', () => {
    const w = new WindowedTimeWeighted({ width: 2, count: 3 });
    for (const [t, v] of steps) w.update(t, v);
    // [0,2): 0·1 + 2·1 = 2 → 1; [2,4): 2·1 + 5·1 = 7 → 3.5; [4,6): 1·2 = 2 → 1
    expect(Array.from(w.meansInto(6))).toEqual([1, 3.5, 1]);
  });

  it('averages a partly elapsed window over its elapsed part and leaves later ones NaN', () => {
    const w = new WindowedTimeWeighted({ width: 2, count: 4 });
    for (const [t, v] of steps) w.update(t, v);
    const m = w.meansInto(5);
    expect(m[0]).toBe(1);
    expect(m[1]).toBe(3.5);
    expect(m[2]).toBe(1);
    expect(m[3]).toBeNaN();
  });

  it('ignores time beyond the last window', () => {
    const w = new WindowedTimeWeighted({ width: 1, count: 2 }, 3);
    w.update(10, 8);
    expect(Array.from(w.meansInto(12))).toEqual([3, 3]);
  });
});

describe('WindowedSum', () => {
  it('counts and averages observations per window, ignoring those past the grid', () => {
    const w = new WindowedSum({ width: 10, count: 2 });
    w.add(0, 1);
    w.add(9.99, 3);
    w.add(10, 5);
    w.add(25, 100);
    expect(Array.from(w.counts)).toEqual([2, 1]);
    expect(Array.from(w.meansInto())).toEqual([2, 5]);
  });

  it('reports NaN for an empty window', () => {
    const w = new WindowedSum({ width: 1, count: 2 });
    w.add(1.5, 4);
    const m = w.meansInto();
    expect(m[0]).toBeNaN();
    expect(m[1]).toBe(4);
  });
});
