import type { Scenario } from '../scenario/schema.js';
import { loadWorkloadTrace, type LoadedTrace } from '../agents/load-workload-trace.js';
import { readGoalTraceTimes } from '../agents/goal-trace.js';
import { poolBlockTokens } from './world.js';

/**
 * Checks in the main thread, before any job starts, what the schema cannot: that every trace reads
 * cleanly (goal-arrival traces of cohorts too) and that traces sharing a pool agree on block size. A mistake then costs no worker time
 * and its error keeps the trace's file:line (errors thrown inside workers reach the user only as
 * their message). Each distinct trace is read once, however many variants use it.
 */
export function preflight(scenarios: readonly Scenario[]): void {
  const read = new Map<string, LoadedTrace>();
  const goalTraces = new Set<string>();
  for (const s of scenarios) {
    const traces = s.workloads.map((w) => {
      const key = JSON.stringify([w.source, w.tracePath, w.limit]);
      if (!read.has(key)) read.set(key, loadWorkloadTrace(w));
      return read.get(key)!;
    });
    poolBlockTokens(s, traces);
    s.cohorts.forEach((c, i) => {
      const trace = c.goals.trace;
      if (trace === null) return;
      const key = JSON.stringify(['goals', trace.format, trace.tracePath, trace.limit]);
      if (!goalTraces.has(key)) (goalTraces.add(key), readGoalTraceTimes(trace, `cohorts[${i}]`));
    });
  }
}
