/**
 * A capped, deterministic sample of per-task rows for `coordination.arrow`: every task is kept
 * until `capacity` are held; after that the sample is the `capacity` tasks with the smallest
 * priority, a hash of the task's ordinal (a bottom-k sample, uniform without replacement). The
 * priority depends on the task alone, so designs compared under common random numbers keep the
 * same tasks wherever both finish them, and rows pair up across designs.
 *
 * Rows live in one Float64Array (row-major); a max-heap of slots by priority finds the row to
 * replace in O(log k). Nothing is allocated per task.
 */
import { drawAt } from './task-random.js';

export class TaskSample {
  private readonly data: Float64Array;
  private readonly priority: Float64Array;
  private readonly heap: Int32Array;
  private n = 0;

  /**
   * @param columns value column names, in the order rows are written.
   * @param capacity rows kept at most (0 keeps none).
   * @param seed seeds the priorities.
   */
  constructor(readonly columns: readonly string[], readonly capacity: number, private readonly seed: number) {
    this.data = new Float64Array(capacity * columns.length);
    this.priority = new Float64Array(capacity);
    this.heap = new Int32Array(capacity);
  }

  /** Rows held. */
  get size(): number {
    return this.n;
  }

  /** Offers task `ordinal`: the slot to write its row into with {@link set}, or −1 when it is not kept. */
  offer(ordinal: number): number {
    if (this.capacity === 0) return -1;
    const p = drawAt(this.seed, ordinal, 0x5a3b);
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
    this.data[slot * this.columns.length + column] = value;
  }

  /** Value `column` of the row in `slot`. */
  get(slot: number, column: number): number {
    return this.data[slot * this.columns.length + column];
  }

  /** Held slots ordered by the value of column `by` (the task ordinal). */
  slotsBy(by: number): number[] {
    return Array.from({ length: this.n }, (_, i) => i).sort((a, b) => this.get(a, by) - this.get(b, by));
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
