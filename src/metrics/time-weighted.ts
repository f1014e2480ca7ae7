import { CompensatedSum } from './compensated-sum.js';

/**
 * Time-average of a piecewise-constant quantity (queue length, busy servers, memory in use):
 * (1/(t − t₀))·∫ value dt over [t₀, t]. Call `update(now, newValue)` whenever the value changes and
 * `reset(now)` at warm-up end; the area is a compensated sum because a run adds ~1e7 small pieces.
 */
export class TimeWeighted {
  private readonly area = new CompensatedSum();
  private start: number;
  private last: number;
  private current: number;

  /** Starts averaging at `start` with the quantity at `value`. */
  constructor(start = 0, value = 0) {
    this.start = start;
    this.last = start;
    this.current = value;
  }

  /** The quantity now. */
  get value(): number {
    return this.current;
  }

  /** The quantity changes to `value` at `time` (≥ the previous update). */
  update(time: number, value: number): void {
    const dt = time - this.last;
    if (dt > 0) {
      // NOTE: skipping zero-length pieces (many events share a timestamp) saves a compensated add.
      this.area.add(this.current * dt);
      this.last = time;
    }
    this.current = value;
  }

  /** Forgets the area so far and averages from `time` on; the current value is kept. */
  reset(time: number): void {
    this.area.reset();
    this.start = time;
    this.last = time;
  }

  /** ∫ value dt over [start, time] (time ≥ the last update). */
  integral(time: number): number {
    return this.area.value + this.current * (time - this.last);
  }

  /** Time-average over [start, time]; NaN when the interval is empty. */
  mean(time: number): number {
    const span = time - this.start;
    return span > 0 ? this.integral(time) / span : NaN;
  }

  /** Start of the averaging interval (0 or the last `reset`). */
  get since(): number {
    return this.start;
  }
}
