import type { WindowGrid } from './run-recorder.js';

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
  private last = 0;
  private current: number;
  /** Index and end time of the window `last` lies in. */
  private win = 0;
  private winEnd: number;

  /** Starts at time 0 with the quantity at `value`. */
  constructor(grid: WindowGrid, value = 0) {
    this.width = grid.width;
    this.count = grid.count;
    this.area = new Float64Array(grid.count);
    this.current = value;
    this.winEnd = grid.width;
  }

  /** The quantity changes to `value` at `time` (≥ the previous update). */
  update(time: number, value: number): void {
    this.advance(time);
    this.current = value;
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
    // NOTE: one compare per update on the common path (time inside the current window) instead of
    // a floor division to find the window.
    while (time >= this.winEnd && this.win < this.count) {
      this.area[this.win] += this.current * (this.winEnd - this.last);
      this.last = this.winEnd;
      this.win++;
      this.winEnd = (this.win + 1) * this.width;
    }
    if (this.win < this.count) this.area[this.win] += this.current * (time - this.last);
    this.last = time;
  }
}
