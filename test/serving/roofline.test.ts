import { describe, expect, it } from 'vitest';
import { findAccelerator, findModel, type Accelerator, type ModelSpec } from '../../src/catalog/index.js';
import { DEFAULT_EFFICIENCIES, StepCostModel } from '../../src/serving/roofline.js';
import { CompensatedSum } from '../../src/kernel/compensated-sum.js';
import { isUserError } from '../../src/errors.js';
import { rng } from './helpers.js';

const H100 = findAccelerator('H100');
const L8B = findModel('Llama-3.1-8B');
const eff = DEFAULT_EFFICIENCIES;

/** Compute and memory terms of one step, straight from the formulas (no class involved). */
function terms(m: ModelSpec, a: Accelerator, tp: number, P: number, attn: number, kvRead: number, D: number, C: number) {
  const flops = 2 * m.params * (P + D) + 4 * m.layers * m.heads * m.headDim * (attn + C);
  const bytes = m.params * m.bytesPerParam + m.kvBytesPerToken * (C + kvRead + P + D);
  return { compute: flops / (tp * a.flops * eff.mfu), memory: bytes / (tp * a.hbmBandwidth * eff.mbu), flops, bytes };
}

/** Σ_{j<k} stepTime(0,0,0,D,C0+D·j) the slow way, with compensated summation. */
function stepByStep(s: StepCostModel, D: number, C0: number, k: number) {
  const t = new CompensatedSum();
  const f = new CompensatedSum();
  const b = new CompensatedSum();
  const cumulative: number[] = [0];
  for (let j = 0; j < k; j++) {
    const C = C0 + D * j;
    t.add(s.stepTime(0, 0, 0, D, C));
    f.add(s.flops(0, 0, 0, D, C));
    b.add(s.bytes(0, 0, 0, D, C));
    cumulative.push(t.value);
  }
  return { time: t.value, flops: f.value, bytes: b.value, cumulative };
}

