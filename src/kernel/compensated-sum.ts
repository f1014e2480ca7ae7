/**
 * A running sum with Neumaier's compensation (improved Kahan–Babuška): the rounding error of each
 * addition is carried in a second term, so long sums of many small terms — areas under a queue-length
 * curve over 1e7 events — stay accurate to a few ulps instead of drifting by O(n·ε).
 *
 * Source: A. Neumaier, "Rundungsfehleranalyse einiger Verfahren zur Summation endlicher Summen",
 * ZAMM 54 (1974) 39–51.
 */
export class CompensatedSum {
  private sum = 0;
  private comp = 0;

  /** Adds `x` to the sum. */
  add(x: number): void {
    const s = this.sum;
    const t = s + x;
    // Whichever operand is larger in magnitude keeps its bits; recover what the smaller one lost.
    if (Math.abs(s) >= Math.abs(x)) this.comp += (s - t) + x;
    else this.comp += (x - t) + s;
    this.sum = t;
  }

  /** The compensated total. */
  get value(): number {
    return this.sum + this.comp;
  }

  /** Sets the sum back to zero. */
  reset(): void {
    this.sum = 0;
    this.comp = 0;
  }

  /** Adds another sum's total (both its parts, so no precision is lost). */
  merge(other: CompensatedSum): void {
    this.add(other.sum);
    this.add(other.comp);
  }
}
