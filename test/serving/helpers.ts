/**
 * Shared pieces of the serving tests: a hand-made linear step-cost model with exact closed forms,
 * and a driver that feeds a list of requests to one or more replicas and records every outcome.
 */
import { Simulation } from '../../src/kernel/simulation.js';
import { RandomStreams } from '../../src/kernel/random-streams.js';
import { RequestTable } from '../../src/serving/request-table.js';
import { Replica, type ReplicaOptions, type StepCost } from '../../src/serving/replica.js';
import type { KvTier } from '../../src/serving/kv-tier.js';

/**
 * stepTime = base + perPrefill·P + perAttn·prefillAttn + perKvRead·kvRead + perSeq·D + perCtx·C.
 * FLOPs and bytes are other linear forms, so MFU/MBU sums can be checked too.
 */
export class LinearStepCost implements StepCost {
  constructor(
    readonly base = 0.005,
    readonly perPrefill = 1e-4,
    readonly perAttn = 0,
    readonly perKvRead = 0,
    readonly perSeq = 1e-4,
    readonly perCtx = 1e-7,
  ) {}

  stepTime(P: number, attn: number, kvRead: number, D: number, C: number): number {
    return this.base + this.perPrefill * P + this.perAttn * attn + this.perKvRead * kvRead + this.perSeq * D + this.perCtx * C;
  }
  flops(P: number, attn: number, _kvRead: number, D: number, C: number): number {
    return 1e9 * (P + D) + 1e3 * (attn + C);
  }
  bytes(P: number, _attn: number, kvRead: number, D: number, C: number): number {
    return 1e6 + 10 * (C + kvRead + P + D);
  }
  decodeRunTime(D: number, C0: number, k: number): number {
    return k * (this.base + this.perSeq * D + this.perCtx * C0) + this.perCtx * D * ((k * (k - 1)) / 2);
  }
  decodeRunFlops(D: number, C0: number, k: number): number {
    return k * (1e9 * D + 1e3 * C0) + 1e3 * D * ((k * (k - 1)) / 2);
  }
  decodeRunBytes(D: number, C0: number, k: number): number {
    return k * (1e6 + 10 * (C0 + D)) + 10 * D * ((k * (k - 1)) / 2);
  }
  decodeStepsToReach(D: number, C0: number, e: number): number {
    if (!(e > 0)) return 0;
    const a = this.base + this.perSeq * D + this.perCtx * C0;
    const b = this.perCtx * D;
    // k·a + b·k(k−1)/2 = e  →  (b/2)k² + (a − b/2)k − e = 0
    const lin = a - b / 2;
    let k = b === 0 ? Math.ceil(e / a) : Math.ceil((2 * e) / (lin + Math.sqrt(lin * lin + 2 * b * e)));
    while (k > 0 && this.decodeRunTime(D, C0, k - 1) >= e) k--;
    while (this.decodeRunTime(D, C0, k) < e) k++;
    return k;
  }
}

/** One request of a workload. */
export interface Job {
  arrival: number;
  prompt: number;
  output: number;
  session?: number;
  keys?: Float64Array;
  keyOffset?: number;
  keyCount?: number;
  /** Replica index (default 0). */
  replica?: number;
}

/** Outcomes of a driven run, by job index. */
export interface RunRecord {
  admitted: Float64Array;
  firstToken: Float64Array;
  done: Float64Array;
  hbmHit: Int32Array;
  dramHit: Int32Array;
  poolHit: Int32Array;
  prefilled: Int32Array;
  preemptions: Int32Array;
  events: number;
  replicas: Replica[];
  sim: Simulation;
  /** Values returned by probes, in order. */
  probes: number[];
}

/** What each replica is built with, minus the wiring the driver does. */
export type ReplicaSetup = Omit<ReplicaOptions, 'requests' | 'onDone' | 'onFirstToken' | 'id'> & { dram?: KvTier; pool?: KvTier };

/**
 * Runs `jobs` (sorted by arrival) on replicas built from `setups`; request ids are freed when
 * done, so ids are reused. `probeEvery` > 0 schedules probes that read every replica's load and
 * the cached prefix of the next job (as a router would), recording the values.
 */
