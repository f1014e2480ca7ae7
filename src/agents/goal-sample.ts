import { BottomKSample } from '../metrics/bottom-k-sample.js';
import { hashUniform } from '../kernel/counter-hash.js';

/** The capped sample of per-goal rows for `goals.arrow`: a bottom-k sample by a hash of the goal ordinal. */
export class GoalSample extends BottomKSample {
  constructor(columns: readonly string[], capacity: number, seed: number) {
    super(columns, capacity, (ordinal) => hashUniform(seed, ordinal, 0x5a3b));
  }
}
