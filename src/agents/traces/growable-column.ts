/**
 * Append-only typed columns for readers that do not know the row count in advance. Doubling keeps
 * appends amortised O(1); `finish()` copies once to the exact length so no slack is kept alive.
 */

/** A growing typed array; `make(n)` allocates a zeroed one of length n. */
class Column<A extends Float64Array | Int32Array> {
  private data: A;
  /** Values appended so far. */
  length = 0;

  constructor(initialCapacity: number, private readonly make: (n: number) => A) {
    this.data = make(Math.max(16, initialCapacity));
  }

  /** Appends one value. */
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The values, in a new array of exactly `length` entries. */
  finish(): A {
    return this.data.slice(0, this.length) as A;
  }
}

/** A growing `Float64Array`. */
export class Float64Column extends Column<Float64Array> {
  constructor(initialCapacity = 1024) {
    super(initialCapacity, (n) => new Float64Array(n));
  }
}

/** A growing `Int32Array` (whole numbers that fit in 32 bits). */
export class Int32Column extends Column<Int32Array> {
  constructor(initialCapacity = 1024) {
    super(initialCapacity, (n) => new Int32Array(n));
  }
}
