import type { WindowGrid } from './run-recorder.js';

/**
 * Per-window counts and sums of point observations on a {@link WindowGrid} (arrivals per window,
 * mean wait of the customers whose service started in a window). Observation times must not
 * decrease (they come from a simulation clock); observations at or after the end of the last
 * window are ignored.
 */
export class WindowedSum {
  /** Observations per window. */
  readonly counts: Float64Array;
  /** Sum of observed values per window. */
  readonly sums: Float64Array;
  private readonly width: number;
  private readonly n: number;
  /** Index of the window the last observation fell in. */
  private win = 0;
  /** End of that window. NOTE: a Float64Array, not a number field, which V8 would box. */
  private readonly winEnd = new Float64Array(1);

  constructor(grid: WindowGrid) {
    this.counts = new Float64Array(grid.count);
    this.sums = new Float64Array(grid.count);
    this.width = grid.width;
    this.n = grid.count;
    this.winEnd[0] = grid.width;
  }

  /** Records `value` observed at `time` (≥ 0 and ≥ the previous observation's time). */
  add(time: number, value = 1): void {
    // NOTE: a compare against the current window's end replaces a floor division per observation.
    if (time >= this.winEnd[0]) this.advance(time);
    if (this.win < this.n) {
      this.counts[this.win]++;
      this.sums[this.win] += value;
    }
  }

  /** Mean observed value per window (NaN for an empty window). */
  meansInto(out: Float64Array = new Float64Array(this.n)): Float64Array {
    for (let i = 0; i < this.n; i++) out[i] = this.counts[i] > 0 ? this.sums[i] / this.counts[i] : NaN;
    return out;
  }

  private advance(time: number): void {
    while (time >= this.winEnd[0] && this.win < this.n) {
      this.win++;
      this.winEnd[0] = (this.win + 1) * this.width;
    }
  }
}
