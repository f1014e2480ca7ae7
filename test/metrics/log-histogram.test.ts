import { describe, expect, it } from 'vitest';
import { LogHistogram } from '../../src/metrics/log-histogram.js';
import { RandomStreams } from '../../src/kernel/random-streams.js';

/** Lognormal(mu, sigma) draws by Box–Muller from a seeded stream. */
function lognormal(n: number, mu: number, sigma: number, seed: number): number[] {
  const u = new RandomStreams(seed, 0).uniform('log-histogram-test');
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    xs.push(Math.exp(mu + sigma * z));
  }
  return xs;
}

const QS = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

/** Exact lower quantile, the order statistic the histogram targets. */
function exact(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

describe('LogHistogram', () => {
  for (const alpha of [0.01, 0.05]) {
    it(`quantiles of 100k lognormal(0, 2) draws are within α = ${alpha} of the exact ones (seed 7)`, () => {
      const xs = lognormal(100_000, 0, 2, 7);
      const h = new LogHistogram({ relativeAccuracy: alpha });
      for (const x of xs) h.add(x);
      const sorted = xs.slice().sort((a, b) => a - b);
      for (const q of QS) {
        const e = exact(sorted, q);
        // 1e-12 of slack for the rounding of log(x)/log(γ) at a bucket edge.
        expect(Math.abs(h.quantile(q) - e) / e, `q=${q}`).toBeLessThanOrEqual(alpha + 1e-12);
      }
    });
  }

  it('delivers at most the accuracy asked for, with buckets aligned to powers of two', () => {
    for (const alpha of [0.05, 0.01, 0.001, 1e-4]) {
      const h = new LogHistogram({ relativeAccuracy: alpha });
      expect(h.effectiveAccuracy).toBeLessThanOrEqual(alpha);
      // K is the smallest whole number of buckets per doubling that meets α, so α' is close to α.
      expect(h.effectiveAccuracy).toBeGreaterThan(alpha * 0.9);
    }
  });

  for (const alpha of [0.01, 1e-4]) {
    it(`puts every value in the bucket ⌈log_γ x⌉ (bit-level index vs Math.log, α = ${alpha}, seed 5)`, () => {
      const h = new LogHistogram({ relativeAccuracy: alpha });
      const K = h.bucketsPerOctave;
      const u = new RandomStreams(5, 0).uniform('log-histogram-index');
      const index = (x: number): number => (h as unknown as { index(x: number): number }).index(x);
      const xs: number[] = [];
      for (let i = 0; i < 20_000; i++) xs.push(Math.exp((u() - 0.5) * 60));
      // Powers of two and their neighbours sit on bucket edges.
      for (let e = -30; e <= 30; e++) xs.push(2 ** e, 2 ** e * (1 + 2 ** -52), 2 ** e * (1 - 2 ** -53));
      for (const x of xs) {
        const ref = Math.ceil(K * Math.log2(x));
        const k = index(x);
        // Math.log2 itself may round across an edge; the bucket must still contain x.
        if (k !== ref) {
          const y = K * Math.log2(x);
          expect(Math.abs(y - Math.round(y))).toBeLessThan(1e-9);
          expect(Math.abs(k - ref)).toBe(1);
        }
        expect(2 ** ((k - 1) / K)).toBeLessThanOrEqual(x * (1 + 1e-15));
        expect(2 ** (k / K)).toBeGreaterThanOrEqual(x * (1 - 1e-15));
      }
    });
  }

  it('keeps its bucket count bounded by the data range, not the data count', () => {
    const h = new LogHistogram({ relativeAccuracy: 0.01 });
    for (const x of lognormal(200_000, 0, 2, 8)) h.add(x);
    // lognormal(0, 2) over 2e5 draws spans ~e^±9.5: ~960 buckets of ln γ ≈ 0.02, from the exact extremes
    const K = h.bucketsPerOctave;
    const span = Math.ceil(K * Math.log2(h.max)) - Math.ceil(K * Math.log2(h.min)) + 1;
    expect(span).toBeGreaterThan(800);
    // every bucket of the range is held (none collapsed), and growth by doubling stays under 2× the range
    expect(h.bucketCount).toBeGreaterThanOrEqual(span);
    expect(h.bucketCount).toBeLessThan(2 * span);
    const small = new LogHistogram({ relativeAccuracy: 0.01 });
    for (let i = 0; i < 100_000; i++) small.add(1 + (i % 100) / 100);
    // [1, 2) is K = 35 buckets: the initial 64 never grow, however many values arrive
    expect(small.bucketCount).toBe(64);
  });

  it('counts zeros and values below minValue as 0', () => {
    const h = new LogHistogram({ minValue: 1e-6 });
    for (let i = 0; i < 60; i++) h.add(0);
    h.add(1e-9);
    for (let i = 0; i < 39; i++) h.add(2);
    expect(h.zeroCount).toBe(61);
    expect(h.quantile(0.5)).toBe(0);
    expect(h.quantile(0.6)).toBe(0);
    expect(Math.abs(h.quantile(0.7) - 2) / 2).toBeLessThanOrEqual(0.01);
    expect(h.quantile(1)).toBe(2);
  });

  it('merging two histograms gives the histogram of all the data', () => {
    const xs = lognormal(50_000, 1, 1, 9);
    const all = new LogHistogram();
    const a = new LogHistogram();
    const b = new LogHistogram();
    xs.forEach((x, i) => {
      all.add(x);
      (i % 3 === 0 ? a : b).add(x);
    });
    a.merge(b);
    expect(a.count).toBe(all.count);
    for (const q of QS) expect(a.quantile(q)).toBe(all.quantile(q));
  });

  it('refuses to merge histograms of different accuracy', () => {
    expect(() => new LogHistogram({ relativeAccuracy: 0.01 }).merge(new LogHistogram({ relativeAccuracy: 0.02 }))).toThrow();
  });

  it('collapses the lowest buckets past maxBuckets and keeps the high quantiles accurate', () => {
    const h = new LogHistogram({ relativeAccuracy: 0.01, maxBuckets: 200 });
    // 1e-6 … 1e6 spans ~1400 buckets; only the top 200 survive.
    const xs: number[] = [];
    for (let i = 0; i <= 12_000; i++) xs.push(10 ** (-6 + i / 1000));
    for (const x of xs) h.add(x);
    expect(h.bucketCount).toBeLessThanOrEqual(200);
    const sorted = xs.slice().sort((p, q) => p - q);
    for (const q of [0.99, 0.999, 1]) {
      const e = exact(sorted, q);
      expect(Math.abs(h.quantile(q) - e) / e).toBeLessThanOrEqual(0.01 + 1e-12);
    }
  });

  it('is NaN when empty, rejects negative values, and reset empties it', () => {
    const h = new LogHistogram();
    expect(h.quantile(0.5)).toBeNaN();
    expect(() => h.add(-1)).toThrow(RangeError);
    expect(() => h.add(NaN)).toThrow(RangeError);
    h.add(3);
    h.reset();
    expect(h.count).toBe(0);
    expect(h.quantile(0.5)).toBeNaN();
  });
});
