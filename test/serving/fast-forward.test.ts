import { describe, expect, it } from 'vitest';
import { KvTier, TierSync } from '../../src/serving/kv-tier.js';
import { StepCostModel } from '../../src/serving/roofline.js';
import { LLAMA_3_1_8B } from '../../src/catalog/models.js';
import { H100 } from '../../src/catalog/accelerators.js';
import type { ReplicaStats } from '../../src/serving/replica-stats.js';
import { Simulation } from '../../src/kernel/simulation.js';
import { RequestTable } from '../../src/serving/request-table.js';
import { Replica } from '../../src/serving/replica.js';
import { drive, LinearStepCost, maxRelDiff, poisson, rng, type Job, type ReplicaSetup, type RunRecord } from './helpers.js';

const cost = new LinearStepCost();

const base = (over: Partial<ReplicaSetup> = {}): ReplicaSetup => ({
  cost,
  blockTokens: 16,
  capacityBlocks: 20_000,
  maxBatchTokens: 2048,
  maxSeqs: 64,
  kvBytesPerToken: 1000,
  cache: { enabled: true },
  fastForward: false,
  ...over,
});

/**
 * Agent sessions: a shared system prompt, then each session's own context that grows call by call
 * (previous prompt + output + a tool result), compacted back when it gets long. Each call's key
 * chain covers its prompt *and* its output, so output blocks are cached as they fill and the next
 * call of the session hits them.
 */
function sessions(n: number, rate: number, seed: number, bt = 16, count = 12): Job[] {
  const u = rng(seed);
  const sys = 40;
  const maxBlocks = 4000;
  const chains = Array.from({ length: count }, (_, s) => Float64Array.from({ length: maxBlocks }, (_, i) => (i < sys ? 1e6 + i : 1e9 * (s + 1) + i)));
  const ctx = new Array<number>(count).fill(sys * bt + 100);
  let t = 0;
  return Array.from({ length: n }, () => {
    t += -Math.log(1 - u()) / rate;
    const s = Math.floor(u() * count);
    const output = Math.floor(50 + u() * 600);
    const prompt = ctx[s];
    const keyCount = Math.min(maxBlocks, Math.floor((prompt + output) / bt));
    ctx[s] = prompt + output + Math.floor(u() * 300);
    if (ctx[s] > 20_000) ctx[s] = sys * bt + 100;
    return { arrival: t, prompt, output, session: s, keys: chains[s], keyCount };
  });
}

/**
 * Sessions whose next call can arrive while the previous one is still decoding, its prompt taking
 * in part of that output: under tight memory the queue head is often blocked while a running
 * sequence publishes blocks of the head's own chain.
 */
function overlapping(n: number, seed: number, bt = 16): Job[] {
  const u = rng(seed);
  const count = 6;
  const chains = Array.from({ length: count }, (_, s) => Float64Array.from({ length: 3000 }, (_, i) => 1e9 * (s + 1) + i));
  const ctx = new Array<number>(count).fill(200);
  let t = 0;
  return Array.from({ length: n }, () => {
    t += -Math.log(1 - u()) / 0.8;
    const s = Math.floor(u() * count);
    const output = 100 + Math.floor(u() * 400);
    const job = { arrival: t, prompt: ctx[s], output, session: s, keys: chains[s], keyCount: Math.floor((ctx[s] + output) / bt) };
    ctx[s] += Math.floor(output * u()) + 10;
    if (ctx[s] > 6000) ctx[s] = 200;
    return job;
  });
}

/** Stats that must agree exactly (counts) or to 1e-9 (sums of step times). */
function expectSameStats(a: ReplicaStats, b: ReplicaStats): void {
  for (const k of ['steps', 'batchSeqs', 'batchTokens', 'prefillTokens', 'decodeTokens', 'hbmHitTokens', 'dramHitTokens', 'poolHitTokens', 'arrivals', 'admissions', 'completions', 'preemptions', 'evictions', 'peakBlocksUsed'] as const) {
    expect(b[k], k).toBe(a[k]);
  }
  for (const k of ['busy', 'flops', 'bytes'] as const) expect(maxRelDiff([a[k].value], [b[k].value]), k).toBeLessThanOrEqual(1e-9);
  expect(maxRelDiff([a.loadS], [b.loadS])).toBeLessThanOrEqual(1e-9);
}

