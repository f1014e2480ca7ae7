/**
 * Step (iteration) time of one continuous-batching replica, by the roofline: a step takes as long
 * as the slower of its arithmetic (at an achievable fraction of peak FLOP/s) and its HBM traffic (at
 * an achievable fraction of peak bandwidth), plus a fixed per-step overhead and, under tensor
 * parallelism, the all-reduces. Williams, Waterman, Patterson, "Roofline: an insightful visual
 * performance model", CACM 52(4), 2009; applied to LLM serving as in Yuan et al., "LLM Inference
 * Unveiled: Survey and Roofline Model Insights", arXiv:2402.16363.
 *
 * For a batch with `P` prefill tokens whose attention covers `prefillAttn` earlier tokens in all
 * (Σ over those tokens of how many tokens each attends to), `kvRead` tokens of earlier KV read by
 * prefill chunks, and `D` decode sequences with total context `C = Σ c_i`:
 *
 *   flops = 2·params·(P + D) + 4·layers·heads·headDim·(prefillAttn + C)
 *   bytes = params·bytesPerParam + kvBytesPerToken·(C + kvRead + P + D)
 *   t     = max(flops / (tp·peak·mfu), bytes / (tp·hbmBw·mbu)) + stepOverhead + tpComm
 *   tpComm = 2·layers·(allReduceLatency + 2·(tp−1)/tp · (P + D)·hiddenSize·2 B / linkBandwidth), 0 at tp = 1
 *
 * The first flops term is the weight matmuls (2 FLOP per parameter per token); the second is QKᵀ and
 * A·V (2·headDim FLOP each per head per attended token per layer). Bytes are the weights, read once
 * per step whatever the batch, plus KV reads of every attended context and the KV writes of every
 * new token. Activations and the LM-head softmax are ignored (small next to these at serving sizes).
 * Two all-reduces per layer (after attention and after the MLP) follow Megatron-LM tensor parallelism
 * (Shoeybi et al., arXiv:1909.08053); a ring all-reduce moves 2·(tp−1)/tp of the message per GPU.
 */
import { UserError } from '../errors.js';
import type { Accelerator } from '../catalog/accelerators.js';
import type { ModelSpec } from '../catalog/models.js';

/** How close to the hardware's peaks a serving engine gets, and its fixed per-step costs. */
export interface Efficiencies {
  /** Model FLOP utilisation reached by compute-bound steps (large prefill), 0..1. */
  readonly mfu: number;
  /** Memory-bandwidth utilisation reached by memory-bound steps (decode), 0..1. */
  readonly mbu: number;
  /** Fixed time per step: scheduling, sampling, kernel launches, s. */
  readonly stepOverheadS: number;
  /** Latency of one small tensor-parallel all-reduce inside a node, s. */
  readonly allReduceLatencyS: number;
}

/**
 * Defaults, chosen so that Llama-3.1-8B on one H100 at batch 1 decodes in ≈ 6.5 ms per token as
 * vLLM and TensorRT-LLM measure it (≈ 150 tokens/s single-stream):
 *
 * - `mbu` 0.8: tuned decode kernels stream weights at ~70–85% of peak HBM bandwidth (Databricks,
 *   "LLM Inference Performance Engineering: Best Practices", 2023, defines MBU and reports around
 *   50–60% on A100 with 2023 software; FlashDecoding/FlashInfer-era engines on H100 reach the upper
 *   part of the 70–85% range, and plain device-to-device copies top out near ~90%).
 * - `mfu` 0.6: large GEMMs on H100 reach ~65–75% of the 989 TFLOP/s dense BF16 peak in cuBLAS
 *   benchmarks; whole prefill steps, with attention, norms and launches, land near 50–60%
 *   (Agrawal et al., Sarathi-Serve, OSDI 2024, report prefill saturating compute from a few hundred
 *   tokens per batch). 0.6 puts the decode crossover batch on H100 near 220 at short context.
 * - `stepOverheadS` 0.5 ms: CPU-side scheduling, sampling and detokenisation between steps, after
 *   CUDA graphs and multi-step scheduling (vLLM v0.6.0 release blog, Sept 2024, found this overhead
 *   dominated 8B/H100 step time before those fixes).
 * - `allReduceLatencyS` 8 µs: small-message all-reduce latency inside one NVLink node, between
 *   one-shot custom kernels (vLLM `custom_all_reduce`, TensorRT-LLM: a few µs) and NCCL's ring
 *   (~10–20 µs in nccl-tests at small sizes).
 */
