import type { Simulation } from '../kernel/simulation.js';
import type { UniformSource } from '../kernel/random-streams.js';
import type { Accelerator } from '../catalog/accelerators.js';
import type { ModelSpec } from '../catalog/models.js';
import { findApiPrice } from '../catalog/lookup.js';
import type { PoolSpec, PowerSpec } from '../scenario/fleet-schema.js';
import { StepCostModel } from '../serving/roofline.js';
import type { RequestTable } from '../serving/request-table.js';
import { Replica } from '../serving/replica.js';
import { KvTier, TierSync } from '../serving/kv-tier.js';
import type { ReplicaStats } from '../serving/replica-stats.js';
import { makeReplicaPolicy, type ReplicaPolicy } from '../routing/replica-policy.js';
import { LogHistogram } from '../metrics/log-histogram.js';
import { Welford } from '../metrics/welford.js';
import type { RunRecorder, WindowGrid } from '../metrics/run-recorder.js';
import { energyKWh, facilityPowerW } from './power.js';
import { apiCost, provisionedCost } from './cost.js';

/** Options of {@link Pool}. */
export interface PoolOptions {
  spec: PoolSpec;
  accelerator: Accelerator;
  model: ModelSpec;
  /** Tokens per KV block (the pool's setting, or its traces' block size). */
  blockTokens: number;
  requests: RequestTable;
  window: WindowGrid;
  power: PowerSpec;
  /** Draws for randomised replica policies. */
  route: UniformSource;
  /** Called when a request is done, after the pool has recorded it. */
  onDone: (req: number) => void;
}

/** The figures of a pool over the measured interval, as reported. */
export interface PoolFigures {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from cache (HBM + DRAM + shared pool): the cache reads. */
  cacheReadTokens: number;
  /** Tokens the engine processed: cache reads + prefilled (recomputation included) + output. */
  processedTokens: number;
  costUsd: number;
  energyKWh: number;
  apiCostUsd: number;
}

const QUANTILES: [string, number][] = [['p50', 0.5], ['p90', 0.9], ['p99', 0.99]];

/**
 * A pool: `count` accelerators of one kind running one model, as `count / tp` continuous-batching
 * replicas. Requests are routed to a replica by the pool's replica policy. Replicas on one node
 * (gpusPerNode / tp of them) share that node's host-DRAM KV tier; all replicas share the pool's
 * shared KV tier. The pool records per-request latency and token figures for requests that finish
 * after warm-up, and turns the replicas' busy time into power, energy and cost.
 */
export class Pool {
  readonly name: string;
  readonly replicas: Replica[] = [];
  private readonly policy: ReplicaPolicy;
  private readonly o: PoolOptions;
  private readonly sim: Simulation;
  private measuredFrom: number;

  // per-request figures of requests finishing in the measured interval
  private readonly ttft = new LogHistogram();
  private readonly tpot = new LogHistogram();
  private readonly e2e = new LogHistogram();
  private readonly ttftW = new Welford();
  private readonly tpotW = new Welford();
  private readonly e2eW = new Welford();
  private readonly queueW = new Welford();
  private done = 0;
  private inputTokens = 0;
  private outputTokens = 0;
  private hbmHit = 0;
  private dramHit = 0;
  private poolHit = 0;
  private prefilled = 0;
  private preempted = 0;
  private rejected = 0;
  // per-window series (whole run, warm-up included)
  private readonly wDone: Float64Array;
  private readonly wOutput: Float64Array;
  private readonly wCacheRead: Float64Array;
  private readonly wPrefilled: Float64Array;
  private readonly wTtftSum: Float64Array;
  /** Busy replica-seconds per window, read at each window boundary. */
  private readonly wBusy: Float64Array;
  private lastBusy = 0;
  /** Replica busy time accumulated before their stats were reset at warm-up end. */
  private busyBeforeWarmup = 0;

