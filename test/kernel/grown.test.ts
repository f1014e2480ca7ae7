import { describe, expect, it } from 'vitest';
import { grown } from '../../src/kernel/grown.js';

describe('grown', () => {
  it('doubles until the array holds min, keeping the values asked for and zeros after', () => {
    const a = Int32Array.from([1, 2, 3]);
    const b = grown(a, 10);
    expect(b).toBeInstanceOf(Int32Array);
    expect(b.length).toBe(12); // 3 → 6 → 12
    expect(Array.from(b)).toEqual([1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(grown(Float64Array.from([1, 2, 3]), 4, 2))).toEqual([1, 2, 0, 0, 0, 0]);
  });

  it('starts from floor for a short array, and never shrinks', () => {
    expect(grown(new Float64Array(0), 20, 0, 16).length).toBe(32);
    expect(grown(new Uint8Array(8), 3).length).toBe(8);
  });
});
