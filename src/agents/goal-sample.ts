/**
 * A capped, deterministic sample of per-goal rows. Every goal is kept until `capacity` are held;
 * after that the sample is the `capacity` goals with the smallest priority, a hash of the goal's
 * ordinal (a bottom-k sample: uniform without replacement over the goals offered). Because the
 * priority depends on the goal alone, two designs compared under common random numbers sample the
 * same goals wherever both complete them, so rows can be paired across designs.
 *
 * Rows live in one Float64Array (row-major, `columns.length` values each); a max-heap of row
 * slots by priority finds the row to replace in O(log k). Nothing is allocated per goal.
 */
import { hashUniform } from './keyed-uniform.js';

export class GoalSample {
  /** Values of the held rows, row-major. */
  private readonly data: Float64Array;
  private readonly priority: Float64Array;
  /** Max-heap of row slots by priority. */
  private readonly heap: Int32Array;
  private n = 0;
  private readonly width: number;

  /**
   * @param columns value column names (the order of `values` in {@link offer}).
   * @param capacity rows kept at most (0 keeps none).
   * @param seed seeds the priorities.
   */
  constructor(readonly columns: readonly string[], readonly capacity: number, private readonly seed: number) {
    this.width = columns.length;
    this.data = new Float64Array(capacity * this.width);
    this.priority = new Float64Array(capacity);
    this.heap = new Int32Array(capacity);
  }

  /** Goals held. */
  get size(): number {
    return this.n;
  }

  /**
   * Offers goal `ordinal`: returns the row slot to write its values into (with {@link set}), or
   * −1 when the sample does not keep it.
   */
  offer(ordinal: number): number {
    if (this.capacity === 0) return -1;
    const p = hashUniform(this.seed, ordinal, 0x5a3b);
    if (this.n < this.capacity) {
      const slot = this.n++;
      this.priority[slot] = p;
      this.heap[slot] = slot;
      this.siftUp(slot);
      return slot;
    }
    const top = this.heap[0];
    if (p >= this.priority[top]) return -1;
    this.priority[top] = p;
    this.siftDown(0);
    return top;
  }

  /** Writes value `column` of the row in `slot`. */
  set(slot: number, column: number, value: number): void {
    this.data[slot * this.width + column] = value;
  }

  /** Value `column` of the row in `slot`. */
  get(slot: number, column: number): number {
    return this.data[slot * this.width + column];
  }

  /** The held rows' slots ordered by the value of column `by` (e.g. the goal ordinal). */
  slotsBy(by: number): number[] {
    const slots = Array.from({ length: this.n }, (_, i) => i);
    return slots.sort((a, b) => this.get(a, by) - this.get(b, by));
  }

  private siftUp(i: number): void {
    const h = this.heap, pr = this.priority;
    const s = h[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (pr[h[parent]] >= pr[s]) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = s;
  }

  private siftDown(i: number): void {
    const h = this.heap, pr = this.priority, n = this.n;
    const s = h[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && pr[h[c + 1]] > pr[h[c]]) c++;
      if (pr[h[c]] <= pr[s]) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = s;
  }
}
