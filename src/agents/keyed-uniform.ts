/**
 * Counter-based substreams for common random numbers. A cohort takes one base seed from a named
 * stream (`streams.uniform('cohort/<name>/goals')`) and derives from it, for each goal, a
 * generator seeded by (base, goal ordinal) alone. A goal's tokens, difficulties and luck then
 * depend only on which goal it is — not on when the simulation happened to reach it — so two
 * designs whose different latencies interleave goals differently still draw the same goals.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG, PractRand-clean to 2^40+
 * bytes) seeded through the MurmurHash3 finaliser; two 32-bit outputs make one 53-bit uniform.
 */
import type { UniformSource } from '../kernel/random-streams.js';
import { fold32, mix32 } from '../kernel/counter-hash.js';

/** A reseedable uniform source: `reseed(k…)` restarts it at the substream of those keys. */
export class KeyedUniform {
  /** Draws the next uniform in [0, 1); bound once, so samplers can hold it. */
  readonly next: UniformSource;
  private readonly s = new Int32Array(4);

  /** @param base a seed, e.g. `Math.floor(stream() * 2 ** 32)` from a named stream. */
  constructor(private readonly base: number) {
    this.next = () => {
      const hi = this.step() >>> 5;
      const lo = this.step() >>> 6;
      return (hi * 67108864 + lo) / 9007199254740992;
    };
    this.reseed(0);
  }

  /** Restarts at the substream of (base, k1, k2). */
  reseed(k1: number, k2 = 0): void {
    const s = this.s;
    s[0] = mix32(fold32(this.base) ^ 0x243f6a88);
    s[1] = mix32(fold32(k1) ^ 0x85a308d3);
    s[2] = mix32(fold32(k2) ^ 0x13198a2e);
    s[3] = 1;
    for (let i = 0; i < 12; i++) this.step();
  }

  private step(): number {
    const s = this.s;
    const a = s[0], b = s[1], c = s[2], d = s[3];
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = ((c << 21) | (c >>> 11)) + t;
    return t >>> 0;
  }
}
