import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/kernel/simulation.js';
import { RequestTable } from '../../src/serving/request-table.js';
import { Replica } from '../../src/serving/replica.js';
import { drive, LinearStepCost, poisson, rng, type Job, type ReplicaSetup } from './helpers.js';

const cost = new LinearStepCost(0.005, 1e-4, 1e-9, 2e-8, 1e-4, 1e-7);

const setup = (over: Partial<ReplicaSetup> = {}): ReplicaSetup => ({
  cost,
  blockTokens: 16,
  capacityBlocks: 10_000,
  maxBatchTokens: 512,
  maxSeqs: 32,
  kvBytesPerToken: 1000,
  cache: { enabled: true },
  fastForward: false,
  ...over,
});

/** Prefill time of a chunk of `c` tokens starting at position `kv`, alone in its step. */
const chunkTime = (kv: number, c: number): number => cost.stepTime(c, c * kv + (c * (c - 1)) / 2, kv, 0, 0);

describe('Replica: known answers', () => {
  for (const ff of [false, true]) {
    it(`a request alone: TTFT = its chunked prefill steps, TPOT = the decode step times (fastForward ${ff})`, () => {
      const rec = drive([{ arrival: 2, prompt: 1000, output: 50 }], [setup({ fastForward: ff })]);
      // 1000 tokens in chunks of 512 and 488.
      const ttft = chunkTime(0, 512) + chunkTime(512, 488);
      expect(rec.admitted[0]).toBe(2);
      expect(rec.firstToken[0] - 2).toBeCloseTo(ttft, 12);
      // Decode step j (1 … 49) attends to 1000 + j tokens.
      let decode = 0;
      for (let j = 1; j < 50; j++) decode += cost.stepTime(0, 0, 0, 1, 1000 + j);
      expect(rec.done[0] - rec.firstToken[0]).toBeCloseTo(decode, 12);
      const st = rec.replicas[0].readStats();
      expect(st.steps).toBe(2 + 49);
      expect(st.busy.value).toBeCloseTo(ttft + decode, 12);
      expect(st.prefillTokens).toBe(1000);
      expect(st.decodeTokens).toBe(50);
      expect(st.meanBatchSize).toBe(1);
      expect(rec.sim.pending).toBe(0); // idle: nothing scheduled
    });
  }

  it('matches M/D/1 when one sequence runs at a time and every step costs the same', () => {
    // maxSeqs 1, constant step time τ, prompt in one chunk, o tokens: service = o·τ exactly.
    const flat = new LinearStepCost(0.01, 0, 0, 0, 0, 0);
    const o = 20;
    const S = o * 0.01;
    const rho = 0.3;
    const lambda = rho / S;
    const jobs = poisson(40_000, lambda, 3, [100, 101], [o, o + 1]);
    const rec = drive(jobs, [setup({ cost: flat, maxSeqs: 1, fastForward: true })]);
    let wait = 0;
    let sojourn = 0;
    for (let i = 0; i < jobs.length; i++) {
      wait += rec.admitted[i] - jobs[i].arrival;
      sojourn += rec.done[i] - jobs[i].arrival;
      expect(rec.done[i] - rec.admitted[i]).toBeCloseTo(S, 9);
    }
    wait /= jobs.length;
    sojourn /= jobs.length;
    const wq = (lambda * S * S) / (2 * (1 - rho)); // Pollaczek–Khinchine, deterministic service
    expect(Math.abs(wait - wq) / wq).toBeLessThan(0.03);
    expect(Math.abs(sojourn - (wq + S)) / (wq + S)).toBeLessThan(0.01);
  });

  it('conserves tokens: prefilled + hit = prompt per request, decode tokens = output tokens', () => {
    // Shared 30-block system prompt, distinct tails: hits without preemption.
    const bt = 16;
    const u = rng(9);
    const jobs = poisson(400, 3, 4, [600, 1500], [20, 300]).map((j, i) => {
      const n = Math.floor(j.prompt / bt);
      const keys = Float64Array.from({ length: n }, (_, b) => (b < 30 ? b : 1e6 * (i + 1) + b));
      return { ...j, keys, keyCount: n, session: Math.floor(u() * 4) };
    });
    const rec = drive(jobs, [setup({ maxBatchTokens: 1024 })]);
    let prompt = 0;
    let output = 0;
    let hits = 0;
    for (let i = 0; i < jobs.length; i++) {
      expect(rec.preemptions[i]).toBe(0);
      expect(rec.prefilled[i] + rec.hbmHit[i]).toBe(jobs[i].prompt);
      prompt += jobs[i].prompt;
      output += jobs[i].output;
      hits += rec.hbmHit[i];
    }
    const st = rec.replicas[0].readStats();
    expect(st.prefillTokens + st.hbmHitTokens).toBe(prompt);
    expect(st.decodeTokens).toBe(output);
    // 30 shared blocks (480 tokens) of prompts averaging 1050: ≈ 45% hits once the prefix is cached.
    expect(hits / prompt).toBeGreaterThan(0.4);
    expect(hits / prompt).toBeLessThan(0.5);
    expect(st.hbmHitTokens).toBe(hits);
  });

  it('prefix hits: a repeated prompt prefills only its partial tail (and one block when the tail is empty)', () => {
    const bt = 16;
    for (const [prompt, hit] of [
      [1000, 992],
      [1024, 1008], // at least one token is computed: the last full block is recomputed
    ]) {
      const n = Math.floor(prompt / bt);
      const keys = Float64Array.from({ length: n }, (_, b) => 7000 + b);
      const jobs: Job[] = [
        { arrival: 0, prompt, output: 10, keys },
        { arrival: 10, prompt, output: 10, keys },
        // While the first of a pair is still decoding, its prompt blocks are already published.
        { arrival: 20, prompt, output: 400, keys: Float64Array.from({ length: n }, (_, b) => 9000 + b) },
        { arrival: 20.2, prompt, output: 10, keys: Float64Array.from({ length: n }, (_, b) => 9000 + b) },
      ];
      const rec = drive(jobs, [setup()]);
      expect(rec.hbmHit[0]).toBe(0);
      expect(rec.prefilled[0]).toBe(prompt);
      expect(rec.hbmHit[1]).toBe(hit);
      expect(rec.prefilled[1]).toBe(prompt - hit);
      expect(rec.done[2]).toBeGreaterThan(20.2);
      expect(rec.hbmHit[3]).toBe(hit);
      // TTFT of the repeat is one step: the tail chunk after the hit.
      expect(rec.firstToken[1] - 10).toBeCloseTo(chunkTime(hit, prompt - hit), 12);
    }
  });

  it('preempts the youngest sequence when decode runs out of blocks; every request completes', () => {
    const jobs = poisson(300, 1.5, 5, [300, 1200], [200, 1500]);
    const rec = drive(jobs, [setup({ capacityBlocks: 400, maxBatchTokens: 1024 })]);
    let pre = 0;
    let output = 0;
    for (let i = 0; i < jobs.length; i++) {
      expect(Number.isFinite(rec.done[i])).toBe(true);
      expect(rec.firstToken[i]).toBeLessThanOrEqual(rec.done[i]);
      pre += rec.preemptions[i];
      output += jobs[i].output;
      // A preempted request recomputes: more prefill than its prompt.
      if (rec.preemptions[i] > 0) expect(rec.prefilled[i] + rec.hbmHit[i]).toBeGreaterThan(jobs[i].prompt);
    }
    const st = rec.replicas[0].readStats();
    expect(pre).toBeGreaterThan(10);
    expect(st.preemptions).toBe(pre);
    expect(st.decodeTokens).toBe(output); // no token is emitted twice
    expect(st.peakBlocksUsed).toBe(400);
  });

  it('admits first come first served: a request that does not fit blocks the ones behind it', () => {
    // Memory for ~1 big request: the big one waits for memory, the small ones behind wait too.
    const jobs: Job[] = [
      { arrival: 0, prompt: 1500, output: 300 },
      { arrival: 0.1, prompt: 1500, output: 10 },
      { arrival: 0.2, prompt: 20, output: 5 },
      { arrival: 0.3, prompt: 20, output: 5 },
    ];
    const rec = drive(jobs, [setup({ capacityBlocks: 140, maxBatchTokens: 2048 })]);
    expect(rec.admitted[1]).toBeCloseTo(rec.done[0], 12);
    expect(rec.admitted[2]).toBeGreaterThanOrEqual(rec.admitted[1]);
    expect(rec.admitted[3]).toBeGreaterThanOrEqual(rec.admitted[2]);
    for (let i = 0; i < 4; i++) expect(rec.preemptions[i]).toBe(0);
  });

  it('keeps at most maxSeqs sequences admitted and at most maxBatchTokens tokens per step', () => {
    const jobs = poisson(500, 20, 6, [50, 3000], [5, 200]);
    const sim = new Simulation();
    const table = new RequestTable();
    // Every step is priced as it is built (fast-forward off), after admission: see each one.
    let maxRunning = 0;
    let maxTokens = 0;
    let steps = 0;
    const spy = Object.create(cost) as LinearStepCost;
    spy.stepTime = (P, attn, kvRead, D, C) => {
      steps++;
      maxRunning = Math.max(maxRunning, rep.running);
      maxTokens = Math.max(maxTokens, P + D);
      return cost.stepTime(P, attn, kvRead, D, C);
    };
    const rep: Replica = new Replica(sim, { ...setup({ cost: spy, maxSeqs: 8, maxBatchTokens: 256 }), id: 0, requests: table, onDone: (r) => table.free(r) });
    const arrive = sim.register('arrive', (i) => {
      const r = table.alloc();
      table.set(r, sim.now, jobs[i].prompt, jobs[i].output);
      rep.submit(r);
      if (i + 1 < jobs.length) sim.scheduleAt(jobs[i + 1].arrival, arrive, i + 1);
    });
    sim.scheduleAt(jobs[0].arrival, arrive, 0);
    sim.run();
    const st = rep.readStats();
    expect(steps).toBe(st.steps);
    // 20 requests/s of ~100-token outputs keep the batch full; prompts over 256 tokens fill a step's budget.
    expect(maxRunning).toBe(8);
    expect(maxTokens).toBe(256);
    expect(st.completions).toBe(500);
    expect(rep.waiting + rep.running).toBe(0);
    expect(rep.outstandingTokens).toBe(0);
  });

  it('counts figures after warm-up only, and utilisation is busy time over the interval', () => {
    const jobs = poisson(600, 2, 8, [100, 800], [50, 300]);
    const all = drive(jobs, [setup({ fastForward: true })]);
    const cut = drive(jobs, [setup({ fastForward: true })], { warmup: 100 });
    const a = all.replicas[0].readStats();
    const c = cut.replicas[0].readStats();
    expect(c.steps).toBeLessThan(a.steps);
    expect(c.steps).toBeGreaterThan(0.5 * a.steps);
    expect(c.arrivals).toBe(jobs.filter((j) => j.arrival >= 100).length);
    const horizon = cut.sim.now;
    expect(c.utilisation(horizon - 100)).toBeGreaterThan(0);
    expect(c.utilisation(horizon - 100)).toBeLessThanOrEqual(1);
  });

  it('rejects a request that cannot fit alone (or hands it to onReject)', () => {
    const sim = new Simulation();
    const table = new RequestTable();
    const rejected: number[] = [];
    const rep = new Replica(sim, { ...setup({ capacityBlocks: 10 }), id: 0, requests: table, onDone: () => {}, onReject: (r) => rejected.push(r) });
    const r = table.alloc();
    table.set(r, 0, 150, 20);
    rep.submit(r);
    expect(rejected).toEqual([r]);
    const strict = new Replica(sim, { ...setup({ capacityBlocks: 10 }), id: 1, requests: table, onDone: () => {} });
    expect(() => strict.submit(r)).toThrow(/KV blocks/);
  });
});
