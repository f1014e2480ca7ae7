import { BottomKSample } from '../metrics/bottom-k-sample.js';
import { drawAt } from './task-random.js';

/** The capped sample of per-task rows for `coordination.arrow`: a bottom-k sample by a hash of the task ordinal. */
export class TaskSample extends BottomKSample {
  constructor(columns: readonly string[], capacity: number, seed: number) {
    super(columns, capacity, (ordinal) => drawAt(seed, ordinal, 0x5a3b));
  }
}
