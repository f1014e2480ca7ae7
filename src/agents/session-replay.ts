import type { Simulation } from '../kernel/simulation.js';
import type { SessionTrace } from './traces/session-trace.js';
import type { RequestTable } from '../serving/request-table.js';
import type { RequestSink, Workload } from './workload.js';

/** Options of {@link SessionReplay}. */
export interface SessionReplayOptions {
  name: string;
  index: number;
  requests: RequestTable;
  sink: RequestSink;
  trace: SessionTrace;
  /** Replay the first `limit` top-level sessions (with their sub-agents). */
  limit: number;
  /** Divide recorded think times and start offsets by this. */
  speedup: number;
}

/**
 * Closed-loop replay of agentic sessions: a session's call i is issued `think[i]` after call i−1
 * finished *in the simulation* (not when it finished in production), so a slower fleet stretches
 * the session as it would a real agent. Each call re-sends the whole growing context with its
 * block-hash chain. A sub-agent session starts `sessionStart` after its parent call finishes.
 *
 * In the recorded traces a parent's next call waited for its sub-agents and its `think` includes
 * that wait; here the parent follows its recorded think time, so the wait is as recorded, not
 * re-simulated.
 */
export class SessionReplay implements Workload {
  issued = 0;
  private readonly kind: number;
  /** Per session: the call (global index) in flight or next, and whether it is replayed. */
  private readonly nextCall: Int32Array;
  private readonly active: Uint8Array;
  /** Sub-agent sessions launched by each call, as CSR arrays (call → children). */
  private readonly childStart: Int32Array;
  private readonly children: Int32Array;

  constructor(private readonly sim: Simulation, private readonly o: SessionReplayOptions) {
    const t = o.trace;
    this.kind = sim.register(`${o.name}.call`, (s) => this.issue(s));
    this.nextCall = Int32Array.from(t.callOffset);
    this.active = new Uint8Array(t.sessions);
    // the first `limit` top-level sessions and, transitively, their sub-agents
    let top = 0;
    for (let s = 0; s < t.sessions; s++) {
      const p = t.parentSession[s];
      if (p < 0) this.active[s] = top++ < o.limit ? 1 : 0;
      else this.active[s] = this.active[p]; // parents precede their sub-agents in the trace
    }
    const calls = t.think.length;
    const counts = new Int32Array(calls + 1);
    for (let s = 0; s < t.sessions; s++) if (t.parentCall[s] >= 0) counts[t.parentCall[s] + 1]++;
    for (let c = 0; c < calls; c++) counts[c + 1] += counts[c];
    this.childStart = counts;
    this.children = new Int32Array(counts[calls]);
    const fill = counts.slice(0, calls);
    for (let s = 0; s < t.sessions; s++) if (t.parentCall[s] >= 0) this.children[fill[t.parentCall[s]]++] = s;
  }

  start(): void {
    const t = this.o.trace;
    for (let s = 0; s < t.sessions; s++) {
      if (this.active[s] && t.parentSession[s] < 0 && t.callCount[s] > 0) this.scheduleCall(s, t.sessionStart[s]);
    }
  }

  onDone(req: number): void {
    const t = this.o.trace;
    const s = this.o.requests.session[req];
    const c = this.nextCall[s];
    this.o.requests.free(req);
    for (let k = this.childStart[c]; k < this.childStart[c + 1]; k++) {
      const child = this.children[k];
      if (this.active[child] && t.callCount[child] > 0) this.scheduleCall(child, t.sessionStart[child]);
    }
    this.nextCall[s] = c + 1;
    if (c + 1 < t.callOffset[s] + t.callCount[s]) this.scheduleCall(s, 0);
  }

  /** Schedules session s's next call after `offset` plus that call's think time. */
  private scheduleCall(s: number, offset: number): void {
    const c = this.nextCall[s];
    this.sim.schedule((offset + this.o.trace.think[c]) / this.o.speedup, this.kind, s);
  }

  private issue(s: number): void {
    const { trace: t, requests } = this.o;
    const c = this.nextCall[s];
    const req = requests.alloc();
    requests.set(req, this.sim.now, t.inputTokens[c], Math.max(1, t.outputTokens[c]), s, this.o.index);
    requests.setKeys(req, t.keys, t.keyOffset[c], t.keyCount[c], t.blockTokens);
    this.issued++;
    this.o.sink.submit(req);
  }
}
