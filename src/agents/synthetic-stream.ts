import type { Simulation } from '../kernel/simulation.js';
import type { Sampler } from '../kernel/distributions.js';
import type { UniformSource } from '../kernel/random-streams.js';
import type { RequestTable } from '../serving/request-table.js';
import { syntheticKeyBase, type RequestSink, type Workload } from './workload.js';

/** Options of {@link SyntheticStream}. */
export interface SyntheticStreamOptions {
  name: string;
  /** This workload's index (the `owner` of its requests). */
  index: number;
  requests: RequestTable;
  sink: RequestSink;
  interarrival: Sampler;
  prompt: Sampler;
  output: Sampler;
  /** Leading prompt tokens shared by every request (a system prompt). */
  sharedPrefix: number;
  /** Requests are spread uniformly over this many sessions (for session-affinity routing). */
  sessions: number;
  sessionPick: UniformSource;
  /** Block size of the serving pool; the shared prefix is keyed block by block. */
  blockTokens: number;
}

/**
 * An open Poisson (or renewal) stream of requests with drawn prompt and output lengths. Every
 * prompt starts with the same `sharedPrefix` tokens, keyed as one block chain, so a prefix cache
 * can serve them; the rest of each prompt is unique to the request (no keys, never shared).
 */
export class SyntheticStream implements Workload {
  issued = 0;
  private readonly kind: number;
  private readonly prefixKeys: Float64Array;

  constructor(private readonly sim: Simulation, private readonly o: SyntheticStreamOptions) {
    this.kind = sim.register(`${o.name}.request`, () => this.fire());
    const base = syntheticKeyBase(o.index);
    this.prefixKeys = Float64Array.from({ length: Math.floor(o.sharedPrefix / o.blockTokens) }, (_, i) => base - i);
  }

  start(): void {
    this.sim.schedule(this.o.interarrival.sample(), this.kind, 0);
  }

  onDone(req: number): void {
    this.o.requests.free(req);
  }

  private fire(): void {
    const o = this.o;
    const req = o.requests.alloc();
    // at least one prompt token (the shared prefix) and one output token: a request always does work
    const prompt = o.sharedPrefix + Math.max(1, Math.round(o.prompt.sample()));
    const output = Math.max(1, Math.round(o.output.sample()));
    const session = Math.floor(o.sessionPick() * o.sessions);
    o.requests.set(req, this.sim.now, prompt, output, session, o.index);
    o.requests.setKeys(req, this.prefixKeys, 0, this.prefixKeys.length, o.blockTokens);
    this.issued++;
    o.sink.submit(req);
    this.sim.schedule(o.interarrival.sample(), this.kind, 0);
  }
}
