import type { WindowGrid } from './run-recorder.js';

// Positions in the state array.
const LAST = 0, CURRENT = 1, WIN_END = 2;

/**
 * Per-window time-averages of a piecewise-constant quantity on a {@link WindowGrid}: window i
 * covers [i·width, (i+1)·width). Unlike {@link TimeWeighted} it is never reset: the series shows
 * warm-up too, so a reader can see the transient. Time past the last window is ignored.
 */
export class WindowedTimeWeighted {
  private readonly width: number;
  private readonly count: number;
  /** ∫ value dt within each window so far. */
  private readonly area: Float64Array;
  /**
   * Time of the last update, the quantity since then, and the end of the window that time lies in.
   * NOTE: kept in a Float64Array instead of number fields, which V8 boxes (see time-weighted.ts).
   */
  private readonly s: Float64Array;
  /** Index of the window the last update lies in. */
  private win = 0;

  /** Starts at time 0 with the quantity at `value`. */
  constructor(grid: WindowGrid, value = 0) {
    this.width = grid.width;
    this.count = grid.count;
    this.area = new Float64Array(grid.count);
    this.s = Float64Array.of(0, value, grid.width);
  }

  /** The quantity changes to `value` at `time` (≥ the previous update). */
  update(time: number, value: number): void {
    this.advance(time);
    this.s[CURRENT] = value;
  }

  /**
   * Time-averages per window up to `time` (≥ the last update): a window only partly elapsed is
   * averaged over its elapsed part; a window not yet begun is NaN.
   */
  meansInto(time: number, out: Float64Array = new Float64Array(this.count)): Float64Array {
    this.advance(time);
    for (let i = 0; i < this.count; i++) {
      const covered = Math.min(this.width, time - i * this.width);
      out[i] = covered > 0 ? this.area[i] / covered : NaN;
    }
    return out;
  }

  private advance(time: number): void {
    const s = this.s;
    // NOTE: one compare per update on the common path (time inside the current window) instead of
    // a floor division to find the window.
    while (time >= s[WIN_END] && this.win < this.count) {
      this.area[this.win] += s[CURRENT] * (s[WIN_END] - s[LAST]);
      s[LAST] = s[WIN_END];
      this.win++;
      s[WIN_END] = (this.win + 1) * this.width;
    }
    if (this.win < this.count) this.area[this.win] += s[CURRENT] * (time - s[LAST]);
    s[LAST] = time;
  }
}
