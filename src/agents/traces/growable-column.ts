/**
 * Append-only typed columns for readers that do not know the row count in advance. Doubling keeps
 * appends amortised O(1); `finish()` copies once to the exact length so no slack is kept alive.
 */

/** A growing `Float64Array`. */
export class Float64Column {
  private data: Float64Array;
  /** Values appended so far. */
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float64Array(Math.max(16, initialCapacity));
  }

  /** Appends one value. */
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The values, in a new array of exactly `length` entries. */
  finish(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** A growing `Int32Array`. */
export class Int32Column {
  private data: Int32Array;
  /** Values appended so far. */
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Int32Array(Math.max(16, initialCapacity));
  }

  /** Appends one value (a whole number that fits in 32 bits). */
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The values, in a new array of exactly `length` entries. */
  finish(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
