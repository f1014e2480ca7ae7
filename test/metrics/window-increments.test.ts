import { describe, expect, it } from 'vitest';
import { WindowIncrements } from '../../src/metrics/window-increments.js';
import { TimeWeighted } from '../../src/metrics/time-weighted.js';

/**
 * A toy component: a counter of events and the step function of time-weighted.test.ts
 * (0 on [0,1), 2 on [1,3), 5 on [3,4), 1 from 4), driven the way a station drives its windows.
 */
function toy(width: number, count: number) {
  const w = new WindowIncrements({ width, count }, 2);
  const tw = new TimeWeighted();
  let events = 0;
  const sample = (at: number, out: Float64Array): void => {
    out[0] = events;
    out[1] = tw.integral(at);
  };
  const event = (t: number, value: number): void => {
    if (w.due(t)) w.close(t, sample);
    events++;
    tw.update(t, value);
  };
  return { w, sample, event };
}

describe('WindowIncrements', () => {
  it('splits counts and the step function across 2-second windows', () => {
    const { w, sample, event } = toy(2, 3);
    for (const [t, v] of [[1, 2], [3, 5], [4, 1]] as const) event(t, v);
    const [counts, area] = w.incrementsAt(6, sample);
    // An event at exactly t = 4 opens window [4, 6).
    expect(Array.from(counts)).toEqual([1, 1, 1]);
    // [0,2): 0·1 + 2·1 = 2; [2,4): 2·1 + 5·1 = 7; [4,6): 1·2 = 2
    expect(Array.from(area)).toEqual([2, 7, 2]);
    expect(Array.from(w.elapsedAt(6))).toEqual([2, 2, 2]);
  });

  it('gives a partly elapsed window its growth so far and later windows nothing', () => {
    const { w, sample, event } = toy(2, 4);
    for (const [t, v] of [[1, 2], [3, 5], [4, 1]] as const) event(t, v);
    const [counts, area] = w.incrementsAt(5, sample);
    expect(Array.from(counts)).toEqual([1, 1, 1, 0]);
    expect(Array.from(area)).toEqual([2, 7, 1, 0]);
    expect(Array.from(w.elapsedAt(5))).toEqual([2, 2, 1, 0]);
  });

  it('closes several windows at once after a quiet spell, sampling each boundary', () => {
    const { w, sample, event } = toy(1, 5);
    event(0.5, 3);
    event(4.5, 0); // windows 0–3 close here; the value 3 held throughout
    const [counts, area] = w.incrementsAt(5, sample);
    expect(Array.from(counts)).toEqual([1, 0, 0, 0, 1]);
    expect(Array.from(area)).toEqual([1.5, 3, 3, 3, 1.5]);
  });

  it('ignores time past the last window', () => {
    const { w, sample, event } = toy(1, 2);
    event(0.5, 1);
    event(7, 0);
    const [counts, area] = w.incrementsAt(9, sample);
    expect(Array.from(counts)).toEqual([1, 0]);
    expect(Array.from(area)).toEqual([0.5, 1]);
    expect(w.due(100)).toBe(false);
  });

  it('incrementsAt can be called repeatedly without disturbing later windows', () => {
    const { w, sample, event } = toy(2, 2);
    event(1, 1);
    expect(Array.from(w.incrementsAt(1.5, sample)[1])).toEqual([0.5, 0]);
    event(3, 0);
    expect(Array.from(w.incrementsAt(4, sample)[1])).toEqual([1, 1]);
  });
});
