import { describe, expect, it } from 'vitest';
import { CompensatedSum } from '../../src/kernel/compensated-sum.js';

describe('CompensatedSum', () => {
  it('keeps small terms that a naive sum drops next to a large one', () => {
    const s = new CompensatedSum();
    let naive = 0;
    for (const x of [1e16, 1, 1, 1, 1, -1e16]) {
      s.add(x);
      naive += x;
    }
    expect(naive).not.toBe(4);
    expect(s.value).toBe(4);
  });

  it('sums ten million 0.1s to within a few ulps of 1e6', () => {
    const s = new CompensatedSum();
    let naive = 0;
    for (let i = 0; i < 1e7; i++) {
      s.add(0.1);
      naive += 0.1;
    }
    expect(Math.abs(s.value - 1e6)).toBeLessThan(1e-9);
    expect(Math.abs(naive - 1e6)).toBeGreaterThan(1e-6);
  });

  it('merge keeps both parts of the other sum; reset returns to zero', () => {
    const a = new CompensatedSum();
    const b = new CompensatedSum();
    a.add(1e16);
    b.add(1);
    b.add(1);
    a.merge(b);
    a.add(-1e16);
    expect(a.value).toBe(2);
    a.reset();
    expect(a.value).toBe(0);
  });

  it('merge carries the other sum\'s compensation, which its rounded value would lose', () => {
    // The ulp at 1e16 is 2, so b holds 1e16 with a compensation of 1 and b.value rounds to 1e16.
    const b = new CompensatedSum();
    b.add(1e16);
    b.add(1);
    expect(b.value).toBe(1e16);
    const a = new CompensatedSum();
    a.merge(b);
    a.add(-1e16);
    expect(a.value).toBe(1);
    const viaValue = new CompensatedSum();
    viaValue.add(b.value);
    viaValue.add(-1e16);
    expect(viaValue.value).toBe(0);
  });
});