export function drive(jobs: Job[], setups: ReplicaSetup[], options: { warmup?: number; until?: number; probeEvery?: number; blockTokens?: number } = {}): RunRecord {
  const sim = new Simulation({ warmup: options.warmup ?? 0 });
  const table = new RequestTable(16);
  const n = jobs.length;
  const rec: RunRecord = {
    admitted: new Float64Array(n).fill(NaN),
    firstToken: new Float64Array(n).fill(NaN),
    done: new Float64Array(n).fill(NaN),
    hbmHit: new Int32Array(n),
    dramHit: new Int32Array(n),
    poolHit: new Int32Array(n),
    prefilled: new Int32Array(n),
    preemptions: new Int32Array(n),
    events: 0,
    replicas: [],
    sim,
    probes: [],
  };
  const onDone = (r: number): void => {
    const j = table.owner[r];
    rec.admitted[j] = table.admitted[r];
    rec.firstToken[j] = table.firstToken[r];
    rec.done[j] = table.done[r];
    rec.hbmHit[j] = table.hbmHitTokens[r];
    rec.dramHit[j] = table.dramHitTokens[r];
    rec.poolHit[j] = table.poolHitTokens[r];
    rec.prefilled[j] = table.prefilledTokens[r];
    rec.preemptions[j] = table.preemptions[r];
    table.free(r);
  };
  setups.forEach((s, i) => rec.replicas.push(new Replica(sim, { ...s, id: i, requests: table, onDone })));
  let next = 0;
  const arrive = sim.register('test.arrive', (j) => {
    const job = jobs[j];
    const r = table.alloc();
    table.set(r, sim.now, job.prompt, job.output, job.session ?? 0, j);
    if (job.keys !== undefined) table.setKeys(r, job.keys, job.keyOffset ?? 0, job.keyCount ?? job.keys.length, setups[job.replica ?? 0].blockTokens);
    rec.replicas[job.replica ?? 0].submit(r);
    next = j + 1;
    if (next < n) sim.scheduleAt(jobs[next].arrival, arrive, next);
  });
  if (n > 0) sim.scheduleAt(jobs[0].arrival, arrive, 0);
  const probeEvery = options.probeEvery ?? 0;
  if (probeEvery > 0) {
    const probeR = table.alloc();
    const probe = sim.register('test.probe', () => {
      for (const rep of rec.replicas) {
        rec.probes.push(rep.outstandingTokens);
        if (next < n) {
          const job = jobs[next];
          table.set(probeR, sim.now, job.prompt, job.output);
          table.setKeys(probeR, job.keys ?? null, job.keyOffset ?? 0, job.keyCount ?? job.keys?.length ?? 0, rep.blockTokens);
          rec.probes.push(rep.cachedPrefixTokens(probeR));
        }
      }
      if (next < n || rec.replicas.some((r) => !r.idle)) sim.schedule(probeEvery, probe, 0);
    });
    sim.schedule(probeEvery / 2, probe, 0);
  }
  const out = sim.run({ until: options.until });
  rec.events = out.events;
  return rec;
}

/** Largest relative difference between two arrays (NaN equal to NaN; 0 vs tiny → absolute). */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (Number.isNaN(x) !== Number.isNaN(y)) return Infinity;
    const d = Math.abs(x - y) / Math.max(1e-300, Math.abs(x), Math.abs(y));
    if (d > worst) worst = d;
  }
  return worst;
}

/** A seeded uniform source for test workloads (the project's seeded streams). */
export function rng(seed: number): () => number {
  return new RandomStreams(seed, 0).uniform('test.workload');
}

/** A Poisson stream of `n` jobs at `rate`, prompt and output lengths uniform in [lo, hi). */
export function poisson(n: number, rate: number, seed: number, prompt: [number, number], output: [number, number]): Job[] {
  const u = rng(seed);
  let t = 0;
  return Array.from({ length: n }, () => {
    t += -Math.log(1 - u()) / rate;
    return { arrival: t, prompt: Math.floor(prompt[0] + u() * (prompt[1] - prompt[0])), output: Math.floor(output[0] + u() * (output[1] - output[0])) };
  });
}