  constructor(sim: Simulation, options: PoolOptions) {
    this.sim = sim;
    this.o = options;
    const { spec, accelerator: accel, model } = options;
    this.name = spec.name;
    this.measuredFrom = sim.warmup;
    // registered before the replicas', so it reads their busy time just before they reset it
    sim.onWarmupEnd(() => (this.busyBeforeWarmup = this.busyNow()));
    const cost = new StepCostModel(model, accel, spec.tp);
    const capacityBlocks = spec.engine.kvBlocks ?? Math.floor(cost.kvCapacityTokens(spec.engine.memoryUtilisation) / options.blockTokens);
    const replicaCount = spec.count / spec.tp;
    const perNode = Math.max(1, Math.floor(accel.gpusPerNode / spec.tp));
    const blockBytes = options.blockTokens * model.kvBytesPerToken;
    const sync = new TierSync();
    const tier = (t: { capacity: number; bandwidth: number; latency: number }, name: string, lower?: KvTier) =>
      new KvTier({ name, capacityBlocks: Math.floor(t.capacity / blockBytes), bandwidthBps: t.bandwidth, latencyS: t.latency, lower, sync });
    // DRAM evictions fall to the shared pool, when there is one
    const shared = spec.sharedPool ? tier(spec.sharedPool, `${spec.name}.pool`) : undefined;
    let dram: KvTier | undefined;
    for (let r = 0; r < replicaCount; r++) {
      if (spec.dram && r % perNode === 0) dram = tier(spec.dram, `${spec.name}.dram${r / perNode}`, shared);
      this.replicas.push(
        new Replica(sim, {
          id: r,
          requests: options.requests,
          cost,
          blockTokens: options.blockTokens,
          capacityBlocks,
          maxBatchTokens: spec.engine.maxBatchTokens,
          maxSeqs: spec.engine.maxSeqs,
          kvBytesPerToken: model.kvBytesPerToken,
          cache: { enabled: spec.prefixCache.enabled, ttlS: spec.prefixCache.ttl > 0 ? spec.prefixCache.ttl : undefined },
          dram,
          pool: shared,
          fastForward: spec.engine.fastForward,
          onDone: (req: number) => this.finish(req),
          onReject: (req: number) => this.reject(req),
        }),
      );
    }
    this.policy = makeReplicaPolicy(spec.routing, this.replicas, options.route, { cacheAwareAlpha: spec.cacheAwareAlpha });
    const n = options.window.count;
    this.wDone = new Float64Array(n);
    this.wOutput = new Float64Array(n);
    this.wCacheRead = new Float64Array(n);
    this.wPrefilled = new Float64Array(n);
    this.wTtftSum = new Float64Array(n);
    this.wBusy = new Float64Array(n);
    sim.onWarmupEnd(() => this.resetMeasured());
    const tick = sim.register(`${spec.name}.window`, (w) => {
      this.closeWindow(w);
      if (w + 1 < n) sim.schedule(options.window.width, tick, w + 1);
    });
    sim.schedule(options.window.width, tick, 0);
  }

  /** Busy time in the replicas' stats (which restart at warm-up end). */
  private busyNow(): number {
    let b = 0;
    for (const r of this.replicas) b += r.readStats().busy.value;
    return b;
  }

  private closeWindow(w: number): void {
    const busy = this.busyNow() + this.busyBeforeWarmup;
    this.wBusy[w] = busy - this.lastBusy;
    this.lastBusy = busy;
  }

  /** Accelerators in the pool. */
  get accelerators(): number {
    return this.o.spec.count;
  }

  /** Routes a request to a replica. */
  submit(req: number): void {
    const r = this.policy.pick(req, this.o.requests.session[req]);
    this.replicas[r].submit(req);
  }

