import type { WindowGrid } from './run-recorder.js';

/**
 * Per-window series as increments of cumulative quantities. A component keeps running totals
 * since time 0 (jobs arrived, ∫ busy servers dt, Σ waits, …); this class takes a snapshot of them
 * at each window boundary and reports, per window and per channel, how much each total grew.
 * Counts per window, time-averages (Δ∫/width) and means (ΔΣ/Δn) all follow from increments.
 *
 * Boundaries are closed lazily: the component calls `due(now)` at the start of each of its events,
 * before changing state, and `close(now, sample)` when it returns true; `sample(at, out)` writes
 * the totals as they stood at the boundary `at` (counters unchanged since the last event; integrals
 * extended to `at`). So an event at exactly a boundary counts in the window it opens, windows are
 * half-open [i·width, (i+1)·width), no kernel events are needed, and the hot path pays one compare.
 */
export class WindowIncrements {
  /** The window grid. */
  readonly grid: WindowGrid;
  /** Number of cumulative quantities tracked. */
  readonly channels: number;
  /** Per channel, the increment in each window (open and future windows hold 0). */
  private readonly inc: Float64Array[];
  /** Totals at the last closed boundary. */
  private readonly last: Float64Array;
  private readonly scratch: Float64Array;
  /** Index of the open window (grid.count once all are closed). */
  private win = 0;
  /** End of the open window. NOTE: a Float64Array, not a number field, which V8 would box. */
  private readonly end = new Float64Array(1);

  /** Tracks `channels` totals, all 0 at time 0. */
  constructor(grid: WindowGrid, channels: number) {
    this.grid = grid;
    this.channels = channels;
    this.inc = Array.from({ length: channels }, () => new Float64Array(grid.count));
    this.last = new Float64Array(channels);
    this.scratch = new Float64Array(channels);
    this.end[0] = grid.width;
  }

  /** True when `time` has reached the end of the open window: call `close` before changing state. */
  due(time: number): boolean {
    return time >= this.end[0];
  }

  /** Closes every window that ends at or before `time`, sampling the totals at each boundary. */
  close(time: number, sample: (at: number, out: Float64Array) => void): void {
    const n = this.grid.count;
    while (this.win < n && time >= this.end[0]) {
      const at = this.end[0];
      sample(at, this.scratch);
      for (let c = 0; c < this.channels; c++) {
        this.inc[c][this.win] = this.scratch[c] - this.last[c];
        this.last[c] = this.scratch[c];
      }
      this.win++;
      this.end[0] = this.win < n ? (this.win + 1) * this.grid.width : Infinity;
    }
  }

  /**
   * The increments per window up to `time` (≥ the last event), one fresh array per channel: closes
   * the windows due, then gives the open window the growth since its start (sampled at `time`).
   */
  incrementsAt(time: number, sample: (at: number, out: Float64Array) => void): Float64Array[] {
    this.close(time, sample);
    const out = this.inc.map((a) => a.slice());
    if (this.win < this.grid.count) {
      sample(time, this.scratch);
      for (let c = 0; c < this.channels; c++) out[c][this.win] = this.scratch[c] - this.last[c];
    }
    return out;
  }

  /** Seconds of each window elapsed by `time` (width, a part of it, or 0). */
  elapsedAt(time: number): Float64Array {
    const { width, count } = this.grid;
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = Math.max(0, Math.min(width, time - i * width));
    return out;
  }
}
