import { describe, expect, it } from 'vitest';
import { KeyedUniform } from '../../src/agents/keyed-uniform.js';
import { hashUniform } from '../../src/kernel/counter-hash.js';

describe('keyed uniform substreams', () => {
  it('a substream depends only on (base, keys): reseeding replays it, other keys differ', () => {
    const u = new KeyedUniform(42);
    u.reseed(7);
    const a = [u.next(), u.next(), u.next()];
    u.reseed(8);
    u.next();
    u.reseed(7);
    expect([u.next(), u.next(), u.next()]).toEqual(a);
    const v = new KeyedUniform(42);
    v.reseed(7, 1);
    expect(v.next()).not.toBe(a[0]);
    expect(new KeyedUniform(43).next()).not.toBe(new KeyedUniform(42).next());
  });

  it('draws are uniform on [0, 1): mean, variance and a 20-bin χ² within tolerance, also across substreams', () => {
    const u = new KeyedUniform(5);
    const bins = new Float64Array(20);
    let sum = 0, sq = 0, outside = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      if (i % 4 === 0) u.reseed(i); // short substreams, as goals use them
      const x = u.next();
      if (!(x >= 0 && x < 1)) outside++;
      sum += x;
      sq += x * x;
      bins[Math.floor(x * 20)]++;
    }
    expect(outside).toBe(0);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 3);
    const e = n / 20;
    const chi2 = bins.reduce((s, b) => s + (b - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(43.8); // χ²(19) at p = 0.001
  });

  it('hashUniform is a deterministic uniform of its keys', () => {
    expect(hashUniform(1, 2, 3)).toBe(hashUniform(1, 2, 3));
    expect(hashUniform(1, 2, 3)).not.toBe(hashUniform(1, 3, 2));
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += hashUniform(9, i);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
    expect(hashUniform(1, 2 ** 40 + 5)).not.toBe(hashUniform(1, 5));
  });
});
