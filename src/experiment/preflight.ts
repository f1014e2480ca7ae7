import type { Scenario } from '../scenario/schema.js';
import { poolBlockTokens } from './world.js';
import { TraceStore } from './trace-store.js';

/**
 * Checks in the main thread, before any job starts, what the schema cannot: that every trace reads
 * cleanly (goal-arrival traces of cohorts too) and that traces sharing a pool agree on block size. A mistake then costs no worker time
 * and its error keeps the trace's file:line (errors thrown inside workers reach the user only as
 * their message). Each distinct trace is read once, however many variants use it, into `traces`
 * — which jobs run in this thread then reuse.
 */
export function preflight(scenarios: readonly Scenario[], traces: TraceStore = new TraceStore()): TraceStore {
  for (const s of scenarios) {
    poolBlockTokens(s, s.workloads.map((w) => traces.workload(w)));
    s.cohorts.forEach((c, i) => {
      if (c.goals.trace !== null) traces.goalTimes(c.goals.trace, `cohorts[${i}]`);
    });
  }
  return traces;
}