/** Runs with fastForward off and on; checks every outcome agrees; returns both and the event ratio. */
function same(jobs: Job[], setups: ReplicaSetup[], options: Parameters<typeof drive>[2] = {}): { step: RunRecord; ff: RunRecord; ratio: number } {
  const [step, ff] = [false, true].map((on) => drive(jobs, setups.map((s) => ({ ...s, fastForward: on })), options));
  for (const k of ['admitted', 'firstToken', 'done'] as const) expect(maxRelDiff(step[k], ff[k]), k).toBeLessThanOrEqual(1e-9);
  for (const k of ['hbmHit', 'dramHit', 'poolHit', 'prefilled', 'preemptions'] as const) expect(Array.from(ff[k]), k).toEqual(Array.from(step[k]));
  expect(ff.probes.length).toBe(step.probes.length);
  expect(maxRelDiff(step.probes, ff.probes)).toBe(0);
  for (let i = 0; i < jobs.length; i++) expect(Number.isFinite(step.done[i])).toBe(true);
  step.replicas.forEach((r, i) => expectSameStats(r.readStats(), ff.replicas[i].readStats()));
  return { step, ff, ratio: step.events / ff.events };
}

describe('fast-forward gives step-by-step results with far fewer events', () => {
  it('steady Poisson load with mixed lengths (warm-up cut inside jumps)', () => {
    const jobs = poisson(1500, 0.5, 1, [100, 4000], [200, 2000]);
    const { step, ratio } = same(jobs, [base()], { warmup: 200 });
    expect(step.replicas[0].readStats().meanBatchSize).toBeGreaterThan(3);
    expect(ratio).toBeGreaterThanOrEqual(20);
  });

  it('memory pressure with preemptions', () => {
    const jobs = poisson(1500, 0.6, 2, [200, 3000], [300, 2500]);
    const { step, ratio } = same(jobs, [base({ capacityBlocks: 1500 })]);
    expect(step.replicas[0].readStats().preemptions).toBeGreaterThan(100);
    expect(ratio).toBeGreaterThanOrEqual(20);
  });

  it('prefix-heavy agent sessions, cache under eviction pressure, routers reading mid-jump', () => {
    const jobs = sessions(1500, 0.5, 3);
    const { step, ratio } = same(jobs, [base({ capacityBlocks: 6000 })], { probeEvery: 2 });
    const st = step.replicas[0].readStats();
    expect(st.hbmHitTokens).toBeGreaterThan(2 * st.prefillTokens);
    expect(st.evictions).toBeGreaterThan(10_000);
    expect(step.probes.length).toBeGreaterThan(1000);
    expect(ratio).toBeGreaterThanOrEqual(20);
  });

  it('a queue head blocked on memory while running sequences publish blocks of its chain', () => {
    for (const seed of [1, 2, 3]) {
      const { step, ratio } = same(overlapping(800, seed), [base({ capacityBlocks: 700, maxBatchTokens: 1024, maxSeqs: 32 })]);
      expect(step.replicas[0].readStats().preemptions).toBeGreaterThan(10);
      expect(ratio).toBeGreaterThanOrEqual(20);
    }
  });

  it('closed-loop agents submitting their next call from onDone, with onFirstToken', () => {
    // 24 agents, 30 calls each; the next call is submitted inside onDone (zero think time) or after
    // a short think; its prompt is the context so far. Callbacks must see identical times.
    const run = (ff: boolean) => {
      const sim = new Simulation();
      const table = new RequestTable(8);
      const u = rng(77);
      const agents = 24;
      const calls = 30;
      const ctx = new Array<number>(agents).fill(300);
      const made = new Array<number>(agents).fill(0);
      const chains = Array.from({ length: agents }, (_, a) => Float64Array.from({ length: 4000 }, (_, i) => (i < 10 ? i : 1e9 * (a + 1) + i)));
      const log: number[] = [];
      const think = sim.register('think', (a) => submit(a));
      const rep: Replica = new Replica(sim, {
        ...base({ capacityBlocks: 2500, fastForward: ff }),
        id: 0,
        requests: table,
        onFirstToken: (r) => log.push(1, table.session[r], sim.now),
        onDone: (r) => {
          const a = table.session[r];
          log.push(2, a, sim.now, table.hbmHitTokens[r], table.preemptions[r]);
          ctx[a] += table.outputTokens[r] + 50;
          table.free(r);
          if (made[a] < calls) {
            if (made[a] % 2 === 0) submit(a);
            else sim.schedule(0.2 + u(), think, a);
          }
        },
      });
      const submit = (a: number): void => {
        made[a]++;
        const r = table.alloc();
        const out = 20 + Math.floor(u() * 500);
        table.set(r, sim.now, ctx[a], out, a);
        table.setKeys(r, chains[a], 0, Math.floor((ctx[a] + out) / 16), 16);
        rep.submit(r);
      };
      for (let a = 0; a < agents; a++) sim.schedule(a * 0.37, think, a);
      const out = sim.run();
      return { log, events: out.events, stats: rep.readStats() };
    };
    const a = run(false);
    const b = run(true);
    expect(b.log.length).toBe(a.log.length);
    expect(a.log.length).toBe(24 * 30 * 8);
    expect(maxRelDiff(a.log, b.log)).toBeLessThanOrEqual(1e-9);
    expectSameStats(a.stats, b.stats);
    expect(a.events / b.events).toBeGreaterThanOrEqual(5);
  });

  it('two replicas sharing host DRAM and a pool (TierSync), with loads and warm-up', () => {
    const jobs = sessions(1500, 1, 4).map((j) => ({ ...j, replica: (j.session ?? 0) % 2 }));
    const [step, ff] = [false, true].map((on) => {
      const sync = new TierSync();
      const pool = new KvTier({ name: 'pool', capacityBlocks: 3000, bandwidthBps: 5e8, latencyS: 0.002, sync });
      const dram = new KvTier({ name: 'dram', capacityBlocks: 2000, bandwidthBps: 1e9, latencyS: 0.0005, lower: pool, sync });
      const s = base({ capacityBlocks: 2500, dram, pool, fastForward: on });
      return drive(jobs, [s, s], { probeEvery: 1.3, warmup: 50 });
    });
    for (const k of ['admitted', 'firstToken', 'done'] as const) expect(maxRelDiff(step[k], ff[k]), k).toBeLessThanOrEqual(1e-9);
    for (const k of ['hbmHit', 'dramHit', 'poolHit', 'prefilled', 'preemptions'] as const) expect(Array.from(ff[k]), k).toEqual(Array.from(step[k]));
    expect(maxRelDiff(step.probes, ff.probes)).toBe(0);
    step.replicas.forEach((r, i) => expectSameStats(r.readStats(), ff.replicas[i].readStats()));
    const st = step.replicas[0].readStats();
    expect(st.dramHitTokens).toBeGreaterThan(0);
    expect(st.poolHitTokens).toBeGreaterThan(0);
    expect(step.events / ff.events).toBeGreaterThanOrEqual(20);
  });

  it('cache TTL', () => {
    const jobs = sessions(1500, 0.5, 5);
    const { ff } = same(jobs, [base({ capacityBlocks: 6000, cache: { enabled: true, ttlS: 20 } })], { probeEvery: 0.7, warmup: 100 });
    expect(ff.replicas[0].blocks.expirations).toBeGreaterThan(0);
  });

  it('the roofline cost model (Llama-3.1-8B on one H100), prefix sessions', () => {
    const real = new StepCostModel(LLAMA_3_1_8B, H100);
    const jobs = sessions(3000, 3, 6, 16, 40);
    const { step, ratio } = same(jobs, [base({ cost: real, capacityBlocks: 8000, maxBatchTokens: 8192, maxSeqs: 256, kvBytesPerToken: LLAMA_3_1_8B.kvBytesPerToken })], { probeEvery: 5 });
    expect(step.replicas[0].readStats().evictions).toBeGreaterThan(0);
    expect(ratio).toBeGreaterThan(5);
  });

  it('an arrival during a jump joins at the next step boundary', () => {
    // One long decode; a second request arrives mid-run and is admitted at the first boundary after it.
    const jobs: Job[] = [
      { arrival: 0, prompt: 100, output: 2000 },
      { arrival: 3.21, prompt: 50, output: 5 },
    ];
    const { ff } = same(jobs, [base()]);
    const t1 = ff.firstToken[0];
    // After the first token, decode step j (1-based) attends to 100 + j tokens: C0 = 101, D = 1.
    const k = cost.decodeStepsToReach(1, 101, 3.21 - t1);
    expect(ff.admitted[1]).toBeCloseTo(t1 + cost.decodeRunTime(1, 101, k), 12);
    expect(ff.admitted[1]).toBeGreaterThanOrEqual(3.21);
    expect(ff.admitted[1] - 3.21).toBeLessThan(cost.stepTime(0, 0, 0, 1, 100 + k));
  });
});
