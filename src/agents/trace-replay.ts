import type { Simulation } from '../kernel/simulation.js';
import type { RequestTrace } from './traces/request-trace.js';
import type { RequestTable } from '../serving/request-table.js';
import type { RequestSink, Workload } from './workload.js';

/** Options of {@link TraceReplay}. */
export interface TraceReplayOptions {
  name: string;
  index: number;
  requests: RequestTable;
  sink: RequestSink;
  trace: RequestTrace;
  /** Use the first `limit` requests. */
  limit: number;
  /** Replay this many times faster than recorded. */
  speedup: number;
}

/**
 * Open-loop replay of a request trace (Mooncake, Azure): request i arrives at its recorded time
 * (divided by `speedup`), in file order on ties, with its recorded lengths and — when the trace has
 * them — its block-hash chain as prefix keys. One event is pending at a time.
 */
export class TraceReplay implements Workload {
  issued = 0;
  private readonly kind: number;
  private readonly count: number;

  constructor(private readonly sim: Simulation, private readonly o: TraceReplayOptions) {
    this.kind = sim.register(`${o.name}.request`, (i) => this.fire(i));
    this.count = Math.min(o.limit, o.trace.count);
  }

  start(): void {
    if (this.count > 0) this.sim.scheduleAt(this.o.trace.arrival[0] / this.o.speedup, this.kind, 0);
  }

  onDone(req: number): void {
    this.o.requests.free(req);
  }

  private fire(i: number): void {
    const { trace, requests } = this.o;
    const req = requests.alloc();
    // sessions: with no session column, each request is its own session (affinity spreads them)
    requests.set(req, this.sim.now, trace.inputTokens[i], Math.max(1, trace.outputTokens[i]), i, this.o.index);
    if (trace.blockTokens > 0) requests.setKeys(req, trace.keys, trace.keyOffset[i], trace.keyCount[i], trace.blockTokens);
    this.issued++;
    this.o.sink.submit(req);
    if (i + 1 < this.count) this.sim.scheduleAt(Math.max(this.sim.now, trace.arrival[i + 1] / this.o.speedup), this.kind, i + 1);
  }
}