export const DEFAULT_EFFICIENCIES: Efficiencies = Object.freeze({
  mfu: 0.6,
  mbu: 0.8,
  stepOverheadS: 0.5e-3,
  allReduceLatencyS: 8e-6,
});

/** Bytes per activation element sent in the tensor-parallel all-reduce (BF16). */
const ACTIVATION_BYTES = 2;

/** The step-time model of one replica: `model` on `tp` accelerators of kind `accel`. */
export class StepCostModel {
  /** The model served. */
  readonly model: ModelSpec;
  /** The accelerator kind. */
  readonly accel: Accelerator;
  /** Tensor-parallel degree: accelerators per replica. */
  readonly tp: number;
  /** Efficiencies and overheads in force. */
  readonly eff: Efficiencies;
  /** Weight bytes of one replica, over all its `tp` accelerators. */
  readonly weightBytesPerReplica: number;

  private readonly computeRate: number; // FLOP/s achievable by the replica
  private readonly memoryRate: number; // bytes/s achievable by the replica
  private readonly matmulFlopsPerToken: number;
  private readonly attnFlopsPerPair: number; // per (token, attended token)
  private readonly kvBytes: number;
  private readonly commFixedS: number;
  private readonly commPerTokenS: number;

  // NOTE: scratch for the decode-run closed forms (two linear pieces of step time in the step index
  // j, split at j = split), filled by setDecodeLine so the hot fast-forward path allocates nothing.
  private split = 0;
  private alpha1 = 0;
  private beta1 = 0;
  private alpha2 = 0;
  private beta2 = 0;

  /** Throws a `UserError` for a tensor-parallel degree or efficiency that cannot be simulated. */
  constructor(model: ModelSpec, accel: Accelerator, tp = 1, eff: Efficiencies = DEFAULT_EFFICIENCIES) {
    if (!Number.isInteger(tp) || tp < 1) {
      throw new UserError(`tensor-parallel degree must be a whole number ≥ 1, got ${tp}`, { path: 'tp' });
    }
    if (tp > accel.gpusPerNode) {
      throw new UserError(
        `tensor-parallel degree ${tp} exceeds the ${accel.gpusPerNode} ${accel.name} GPUs of one node`,
        { path: 'tp', expected: `at most ${accel.gpusPerNode}`, hint: 'tensor parallelism across nodes is not modelled; use more replicas or a larger accelerator' },
      );
    }
    for (const key of ['mfu', 'mbu'] as const) {
      const v = eff[key];
      if (!(v > 0 && v <= 1)) throw new UserError(`efficiency ${key} must be in (0, 1], got ${v}`, { path: key });
    }
    for (const key of ['stepOverheadS', 'allReduceLatencyS'] as const) {
      const v = eff[key];
      if (!(v >= 0 && Number.isFinite(v))) throw new UserError(`${key} must be a number ≥ 0 seconds, got ${v}`, { path: key });
    }
    this.model = model;
    this.accel = accel;
    this.tp = tp;
    this.eff = eff;
    this.weightBytesPerReplica = model.params * model.bytesPerParam;
    this.computeRate = tp * accel.flops * eff.mfu;
    this.memoryRate = tp * accel.hbmBandwidth * eff.mbu;
    this.matmulFlopsPerToken = 2 * model.params;
    this.attnFlopsPerPair = 4 * model.layers * model.heads * model.headDim;
    this.kvBytes = model.kvBytesPerToken;
    const allReduces = 2 * model.layers;
    this.commFixedS = tp === 1 ? 0 : allReduces * eff.allReduceLatencyS;
    this.commPerTokenS = tp === 1 ? 0 : (allReduces * 2 * (tp - 1) / tp * model.hiddenSize * ACTIVATION_BYTES) / accel.linkBandwidth;
  }

