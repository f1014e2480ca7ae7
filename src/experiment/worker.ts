/**
 * The worker-thread side of the pool: runs one job per task and hands its typed-array columns back
 * as transferables (moved, not cloned).
 */
import workerpool from 'workerpool';
import { runJob } from './world.js';
import { resultBuffers } from './result-buffers.js';
import type { Scenario } from '../scenario/schema.js';
import type { Job } from './job.js';

function runJobTask(scenario: Scenario, job: Job): unknown {
  const result = runJob(scenario, job);
  return new workerpool.Transfer(result, resultBuffers(result));
}

workerpool.worker({ runJob: runJobTask });