  private resetMeasured(): void {
    this.measuredFrom = this.sim.now;
    for (const h of [this.ttft, this.tpot, this.e2e]) h.reset();
    for (const w of [this.ttftW, this.tpotW, this.e2eW, this.queueW]) w.reset();
    this.done = this.inputTokens = this.outputTokens = this.hbmHit = this.dramHit = this.poolHit = this.prefilled = this.preempted = this.rejected = 0;
  }

  /** A request too large for a replica's whole KV memory: counted, and handed back unserved. */
  private reject(req: number): void {
    if (this.sim.measuring) this.rejected++;
    this.o.onDone(req);
  }

  private finish(req: number): void {
    const q = this.o.requests;
    const now = this.sim.now;
    const w = Math.min(this.o.window.count - 1, Math.floor(now / this.o.window.width));
    const ttft = q.ttft(req);
    const cacheRead = q.hbmHitTokens[req] + q.dramHitTokens[req] + q.poolHitTokens[req];
    this.wDone[w]++;
    this.wOutput[w] += q.outputTokens[req];
    this.wCacheRead[w] += cacheRead;
    this.wPrefilled[w] += q.prefilledTokens[req];
    this.wTtftSum[w] += ttft;
    if (this.sim.measuring) {
      const e2e = now - q.arrival[req];
      const tpot = q.tpot(req);
      this.done++;
      this.ttft.add(ttft);
      this.ttftW.add(ttft);
      this.e2e.add(e2e);
      this.e2eW.add(e2e);
      if (Number.isFinite(tpot)) {
        this.tpot.add(tpot);
        this.tpotW.add(tpot);
      }
      this.queueW.add(q.admitted[req] - q.arrival[req]);
      this.inputTokens += q.promptTokens[req];
      this.outputTokens += q.outputTokens[req];
      this.hbmHit += q.hbmHitTokens[req];
      this.dramHit += q.dramHitTokens[req];
      this.poolHit += q.poolHitTokens[req];
      this.prefilled += q.prefilledTokens[req];
      this.preempted += q.preemptions[req];
    }
    this.o.onDone(req);
  }

  /** Replica stats summed (after bringing any fast-forward jump up to now). */
  private totals(): { busy: number; flops: number; bytes: number; steps: number; batchSeqs: number; evictions: number; preemptions: number } {
    const t = { busy: 0, flops: 0, bytes: 0, steps: 0, batchSeqs: 0, evictions: 0, preemptions: 0 };
    for (const r of this.replicas) {
      const s: ReplicaStats = r.readStats();
      t.busy += s.busy.value;
      t.flops += s.flops.value;
      t.bytes += s.bytes.value;
      t.steps += s.steps;
      t.batchSeqs += s.batchSeqs;
      t.evictions += s.evictions;
      t.preemptions += s.preemptions;
    }
    return t;
  }