  /** FLOPs of one step (raw, for MFU accounting). Arguments as in {@link stepTime}; `kvRead` costs no FLOPs. */
  flops(P: number, prefillAttn: number, _kvRead: number, D: number, C: number): number {
    return this.matmulFlopsPerToken * (P + D) + this.attnFlopsPerPair * (prefillAttn + C);
  }

  /** HBM bytes moved by one step (raw, for MBU accounting). Arguments as in {@link stepTime}. */
  bytes(P: number, _prefillAttn: number, kvRead: number, D: number, C: number): number {
    return this.weightBytesPerReplica + this.kvBytes * (C + kvRead + P + D);
  }

  /**
   * Seconds for one step with `P` prefill tokens attending to `prefillAttn` tokens in all, `kvRead`
   * tokens of earlier KV read by prefill chunks, and `D` decode sequences of total context `C`.
   */
  stepTime(P: number, prefillAttn: number, kvRead: number, D: number, C: number): number {
    const compute = this.flops(P, prefillAttn, kvRead, D, C) / this.computeRate;
    const memory = this.bytes(P, prefillAttn, kvRead, D, C) / this.memoryRate;
    return Math.max(compute, memory) + this.eff.stepOverheadS + this.commTime(P + D);
  }

  /** Tensor-parallel all-reduce time of a step over `tokens` tokens (0 at tp = 1). */
  commTime(tokens: number): number {
    return this.commFixedS + this.commPerTokenS * tokens;
  }

  /**
   * Seconds for `k` consecutive decode-only steps of `D` sequences starting at total context `C0`
   * (context grows by `D` per step): Σ_{j<k} stepTime(0, 0, 0, D, C0 + D·j), in O(1).
   */
  decodeRunTime(D: number, C0: number, k: number): number {
    this.setDecodeLine(D, C0);
    return this.lineSum(k);
  }

  /** FLOPs of the same `k` decode steps: Σ_{j<k} flops(0, 0, 0, D, C0 + D·j), in O(1). */
  decodeRunFlops(D: number, C0: number, k: number): number {
    return k * (this.matmulFlopsPerToken * D + this.attnFlopsPerPair * C0) + this.attnFlopsPerPair * D * (k * (k - 1) / 2);
  }

  /** Bytes of the same `k` decode steps: Σ_{j<k} bytes(0, 0, 0, D, C0 + D·j), in O(1). */
  decodeRunBytes(D: number, C0: number, k: number): number {
    return k * (this.weightBytesPerReplica + this.kvBytes * (C0 + D)) + this.kvBytes * D * (k * (k - 1) / 2);
  }

  /**
   * The largest `k` with decodeRunTime(D, C0, k) ≤ `budgetS`: how many whole decode steps fit in a
   * time budget. 0 for a budget below one step; Infinity for an infinite budget.
   */
  decodeStepsWithin(D: number, C0: number, budgetS: number): number {
    if (!(budgetS > 0)) return 0;
    if (budgetS === Infinity) return Infinity;
    this.setDecodeLine(D, C0);
    let n: number;
    const split = this.split;
    if (split === 0) {
      n = solveSteps(this.alpha2, this.beta2, 0, budgetS);
    } else if (split === Infinity) {
      n = solveSteps(this.alpha1, this.beta1, 0, budgetS);
    } else {
      const atSplit = this.lineSum(split);
      n = atSplit <= budgetS
        ? split + solveSteps(this.alpha2, this.beta2, split, budgetS - atSplit)
        : Math.min(split, solveSteps(this.alpha1, this.beta1, 0, budgetS));
    }
    // The quadratic root is exact up to rounding; settle the last step against the summed form so
    // that decodeRunTime(n) ≤ budget < decodeRunTime(n + 1) holds exactly.
    while (n < Number.MAX_SAFE_INTEGER && this.lineSum(n + 1) <= budgetS) n++;
    while (n > 0 && this.lineSum(n) > budgetS) n--;
    return n;
  }

