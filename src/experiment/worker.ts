/**
 * The worker-thread side of the pool: runs one job per task and hands its typed-array columns back
 * as transferables (moved, not cloned).
 */
import workerpool from 'workerpool';
import { runJob } from './world.js';
import { resultBuffers } from './result-buffers.js';
import { TraceStore } from './trace-store.js';
import type { Scenario } from '../scenario/schema.js';
import type { Job } from './job.js';

/** Serves jobs; the traces they replay are read once for this thread and shared by its jobs. */
function serve(): void {
  const traces = new TraceStore();
  workerpool.worker({
    runJob: (scenario: Scenario, job: Job): unknown => {
      const result = runJob(scenario, job, traces);
      return new workerpool.Transfer(result, resultBuffers(result));
    },
  });
}

serve();
