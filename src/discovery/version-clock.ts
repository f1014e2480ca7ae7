/**
 * Version churn of a registry's providers without per-provider state: each provider publishes new
 * versions as a Poisson process of rate `churn` (versions per provider per second), generated
 * lazily from a counter hash so that any question about any provider at any time gets an answer
 * consistent with every other one — the same provider asked twice sees the same history.
 *
 * Time is cut into slots of width 1/churn (one version per slot on average). The versions of
 * provider p in slot k are Poisson(1) many, placed uniformly in the slot, every number a pure
 * function of (seed, p, k). Whether p published a version in (a, b] is then a walk over the slots
 * that meet (a, b], stopping at the first version found: ≈ 1.6 slots on average whatever the
 * interval, no allocation.
 *
 * The staleness a lookup sees follows: a binding made at time a is stale at b with probability
 * 1 − e^{−churn·(b − a)} (tested).
 */
import { hashUniform } from '../kernel/counter-hash.js';

/** e^−1: P(no version in a slot). */
const EXP_MINUS_1 = Math.exp(-1);

export class VersionClock {
  /** Versions per provider per second. */
  readonly churn: number;
  private readonly seed: number;
  private readonly slot: number;

  constructor(churn: number, seed: number) {
    if (!(churn >= 0 && Number.isFinite(churn))) throw new RangeError(`VersionClock: churn must be a finite number ≥ 0, got ${churn}`);
    this.churn = churn;
    this.seed = seed;
    this.slot = churn > 0 ? 1 / churn : Infinity;
  }

  /** Whether `provider` published a version in the interval (a, b]. */
  changedIn(provider: number, a: number, b: number): boolean {
    if (this.churn === 0 || !(b > a)) return false;
    const w = this.slot;
    const last = Math.floor(b / w);
    for (let k = Math.floor(a / w); k <= last; k++) {
      const n = this.versionsIn(provider, k);
      for (let j = 0; j < n; j++) {
        const t = (k + hashUniform(this.seed, provider, k, j + 1)) * w;
        if (t > a && t <= b) return true;
      }
    }
    return false;
  }

  /** Versions of `provider` in slot k: Poisson(1) by inversion of one hashed uniform. */
  versionsIn(provider: number, k: number): number {
    const u = hashUniform(this.seed, provider, k, 0);
    let n = 0, p = EXP_MINUS_1, cdf = p;
    while (u >= cdf && n < 30) {
      n++;
      p /= n;
      cdf += p;
    }
    return n;
  }
}
