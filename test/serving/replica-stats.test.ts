import { describe, expect, it } from 'vitest';
import { CompensatedSum } from '../../src/kernel/compensated-sum.js';
import { ReplicaStats, SUM_FLOPS, addCompensated } from '../../src/serving/replica-stats.js';
import { rng } from './helpers.js';

describe('ReplicaStats sums', () => {
  it('addCompensated gives the same bits as CompensatedSum over mixed magnitudes', () => {
    const u = rng(3);
    const ref = new CompensatedSum();
    const a = new Float64Array(2);
    for (let i = 0; i < 100_000; i++) {
      const x = (u() - 0.3) * 10 ** Math.floor(u() * 30 - 10);
      ref.add(x);
      addCompensated(a, 0, x);
    }
    expect(Object.is(a[0] + a[1], ref.value)).toBe(true);
  });

  it('busy, flops and bytes are views of the sums array, which reset zeroes', () => {
    const sums = new Float64Array(8).fill(7);
    const st = new ReplicaStats(sums);
    expect(st.busy.value).toBe(0);
    st.flops.add(2.5);
    addCompensated(sums, SUM_FLOPS, 0.5);
    expect(st.flops.value).toBe(3);
    st.reset();
    expect([st.busy.value, st.flops.value, st.bytes.value, sums[7]]).toEqual([0, 0, 0, 7]);
  });
});
