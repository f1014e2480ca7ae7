/**
 * The recorded traces a thread's jobs replay, each read once and shared by every job of that
 * thread: the columns are immutable once read, so sharing them changes no result. `preflight`
 * fills one in the main thread (its jobs, with `workers: 0`, reuse it); each worker thread holds
 * its own. Keys are the trace's format, resolved path and limit.
 */
import type { WorkloadSpec } from '../scenario/fleet-schema.js';
import type { GoalTraceSpec } from '../agents/goal-arrivals.js';
import { loadWorkloadTrace, type LoadedTrace } from '../agents/load-workload-trace.js';
import { readGoalTraceTimes } from '../agents/goal-trace.js';

export class TraceStore {
  private readonly workloads = new Map<string, LoadedTrace>();
  private readonly goals = new Map<string, Float64Array>();

  /** The trace a workload replays (null for a synthetic one). Throws `UserError`s naming file:line. */
  workload(w: WorkloadSpec): LoadedTrace {
    const key = JSON.stringify([w.source, w.tracePath, w.limit]);
    let t = this.workloads.get(key);
    if (t === undefined) this.workloads.set(key, (t = loadWorkloadTrace(w)));
    return t;
  }

  /** The arrival times of a cohort's goal trace; `where` names the cohort (`cohorts[2]`) in errors. */
  goalTimes(trace: GoalTraceSpec, where: string): Float64Array {
    const key = JSON.stringify([trace.format, trace.tracePath, trace.limit]);
    let t = this.goals.get(key);
    if (t === undefined) this.goals.set(key, (t = readGoalTraceTimes(trace, where)));
    return t;
  }
}