  /**
   * The smallest `k` with decodeRunTime(D, C0, k) ≥ `elapsedS`: the step boundary at or after a
   * moment `elapsedS` into a decode run (where a jump stops when a request arrives mid-run).
   */
  decodeStepsToReach(D: number, C0: number, elapsedS: number): number {
    if (!(elapsedS > 0)) return 0;
    if (elapsedS === Infinity) return Infinity;
    const n = this.decodeStepsWithin(D, C0, elapsedS);
    return this.lineSum(n) >= elapsedS ? n : n + 1;
  }

  /**
   * Tokens of KV cache that fit beside the weights when a fraction `memoryUtilisation` of the
   * replica's memory is given to the engine (vLLM's `gpu_memory_utilization`, default 0.9; the
   * rest covers activations and the CUDA context). 0 when the weights alone do not fit.
   */
  kvCapacityTokens(memoryUtilisation = 0.9): number {
    if (!(memoryUtilisation > 0 && memoryUtilisation <= 1)) {
      throw new RangeError(`memoryUtilisation must be in (0, 1], got ${memoryUtilisation}`);
    }
    const free = this.tp * this.accel.hbmBytes * memoryUtilisation - this.weightBytesPerReplica;
    return Math.max(0, Math.floor(free / this.kvBytes));
  }

  /** True when the weights fit with room for at least one token of KV cache. */
  fits(memoryUtilisation = 0.9): boolean {
    return this.kvCapacityTokens(memoryUtilisation) >= 1;
  }

  /**
   * Writes the two linear pieces of decode step time τ(j) = α + β·j (j = step index), split where
   * the compute and memory lines cross: τ = piece 1 for j < split, piece 2 for j ≥ split. Both
   * lines are linear in j, so they cross at most once (split = Infinity when they never do).
   */
  private setDecodeLine(D: number, C0: number): void {
    const fixed = this.eff.stepOverheadS + this.commTime(D);
    const c0 = (this.matmulFlopsPerToken * D + this.attnFlopsPerPair * C0) / this.computeRate;
    const c1 = (this.attnFlopsPerPair * D) / this.computeRate;
    const m0 = (this.weightBytesPerReplica + this.kvBytes * (C0 + D)) / this.memoryRate;
    const m1 = (this.kvBytes * D) / this.memoryRate;
    const g0 = c0 - m0;
    const g1 = c1 - m1;
    if (g1 === 0) {
      this.split = Infinity;
      this.alpha1 = (g0 > 0 ? c0 : m0) + fixed;
      this.beta1 = g0 > 0 ? c1 : m1;
      return;
    }
    // compute − memory changes sign at j = −g0/g1; at equality both pieces give the same time.
    this.split = Math.max(0, Math.ceil(-g0 / g1));
    const computeFirst = g1 < 0;
    this.alpha1 = (computeFirst ? c0 : m0) + fixed;
    this.beta1 = computeFirst ? c1 : m1;
    this.alpha2 = (computeFirst ? m0 : c0) + fixed;
    this.beta2 = computeFirst ? m1 : c1;
  }

  /** Σ_{j<k} τ(j) over the line last set by setDecodeLine. */
  private lineSum(k: number): number {
    if (k <= this.split) return seriesSum(this.alpha1, this.beta1, 0, k);
    return seriesSum(this.alpha1, this.beta1, 0, this.split) + seriesSum(this.alpha2, this.beta2, this.split, k);
  }
}

/** Σ_{j=a}^{b−1} (α + β·j), an arithmetic series. */
function seriesSum(alpha: number, beta: number, a: number, b: number): number {
  const n = b - a;
  if (n <= 0) return 0;
  return n * alpha + beta * ((a + b - 1) * n / 2);
}

/**
 * The real n ≥ 0 (floored) where Σ_{j=start}^{start+n−1} (α + β·j) = R: the positive root of
 * (β/2)·n² + (τ₀ − β/2)·n − R = 0 with τ₀ = α + β·start, in the cancellation-free form 2R/(b + √(b² + 2βR)).
 */
function solveSteps(alpha: number, beta: number, start: number, R: number): number {
  if (!(R > 0)) return 0;
  const b = alpha + beta * start - beta / 2;
  return Math.floor((2 * R) / (b + Math.sqrt(b * b + 2 * beta * R)));
}
