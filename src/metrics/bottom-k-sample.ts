/**
 * A capped, deterministic sample of per-entity rows (goals for `goals.arrow`, coordination tasks for
 * `coordination.arrow`). Every entity is kept until `capacity` are held; after that the sample is
 * the `capacity` entities with the smallest priority, a hash of the entity's ordinal (a bottom-k
 * sample: uniform without replacement over those offered). Because the priority depends on the
 * entity alone, two designs compared under common random numbers sample the same entities wherever
 * both complete them, so rows can be paired across designs.
 *
 * Rows live in one Float64Array (row-major); a max-heap of row slots by priority finds the row to
 * replace in O(log k). Nothing is allocated per entity.
 */
export class BottomKSample {
  /** Values of the held rows, row-major. */
  private readonly data: Float64Array;
  private readonly priority: Float64Array;
  /** Max-heap of row slots by priority. */
  private readonly heap: Int32Array;
  private n = 0;
  private readonly width: number;

  /**
   * @param columns value column names, in the order rows are written.
   * @param capacity rows kept at most (0 keeps none).
   * @param priorityOf the priority of an entity by its ordinal: a pure function (a counter hash),
   *   so that which entities are kept does not depend on the order they are offered in.
   */
  constructor(readonly columns: readonly string[], readonly capacity: number, private readonly priorityOf: (ordinal: number) => number) {
    this.width = columns.length;
    this.data = new Float64Array(capacity * this.width);
    this.priority = new Float64Array(capacity);
    this.heap = new Int32Array(capacity);
  }

  /** Rows held. */
  get size(): number {
    return this.n;
  }

  /** Offers entity `ordinal`: the row slot to write its values into (with {@link set}), or −1 when it is not kept. */
  offer(ordinal: number): number {
    if (this.capacity === 0) return -1;
    const p = this.priorityOf(ordinal);
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

  /** The held rows' slots ordered by the value of column `by` (e.g. the ordinal). */
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
