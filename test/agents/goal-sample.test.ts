import { describe, expect, it } from 'vitest';
import { GoalSample } from '../../src/agents/goal-sample.js';
import { hashUniform } from '../../src/kernel/counter-hash.js';

describe('goal sample', () => {
  it('keeps every goal up to its capacity, then the capacity goals of smallest hash, whatever the order offered', () => {
    const offerAll = (order: number[]) => {
      const s = new GoalSample(['goal'], 50, 3);
      for (const g of order) {
        const slot = s.offer(g);
        if (slot >= 0) s.set(slot, 0, g);
      }
      return s.slotsBy(0).map((slot) => s.get(slot, 0));
    };
    const ids = Array.from({ length: 1000 }, (_, i) => i);
    const kept = offerAll(ids);
    expect(kept.length).toBe(50);
    const expected = [...ids].sort((a, b) => hashUniform(3, a, 0x5a3b) - hashUniform(3, b, 0x5a3b)).slice(0, 50).sort((a, b) => a - b);
    expect(kept).toEqual(expected);
    expect(offerAll([...ids].reverse())).toEqual(expected);
    expect(offerAll(ids.slice(0, 30))).toEqual(ids.slice(0, 30));
  });

  it('is uniform over the goals offered (mean ordinal near the middle) and keeps none at capacity 0', () => {
    const s = new GoalSample(['goal'], 2000, 9);
    for (let g = 0; g < 100_000; g++) {
      const slot = s.offer(g);
      if (slot >= 0) s.set(slot, 0, g);
    }
    const kept = s.slotsBy(0).map((slot) => s.get(slot, 0));
    expect(kept.reduce((a, b) => a + b, 0) / kept.length / 100_000).toBeCloseTo(0.5, 1);
    expect(new GoalSample(['goal'], 0, 1).offer(1)).toBe(-1);
  });
});
