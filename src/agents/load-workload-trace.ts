import type { WorkloadSpec } from '../scenario/fleet-schema.js';
import { readAgenticSessions, readAzureTrace, readMooncakeTrace, type RequestTrace, type SessionTrace } from './traces/index.js';

/** A workload's trace, read: open-loop requests or closed-loop sessions; null for synthetic workloads. */
export type LoadedTrace = { kind: 'requests'; trace: RequestTrace } | { kind: 'sessions'; trace: SessionTrace } | null;

/** Reads the trace a workload replays (its `limit` applied). Throws `UserError`s that name file:line. */
export function loadWorkloadTrace(w: WorkloadSpec): LoadedTrace {
  if (w.tracePath === null) return null;
  const limit = w.limit ?? undefined;
  switch (w.source) {
    case 'mooncake':
      return { kind: 'requests', trace: readMooncakeTrace(w.tracePath, { limit }) };
    case 'azure':
      return { kind: 'requests', trace: readAzureTrace(w.tracePath, { limit }) };
    case 'agentic-sessions':
      return { kind: 'sessions', trace: readAgenticSessions(w.tracePath) };
    default:
      return null;
  }
}
