/**
 * One replica — Llama-3.1-8B on one H100 (roofline step costs), vLLM-like settings (16-token
 * blocks, 8192-token step budget, 256 sequences) — under heavy load, with fast-forward on and off:
 * simulated requests per wall-clock second, kernel events, and simulated seconds per wall second.
 *
 * Two workloads:
 * - `chat`: Poisson arrivals at ~85% of the replica's capacity, prompts U(100, 4000), outputs
 *   U(50, 1500) tokens, no shared prefixes;
 * - `agents`: 64 agent sessions whose contexts grow call by call (shared system prompt, each call's
 *   chain covering prompt and output), so about half the input tokens are prefix-cache hits and
 *   the cache work (lookups, evictions, publications per block) dominates;
 * - `reasoning`: long outputs U(2000, 8000) after prompts U(500, 3000), Poisson at ~0.8 req/s.
 * Fast-forward pays where steps outnumber arrivals (long outputs, moderate arrival rates); under a
 * saturating stream of arrivals it mostly cannot jump, and costs nothing.
 */
import { pathToFileURL } from 'node:url';
import { Simulation } from '../src/kernel/simulation.js';
import { RandomStreams } from '../src/kernel/random-streams.js';
import { LLAMA_3_1_8B } from '../src/catalog/models.js';
import { H100 } from '../src/catalog/accelerators.js';
import { StepCostModel } from '../src/serving/roofline.js';
import { RequestTable } from '../src/serving/request-table.js';
import { Replica } from '../src/serving/replica.js';
import { KeyIndex } from '../src/serving/block-manager.js';

/** One case of {@link benchReplica}. */
export interface ReplicaBenchFigure {
  workload: 'chat' | 'agents' | 'reasoning';
  fastForward: boolean;
  requests: number;
  events: number;
  wall_s: number;
  /** Requests simulated per wall-clock second. */
  requests_per_s: number;
  /** Simulated seconds per wall-clock second. */
  sim_s_per_s: number;
  /** Sanity figures: mean batch size and busy fraction of the simulated replica. */
  mean_batch: number;
  utilisation: number;
  hit_share: number;
}

/** What {@link benchReplica} returns. */
export interface ReplicaBenchResult {
  name: 'replica';
  figures: ReplicaBenchFigure[];
}

const BT = 16;

/** Arrival times, prompts, outputs and key chains of a workload, generated before timing. */
interface Workload {
  arrival: Float64Array;
  prompt: Int32Array;
  output: Int32Array;
  chain: (Float64Array | null)[];
  keyCount: Int32Array;
}

/** A workload of `n` requests with every field zero and no key chains. */
function emptyWorkload(n: number): Workload {
  return { arrival: new Float64Array(n), prompt: new Int32Array(n), output: new Int32Array(n), chain: new Array(n).fill(null), keyCount: new Int32Array(n) };
}

/**
 * Poisson arrivals at `rate`; prompt and output lengths uniform on [lo, lo + span) tokens, as
 * [lo, span]; no shared prefixes. Draws from stream `stream` in the order arrival, prompt, output.
 */
function uniformWorkload(stream: string, n: number, rate: number, seed: number, prompt: readonly [number, number], output: readonly [number, number]): Workload {
  const u = new RandomStreams(seed, 0).uniform(stream);
  const w = emptyWorkload(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += -Math.log(1 - u()) / rate;
    w.arrival[i] = t;
    w.prompt[i] = prompt[0] + Math.floor(u() * prompt[1]);
    w.output[i] = output[0] + Math.floor(u() * output[1]);
  }
  return w;
}

function agentWorkload(n: number, rate: number, seed: number, sessions = 64): Workload {
  const u = new RandomStreams(seed, 0).uniform('bench.replica.agents');
  const sys = 64; // 1024-token system prompt shared by all sessions
  const maxBlocks = 2500;
  const chains = Array.from({ length: sessions }, (_, s) => Float64Array.from({ length: maxBlocks }, (_, i) => (i < sys ? 1e6 + i : 1e9 * (s + 1) + i)));
  const ctx = new Array<number>(sessions).fill(sys * BT + 200);
  const w = emptyWorkload(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += -Math.log(1 - u()) / rate;
    const s = Math.floor(u() * sessions);
    const out = 50 + Math.floor(u() * 750);
    w.arrival[i] = t;
    w.prompt[i] = ctx[s];
    w.output[i] = out;
    w.chain[i] = chains[s];
    w.keyCount[i] = Math.min(maxBlocks, Math.floor((ctx[s] + out) / BT));
    ctx[s] += out + Math.floor(u() * 400);
    if (ctx[s] > 30_000) ctx[s] = sys * BT + 200; // compaction
  }
  return w;
}

