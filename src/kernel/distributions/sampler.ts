/** What every distribution sampler offers; `makeSampler` (../distributions.ts) builds them. */

/**
 * A sampler draws from one distribution using the uniform source it was built with. `sample` does
 * not allocate, so samplers can sit on the event hot path.
 */
export interface Sampler {
  /** One variate. */
  sample(): number;
  /**
   * The analytic mean: `Infinity` where it diverges (Pareto with alpha ≤ 1), NaN where it is
   * undefined (no kind here has that; reserved for future ones).
   */
  readonly mean: number;
}
