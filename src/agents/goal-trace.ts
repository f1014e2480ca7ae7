/**
 * The arrival times behind `goals: { process: trace }`: a recorded request trace read for its
 * timestamps only (each request becomes one goal; its tokens are the goal program's business).
 */
import type { GoalTraceSpec } from './goal-arrivals.js';
import { UserError } from '../errors.js';
import { readAzureTrace, readMooncakeTrace } from './traces/index.js';

/** Reads a goal trace's arrival times, seconds from its first request; `where` names the cohort (`cohorts[2]`). Throws `UserError`s naming file:line. */
export function readGoalTraceTimes(trace: GoalTraceSpec, where: string): Float64Array {
  const path = trace.tracePath ?? trace.file;
  const options = { limit: trace.limit ?? undefined };
  const t = trace.format === 'mooncake' ? readMooncakeTrace(path, options) : readAzureTrace(path, options);
  const times = t.arrival.subarray(0, t.count);
  const n = times.length;
  if (n < 2 || !(times[n - 1] > times[0])) {
    throw new UserError(`goal trace '${trace.file}' has ${n} request${n === 1 ? '' : 's'} spanning no time; goal arrivals need at least two distinct times`, {
      location: { file: path },
      path: `${where}.goals.trace`,
      expected: 'a trace with at least two requests at different times',
      hint: trace.limit !== null ? `raise trace.limit (now ${trace.limit})` : undefined,
    });
  }
  return times;
}