function runOnce(w: Workload, fastForward: boolean): Omit<ReplicaBenchFigure, 'workload'> {
  const cost = new StepCostModel(LLAMA_3_1_8B, H100);
  const sim = new Simulation();
  const table = new RequestTable(1024);
  const n = w.arrival.length;
  let done = 0;
  const rep = new Replica(sim, {
    id: 0,
    requests: table,
    cost,
    blockTokens: BT,
    capacityBlocks: Math.floor(cost.kvCapacityTokens(0.9) / BT),
    maxBatchTokens: 8192,
    maxSeqs: 256,
    kvBytesPerToken: LLAMA_3_1_8B.kvBytesPerToken,
    cache: { enabled: true },
    fastForward,
    onDone: (r) => {
      done++;
      table.free(r);
    },
  });
  const arrive = sim.register('bench.arrive', (i) => {
    const r = table.alloc();
    table.set(r, sim.now, w.prompt[i], w.output[i]);
    const chain = w.chain[i];
    if (chain !== null) table.setKeys(r, chain, 0, w.keyCount[i], BT);
    rep.submit(r);
    if (i + 1 < n) sim.scheduleAt(w.arrival[i + 1], arrive, i + 1);
  });
  sim.scheduleAt(w.arrival[0], arrive, 0);
  const t0 = performance.now();
  const out = sim.run();
  const wall = (performance.now() - t0) / 1000;
  const st = rep.readStats();
  return {
    fastForward,
    requests: done,
    events: out.events,
    wall_s: wall,
    requests_per_s: done / wall,
    sim_s_per_s: sim.now / wall,
    mean_batch: st.meanBatchSize,
    utilisation: st.utilisation(sim.now),
    hit_share: st.hbmHitTokens / (st.hbmHitTokens + st.prefillTokens),
  };
}

/** Runs both workloads with fast-forward on and off; best of `repeats` per case. */
export async function benchReplica(options: { requests?: number; repeats?: number } = {}): Promise<ReplicaBenchResult> {
  const n = options.requests ?? 30_000;
  const repeats = options.repeats ?? 2;
  const figures: ReplicaBenchFigure[] = [];
  const cases: [ReplicaBenchFigure['workload'], Workload][] = [
    ['chat', uniformWorkload('bench.replica.chat', n, 4.6, 1, [100, 3900], [50, 1450])],
    ['agents', agentWorkload(n, 5, 2)],
    ['reasoning', uniformWorkload('bench.replica.reasoning', Math.ceil(n / 6), 0.8, 3, [500, 2500], [2000, 6000])],
  ];
  for (const [workload, w] of cases) {
    for (const ff of [true, false]) {
      let best: ReplicaBenchFigure | undefined;
      for (let r = 0; r < repeats; r++) {
        const f = { workload, ...runOnce(w, ff) };
        if (best === undefined || f.requests_per_s > best.requests_per_s) best = f;
      }
      figures.push(best!);
    }
  }
  return { name: 'replica', figures };
}

/** What {@link benchKeyIndex} returns. */
export interface KeyIndexBenchResult {
  name: 'keyIndex';
  entries: number;
  ops: number;
  key_index_ns_per_op: number;
  map_ns_per_op: number;
}

/**
 * The block-key map alone, as a prefix cache drives it: 32768 resident keys (non-integer doubles,
 * like chained hashes), and per round a lookup that hits, one that misses, an insert of a new key
 * and the eviction of the oldest. `KeyIndex` against `Map<number, number>`.
 */
export async function benchKeyIndex(options: { rounds?: number } = {}): Promise<KeyIndexBenchResult> {
  const entries = 32_768;
  const rounds = options.rounds ?? 2_000_000;
  const key = (i: number): number => 1e9 * (i % 977) + i + 0.5;
  const time = (m: { get(k: number): number | undefined; set(k: number, v: number): unknown; delete(k: number): boolean }): number => {
    for (let i = 0; i < entries; i++) m.set(key(i), i);
    let sink = 0;
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) {
      const head = r + entries;
      sink += m.get(key(head - 1 - (r % entries))) ?? 0;
      sink += m.get(key(head + 7)) ?? 0;
      m.set(key(head), r);
      m.delete(key(r));
    }
    const ns = ((performance.now() - t0) * 1e6) / (4 * rounds);
    if (sink === 0.5) console.log(sink);
    return ns;
  };
  const keyIndex = () => {
    const idx = new KeyIndex(entries + 1);
    return { get: (k: number) => { const v = idx.get(k); return v < 0 ? undefined : v; }, set: (k: number, v: number) => idx.set(k, v), delete: (k: number) => idx.delete(k) };
  };
  const keyIndexNs = Math.min(time(keyIndex()), time(keyIndex()));
  const mapNs = Math.min(time(new Map<number, number>()), time(new Map<number, number>()));
  return { name: 'keyIndex', entries, ops: 4 * rounds, key_index_ns_per_op: keyIndexNs, map_ns_per_op: mapNs };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const k = await benchKeyIndex();
  console.log(`block-key map, ${k.entries} keys: KeyIndex ${k.key_index_ns_per_op.toFixed(1)} ns/op, Map ${k.map_ns_per_op.toFixed(1)} ns/op`);
  const r = await benchReplica();
  for (const f of r.figures) {
    console.log(
      `replica ${f.workload.padEnd(9)} ff=${f.fastForward ? 'on ' : 'off'}: ${f.requests} requests, ${(f.events / 1e6).toFixed(2)} M events, ` +
        `${(f.requests_per_s / 1e3).toFixed(1)} k requests/s, ${f.sim_s_per_s.toFixed(0)} sim-s/s ` +
        `(batch ${f.mean_batch.toFixed(1)}, util ${f.utilisation.toFixed(2)}, hits ${(100 * f.hit_share).toFixed(0)}%)`,
    );
  }
}