  /** Writes the pool's scalars (`<pool>.<metric>`), its series and its `pools` row. Returns its figures for fleet totals. */
  report(rec: RunRecorder): PoolFigures {
    const { spec, accelerator: accel, model, power } = this.o;
    const seconds = this.sim.now - this.measuredFrom;
    const replicas = this.replicas.length;
    const t = this.totals();
    const utilisation = seconds > 0 ? t.busy / (replicas * seconds) : NaN;
    const mfu = seconds > 0 ? t.flops / (spec.count * accel.flops * seconds) : NaN;
    const mbu = seconds > 0 ? t.bytes / (spec.count * accel.hbmBandwidth * seconds) : NaN;
    const powerW = facilityPowerW(accel, spec.count, Number.isFinite(utilisation) ? Math.min(1, utilisation) : 0, power.pue);
    const energy = energyKWh(powerW, seconds);
    const usdPerHour = spec.usdPerHour ?? accel.usdPerHour;
    const prov = provisionedCost({ accelerators: spec.count, usdPerAcceleratorHour: usdPerHour, hours: seconds / 3600, energyKWh: energy, usdPerKWh: power.usdPerKwh });
    const cacheRead = this.hbmHit + this.dramHit + this.poolHit;
    const api = apiCost(findApiPrice(model.apiClass), { freshInput: this.inputTokens - cacheRead, cachedInput: cacheRead, output: this.outputTokens }).totalUsd;
    const tokens = this.inputTokens + this.outputTokens;
    // tokens the engine read or computed: a preempted request is re-admitted and re-reads (or
    // recomputes) its prefix, so shares are taken of the tokens processed, never above 1
    const processedInput = cacheRead + this.prefilled;
    const processed = processedInput + this.outputTokens;
    const p = `${spec.name}.`;
    const values: Record<string, number> = {
      gpus: spec.count,
      replicas,
      requests: this.done,
      requests_per_s: seconds > 0 ? this.done / seconds : NaN,
      rejected: this.rejected,
      ttft_mean_s: this.ttftW.meanOrNaN,
      ...Object.fromEntries(QUANTILES.map(([n, q]) => [`ttft_${n}_s`, this.ttft.quantile(q)])),
      tpot_mean_s: this.tpotW.meanOrNaN,
      ...Object.fromEntries(QUANTILES.map(([n, q]) => [`tpot_${n}_s`, this.tpot.quantile(q)])),
      e2e_mean_s: this.e2eW.meanOrNaN,
      ...Object.fromEntries(QUANTILES.map(([n, q]) => [`e2e_${n}_s`, this.e2e.quantile(q)])),
      queue_mean_s: this.queueW.meanOrNaN,
      input_tokens: this.inputTokens,
      output_tokens: this.outputTokens,
      prefilled_tokens: this.prefilled,
      cache_read_tokens: cacheRead,
      hit_rate_hbm: processedInput > 0 ? this.hbmHit / processedInput : NaN,
      hit_rate_dram: processedInput > 0 ? this.dramHit / processedInput : NaN,
      hit_rate_pool: processedInput > 0 ? this.poolHit / processedInput : NaN,
      cache_read_share: processed > 0 ? cacheRead / processed : NaN,
      throughput_tok_per_s: seconds > 0 ? tokens / seconds : NaN,
      output_tok_per_s: seconds > 0 ? this.outputTokens / seconds : NaN,
      utilisation,
      mfu,
      mbu,
      mean_batch_seqs: t.steps > 0 ? t.batchSeqs / t.steps : NaN,
      preemptions: t.preemptions,
      evictions: t.evictions,
      power_kw: powerW / 1000,
      energy_kwh: energy,
      cost_usd: prov.totalUsd,
      api_cost_usd: api,
      usd_per_mtok: tokens > 0 ? (prov.totalUsd / tokens) * 1e6 : NaN,
    };
    for (const [k, v] of Object.entries(values)) rec.scalar(p + k, v);
    rec.row('pools', { pool: spec.name, accelerator: accel.name, model: model.name }, { tp: spec.tp, ...values });

    const width = this.o.window.width;
    const ratio = (a: Float64Array, b: Float64Array) => Float64Array.from(a, (x, i) => (b[i] > 0 ? x / b[i] : NaN));
    rec.series(spec.name, 'requests', this.wDone.slice());
    rec.series(spec.name, 'output_tok_per_s', Float64Array.from(this.wOutput, (x) => x / width));
    rec.series(spec.name, 'ttft_mean_s', ratio(this.wTtftSum, this.wDone));
    rec.series(spec.name, 'cache_read_share', Float64Array.from(this.wCacheRead, (x, i) => (x + this.wPrefilled[i] + this.wOutput[i] > 0 ? x / (x + this.wPrefilled[i] + this.wOutput[i]) : NaN)));
    rec.series(spec.name, 'utilisation', Float64Array.from(this.wBusy, (b) => b / (replicas * width)));
    return { requests: this.done, inputTokens: this.inputTokens, outputTokens: this.outputTokens, cacheReadTokens: cacheRead, processedTokens: processed, costUsd: prov.totalUsd, energyKWh: energy, apiCostUsd: api };
  }
}
