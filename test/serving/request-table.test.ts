import { describe, expect, it } from 'vitest';
import { RequestTable } from '../../src/serving/request-table.js';

describe('RequestTable', () => {
  it('reuses freed ids, so memory is bounded by the requests in flight', () => {
    const t = new RequestTable(16);
    const live: number[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      live.push(t.alloc());
      if (live.length > 40) t.free(live.shift()!);
    }
    expect(t.inUse).toBe(40);
    expect(t.capacity).toBe(64);
  });

  it('resets every field on alloc and keeps values when it grows', () => {
    const t = new RequestTable(16);
    const keys = Float64Array.from([1, 2, 3, 4]);
    const a = t.alloc();
    t.set(a, 1.5, 100, 20, 7, 99);
    t.setKeys(a, keys, 1, 3, 16);
    t.done[a] = 9;
    t.preemptions[a] = 2;
    for (let i = 0; i < 100; i++) t.alloc(); // grows several times
    expect([t.arrival[a], t.promptTokens[a], t.outputTokens[a], t.session[a], t.owner[a]]).toEqual([1.5, 100, 20, 7, 99]);
    expect(t.keys[a]).toBe(keys);
    expect([t.keyOffset[a], t.keyCount[a], t.blockTokens[a], t.done[a], t.preemptions[a]]).toEqual([1, 3, 16, 9, 2]);
    t.free(a);
    const b = t.alloc();
    expect(b).toBe(a);
    expect(t.keys[b]).toBeNull();
    expect(Number.isNaN(t.done[b])).toBe(true);
    expect(Number.isNaN(t.firstToken[b])).toBe(true);
    expect(t.preemptions[b]).toBe(0);
    expect(t.replica[b]).toBe(-1);
  });

  it('computes TTFT and TPOT from the recorded times', () => {
    const t = new RequestTable();
    const r = t.alloc();
    t.set(r, 10, 100, 5);
    t.firstToken[r] = 10.5;
    t.done[r] = 10.9;
    expect(t.ttft(r)).toBeCloseTo(0.5, 12);
    expect(t.tpot(r)).toBeCloseTo(0.1, 12);
  });
});