describe('StepCostModel: known answers', () => {
  it('Llama-3.1-8B on one H100 decodes one ~1k-context sequence in ≈ 6.5 ms (within 15%)', () => {
    const s = new StepCostModel(L8B, H100, 1);
    const t = s.stepTime(0, 0, 0, 1, 1024);
    expect(Math.abs(t - 6.5e-3) / 6.5e-3).toBeLessThan(0.15);
    // the weights alone bound it from below: 16 GB / 3.35 TB/s ≈ 4.8 ms
    expect(t).toBeGreaterThan((L8B.params * 2) / H100.hbmBandwidth);
    expect(t).toBeCloseTo(terms(L8B, H100, 1, 0, 0, 0, 1, 1024).memory + eff.stepOverheadS, 15);
  });

  it('decode turns compute-bound at the batch size where the roofline terms cross', () => {
    const s = new StepCostModel(L8B, H100, 1);
    const c = 128; // context per sequence
    // flops(D)/Fc = bytes(D)/Bm with flops = D·(2p + A·c), bytes = W + kv·D·(c + 1), solved for D
    const Fc = H100.flops * eff.mfu;
    const Bm = H100.hbmBandwidth * eff.mbu;
    const A = 4 * L8B.layers * L8B.heads * L8B.headDim;
    const W = L8B.params * L8B.bytesPerParam;
    const crossover = (ctx: number) => W / Bm / ((2 * L8B.params + A * ctx) / Fc - (L8B.kvBytesPerToken * (ctx + 1)) / Bm);
    // with no context it is (peak·mfu)/(bw·mbu) · bytesPerParam/2 ≈ 221 (KV writes aside)
    expect(crossover(0) / ((H100.flops * eff.mfu) / (H100.hbmBandwidth * eff.mbu))).toBeCloseTo(1, 2);
    const dStar = crossover(c); // KV reads push it up: ≈ 287
    expect(dStar).toBeGreaterThan(250);
    expect(dStar).toBeLessThan(320);
    // at long context KV reads grow faster than attention FLOPs (GQA): memory-bound at any batch
    expect(crossover(1024)).toBeLessThan(0);
    const at = terms(L8B, H100, 1, 0, 0, 0, dStar, dStar * c);
    expect(at.compute / at.memory).toBeCloseTo(1, 12);

    const low = Math.round(dStar / 8);
    const lowT = terms(L8B, H100, 1, 0, 0, 0, low, low * c);
    expect(lowT.memory).toBeGreaterThan(2 * lowT.compute);
    expect(s.stepTime(0, 0, 0, low, low * c)).toBeCloseTo(lowT.memory + eff.stepOverheadS, 15);

    const high = Math.round(dStar * 8);
    const highT = terms(L8B, H100, 1, 0, 0, 0, high, high * c);
    expect(highT.compute).toBeGreaterThan(2 * highT.memory);
    expect(s.stepTime(0, 0, 0, high, high * c)).toBeCloseTo(highT.compute + eff.stepOverheadS, 15);
  });

  it('a 4k-token prefill of Llama-3.1-8B on an H100 is compute-bound', () => {
    const P = 4096;
    const attn = (P * (P + 1)) / 2; // causal: token i attends to i + 1 tokens (itself included)
    const t = terms(L8B, H100, 1, P, attn, 0, 0, 0);
    expect(t.compute).toBeGreaterThan(5 * t.memory);
    const s = new StepCostModel(L8B, H100, 1);
    expect(s.stepTime(P, attn, 0, 0, 0)).toBeCloseTo(t.compute + eff.stepOverheadS, 15);
    // ≈ 66 TFLOP at 593 TFLOP/s ≈ 0.11 s
    expect(s.stepTime(P, attn, 0, 0, 0)).toBeGreaterThan(0.1);
    expect(s.stepTime(P, attn, 0, 0, 0)).toBeLessThan(0.13);
  });

  it('tp = 2 halves the memory-bound decode time and adds the all-reduces', () => {
    const one = new StepCostModel(L8B, H100, 1);
    const two = new StepCostModel(L8B, H100, 2);
    const mem1 = terms(L8B, H100, 1, 0, 0, 0, 1, 1024).memory;
    const comm = 2 * L8B.layers * (eff.allReduceLatencyS + (2 * (2 - 1) / 2) * 1 * L8B.hiddenSize * 2 / H100.linkBandwidth);
    expect(two.commTime(1)).toBeCloseTo(comm, 18);
    expect(two.stepTime(0, 0, 0, 1, 1024)).toBeCloseTo(mem1 / 2 + eff.stepOverheadS + comm, 15);
    expect(one.commTime(1)).toBe(0);
    const ratio = (two.stepTime(0, 0, 0, 1, 1024) - eff.stepOverheadS) / (one.stepTime(0, 0, 0, 1, 1024) - eff.stepOverheadS);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(0.7);
  });

  it('flops and bytes count matmuls, attention, weights and KV reads and writes', () => {
    const s = new StepCostModel(L8B, H100, 1);
    const A = 4 * 32 * 32 * 128;
    expect(s.flops(100, 5000, 300, 10, 20000)).toBe(2 * L8B.params * 110 + A * 25000);
    expect(s.bytes(100, 5000, 300, 10, 20000)).toBe(L8B.params * 2 + 131072 * (20000 + 300 + 100 + 10));
  });
});

describe('StepCostModel: memory', () => {
  it('KV capacity is what is left of 90% of HBM after the weights', () => {
    const s = new StepCostModel(L8B, H100, 1);
    expect(s.weightBytesPerReplica).toBe(16_060_522_496);
    expect(s.kvCapacityTokens()).toBe(Math.floor((72e9 - 16_060_522_496) / 131072)); // 426 784 tokens
    expect(s.kvCapacityTokens(0.5)).toBe(Math.floor((40e9 - 16_060_522_496) / 131072));
    expect(s.fits()).toBe(true);
  });

  it('Llama-3.1-70B needs tp ≥ 2 on H100; 405B does not fit one H100 node in BF16', () => {
    const m70 = findModel('Llama-3.1-70B');
    expect(new StepCostModel(m70, H100, 1).fits()).toBe(false);
    expect(new StepCostModel(m70, H100, 1).kvCapacityTokens()).toBe(0);
    expect(new StepCostModel(m70, H100, 2).fits()).toBe(true);
    expect(new StepCostModel(findModel('Llama-3.1-405B'), H100, 8).fits()).toBe(false);
    expect(new StepCostModel(findModel('Llama-3.1-405B'), findAccelerator('H200'), 8).fits()).toBe(true);
  });

  it('rejects a tensor-parallel group larger than a node, a fractional tp and impossible efficiencies', () => {
    for (const make of [
      () => new StepCostModel(L8B, H100, 16),
      () => new StepCostModel(L8B, H100, 1.5),
      () => new StepCostModel(L8B, H100, 1, { ...eff, mfu: 0 }),
      () => new StepCostModel(L8B, H100, 1, { ...eff, mbu: 1.2 }),
      () => new StepCostModel(L8B, H100, 1, { ...eff, stepOverheadS: -1 }),
    ]) {
      let err: unknown;
      try {
        make();
      } catch (e) {
        err = e;
      }
      expect(isUserError(err)).toBe(true);
    }
  });
});

