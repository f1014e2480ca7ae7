/**
 * Named, independently seeded uniform streams for one replicate of one scenario.
 *
 * Each stream's generator is seeded from (scenario seed, stream name, replicate) alone, so a stream
 * never depends on which other streams exist or how much they have been drawn. That is what makes
 * common random numbers work: two designs compared in one sweep see the same arrivals even if one
 * of them draws from extra streams (DESIGN.md, "Kernel").
 */
import seedrandom from 'seedrandom';

/** A source of uniform variates in [0, 1). Samplers take one of these instead of a global RNG. */
export type UniformSource = () => number;

/**
 * Prefix of every derived seed string. Changing it (or the encoding below) changes every stream of
 * every scenario, so bump the version on purpose and never in passing.
 */
const SEED_FORMAT = 'fleetsim-stream-v1';

/**
 * The named uniform streams of one (seed, replicate). State lives in the instance only; two
 * instances built from the same arguments produce the same sequences.
 */
export class RandomStreams {
  /** The scenario seed this instance was built with. */
  readonly seed: number | string;
  /** The replicate index (0-based) this instance was built with. */
  readonly replicate: number;
  private readonly streams = new Map<string, UniformSource>();

  /**
   * @param seed scenario seed; a number and its decimal string are different seeds.
   * @param replicate replicate index, a whole number ≥ 0.
   */
  constructor(seed: number | string, replicate: number) {
    if (typeof seed === 'number' && !Number.isFinite(seed)) {
      throw new RangeError(`seed must be a finite number or a string, got ${seed}`);
    }
    if (typeof seed !== 'number' && typeof seed !== 'string') {
      throw new TypeError(`seed must be a number or a string, got ${typeof seed}`);
    }
    if (!Number.isSafeInteger(replicate) || replicate < 0) {
      throw new RangeError(`replicate must be a whole number ≥ 0, got ${replicate}`);
    }
    this.seed = seed;
    this.replicate = replicate;
  }

  /**
   * The stream called `name`. Asking twice for the same name returns the same generator (one
   * stream, shared), not a restarted copy: two components that restarted one sequence would draw
   * identical, perfectly correlated values.
   *
   * For common random numbers, give each sampler whose draw count varies per value (rejection
   * methods: normal, gamma, large-mean poisson, large-n zipf) a stream of its own.
   */
  uniform(name: string): UniformSource {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      // NOTE: xor4096 (Brent's xorgens, period 2^4128, no systematic BigCrush failures) replaces the
      // default ARC4 generator: ~3–7 vs ~25–30 ns a draw in bench/rng.ts, and its long period keeps
      // the many (name × replicate) streams of a sweep from overlapping.
      stream = seedrandom.xor4096(deriveSeed(this.seed, name, this.replicate));
      this.streams.set(name, stream);
    }
    return stream;
  }

  /**
   * A fresh generator of the stream called `name`, from its start, independent of {@link uniform}'s
   * shared one: for a component that must face exactly the draws another one faces (a paired copy),
   * the one place perfect correlation is the point.
   */
  replay(name: string): UniformSource {
    return seedrandom.xor4096(deriveSeed(this.seed, name, this.replicate));
  }
}

/**
 * The seed string of one stream. JSON keeps the encoding unambiguous: `("a|b", "c")` and
 * `("a", "b|c")` cannot collide, and the number 1 differs from the string "1".
 */
export function deriveSeed(seed: number | string, name: string, replicate: number): string {
  return JSON.stringify([SEED_FORMAT, seed, name, replicate]);
}
