/**
 * A workload issues requests into a pool and hears back when each is done. Requests are integer
 * ids in the run's shared `RequestTable`; `owner` on each request says which workload issued it,
 * so the world can hand completions back without a closure per request.
 */

/** Where requests go (a pool). */
export interface RequestSink {
  submit(req: number): void;
}

/** A source of requests. */
export interface Workload {
  /** Schedules its first arrivals; called once before the run. */
  start(): void;
  /** The pool finished `req` (all its tokens); the workload frees it and may issue more. */
  onDone(req: number): void;
  /** Requests issued so far. */
  readonly issued: number;
}

/** Keys of synthetic prompts live below zero, so they never meet a trace's (non-negative) block hashes. */
export function syntheticKeyBase(workloadIndex: number): number {
  return -(workloadIndex + 1) * 2 ** 32;
}