describe('StepCostModel: decode-run closed forms equal step-by-step sums', () => {
  const cases: { model: string; accel: string; tp: number; D: number; C0: number; k: number }[] = [];
  const r = rng(20250611);
  const setups: [string, string, number][] = [
    ['Llama-3.1-8B', 'H100', 1], ['Llama-3.2-1B', 'L4', 1], ['Llama-3.1-70B', 'H100', 4],
    ['Qwen3-8B', 'MI300X', 2], ['Llama-3.2-3B', 'L40S', 1], ['Llama-3.1-405B', 'H200', 8],
  ];
  for (let i = 0; i < 60; i++) {
    const [model, accel, tp] = setups[i % setups.length];
    const D = 1 + Math.floor(r() * 1024);
    const C0 = D * Math.floor(r() * (r() < 0.5 ? 200 : 8000));
    const k = 1 + Math.floor(r() * 3000);
    cases.push({ model, accel, tp, D, C0, k });
  }

  it('some random cases cross from compute-bound to memory-bound inside the run', () => {
    let crossing = 0;
    for (const c of cases) {
      const m = findModel(c.model);
      const a = findAccelerator(c.accel);
      const first = terms(m, a, c.tp, 0, 0, 0, c.D, c.C0);
      const last = terms(m, a, c.tp, 0, 0, 0, c.D, c.C0 + c.D * (c.k - 1));
      if (first.compute > first.memory && last.compute < last.memory) crossing++;
    }
    expect(crossing).toBeGreaterThanOrEqual(5);
  });

  it.each(cases)('$model on $tp×$accel, D=$D C0=$C0 k=$k', ({ model, accel, tp, D, C0, k }) => {
    const s = new StepCostModel(findModel(model), findAccelerator(accel), tp);
    const ref = stepByStep(s, D, C0, k);
    expect(Math.abs(s.decodeRunTime(D, C0, k) - ref.time) / ref.time).toBeLessThan(1e-12);
    expect(Math.abs(s.decodeRunFlops(D, C0, k) - ref.flops) / ref.flops).toBeLessThan(1e-12);
    expect(Math.abs(s.decodeRunBytes(D, C0, k) - ref.bytes) / ref.bytes).toBeLessThan(1e-12);

    // a budget between two step boundaries admits exactly the steps before it
    const j = Math.floor(k / 3);
    const budget = (ref.cumulative[j] + ref.cumulative[j + 1]) / 2;
    expect(s.decodeStepsWithin(D, C0, budget)).toBe(j);
    // and an arrival at that moment stops the jump at the next boundary
    expect(s.decodeStepsToReach(D, C0, budget)).toBe(j + 1);
    const n = s.decodeStepsWithin(D, C0, ref.time);
    expect(s.decodeRunTime(D, C0, n)).toBeLessThanOrEqual(ref.time);
    expect(s.decodeRunTime(D, C0, n + 1)).toBeGreaterThan(ref.time);
    expect(Math.abs(n - k)).toBeLessThanOrEqual(1);
  });

  it('the step-count inverses are exact at step boundaries and at the ends', () => {
    const s = new StepCostModel(L8B, H100, 1);
    const D = 400;
    const C0 = 400 * 100; // compute-bound at first, memory-bound after ≈ 150 steps
    for (const k of [0, 1, 2, 149, 150, 151, 152, 500, 10_000]) {
      const t = s.decodeRunTime(D, C0, k);
      expect(s.decodeStepsWithin(D, C0, t)).toBe(k);
      expect(s.decodeStepsToReach(D, C0, t)).toBe(k);
    }
    const first = s.stepTime(0, 0, 0, D, C0);
    expect(s.decodeStepsWithin(D, C0, first * 0.999)).toBe(0);
    expect(s.decodeStepsToReach(D, C0, first * 0.001)).toBe(1);
    expect(s.decodeStepsWithin(D, C0, 0)).toBe(0);
    expect(s.decodeStepsToReach(D, C0, 0)).toBe(0);
    expect(s.decodeStepsWithin(D, C0, Infinity)).toBe(Infinity);
    expect(s.decodeRunTime(D, C0, 0)).toBe(0);
  });

  it('a million-step run agrees with its step-by-step sum', () => {
    const s = new StepCostModel(findModel('Llama-3.2-1B'), H100, 1);
    const ref = stepByStep(s, 3, 0, 1_000_000);
    expect(Math.abs(s.decodeRunTime(3, 0, 1_000_000) - ref.time) / ref.time).toBeLessThan(1e-12);
  });
});
