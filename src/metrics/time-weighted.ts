/**
 * Time-average of a piecewise-constant quantity (queue length, busy servers, memory in use):
 * (1/(t − t₀))·∫ value dt over [t₀, t]. Call `update(now, newValue)` whenever the value changes and
 * `reset(now)` at warm-up end. The area is a compensated (Neumaier) sum, because a run adds ~1e7
 * small pieces to a large total; see kernel/compensated-sum.ts for the algorithm and its source.
 *
 * `integral` keeps counting from construction across resets, so per-window series can be taken
 * as differences of it (see window-increments.ts) while `mean` averages from the last reset.
 */

// Positions in the state array.
const SUM = 0, COMP = 1, LAST = 2, VALUE = 3, SINCE = 4, BASE = 5;

export class TimeWeighted {
  /**
   * NOTE: the state lives in one Float64Array instead of number fields, because V8 keeps double
   * fields boxed (one indirection per access); measured 12 → 5 ns per update in bench/station.ts.
   */
  private readonly s = new Float64Array(6);

  /** Starts integrating at `start` with the quantity at `value`. */
  constructor(start = 0, value = 0) {
    this.s[LAST] = start;
    this.s[VALUE] = value;
    this.s[SINCE] = start;
  }

  /** The quantity now. */
  get value(): number {
    return this.s[VALUE];
  }

  /** The quantity changes to `value` at `time` (≥ the previous update). */
  update(time: number, value: number): void {
    const s = this.s;
    const dt = time - s[LAST];
    if (dt > 0) {
      // Neumaier's compensated addition of the piece, inlined (CompensatedSum's algorithm).
      const x = s[VALUE] * dt;
      const sum = s[SUM];
      const t = sum + x;
      s[COMP] += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
      s[SUM] = t;
      s[LAST] = time;
    }
    s[VALUE] = value;
  }

  /** Averages from `time` on (≥ the last update); the area so far no longer counts in `mean`. */
  reset(time: number): void {
    this.s[BASE] = this.integral(time);
    this.s[SINCE] = time;
  }

  /** ∫ value dt from construction to `time` (≥ the last update); resets do not clear it. */
  integral(time: number): number {
    const s = this.s;
    return s[SUM] + s[COMP] + s[VALUE] * (time - s[LAST]);
  }

  /** Time-average over [last reset (or start), time]; NaN when that interval is empty. */
  mean(time: number): number {
    const span = time - this.s[SINCE];
    return span > 0 ? (this.integral(time) - this.s[BASE]) / span : NaN;
  }

  /** Start of the averaging interval (the start or the last `reset`). */
  get since(): number {
    return this.s[SINCE];
  }
}
