/**
 * Language models the simulator knows by name. Data only: architecture figures come from each
 * model's published `config.json` on Hugging Face, parameter counts from its safetensors index.
 */

/** One dense decoder-only transformer, as the roofline and the quality model see it. */
export interface ModelSpec {
  /** Name used in scenarios, e.g. `Llama-3.1-8B`. */
  readonly name: string;
  /** Total parameters, embeddings included (they are read from HBM like any weight). */
  readonly params: number;
  /** Transformer layers (`num_hidden_layers`). */
  readonly layers: number;
  /** Model width (`hidden_size`). */
  readonly hiddenSize: number;
  /** Query heads (`num_attention_heads`). */
  readonly heads: number;
  /** Key/value heads (`num_key_value_heads`; fewer than `heads` under grouped-query attention). */
  readonly kvHeads: number;
  /** Dimension of one head (`head_dim`, or `hidden_size / heads` when the config omits it). */
  readonly headDim: number;
  /** Bytes per weight as served: 2 for BF16, 1 for FP8. */
  readonly bytesPerParam: number;
  /** KV-cache bytes per token over all layers: `layers · kvHeads · headDim · 2 (K and V) · bytes`. */
  readonly kvBytesPerToken: number;
  /**
   * A 0..1 score the quality model uses to rank tiers. Basis: MMLU (5-shot) accuracy / 100 from
   * the model cards. An ordinal proxy for "can it do the call", not a calibrated probability.
   */
  readonly capability: number;
  /** Which API price class (see `api-prices.ts`) prices this model's tokens. */
  readonly apiClass: string;
}

/** The shape fields of a model that determine its KV-cache size. */
export type KvShape = Pick<ModelSpec, 'layers' | 'kvHeads' | 'headDim'>;

/**
 * KV-cache bytes per token: one key and one value vector per KV head per layer. `bytesPerElement`
 * is 2 for a BF16/FP16 cache (the default; vLLM's `kv_cache_dtype=auto` for BF16 models), 1 for FP8.
 */
export function kvBytesPerTokenOf(shape: KvShape, bytesPerElement = 2): number {
  return shape.layers * shape.kvHeads * shape.headDim * 2 * bytesPerElement;
}

/** Builds a frozen record with `kvBytesPerToken` derived from the shape (BF16 cache). */
function model(spec: Omit<ModelSpec, 'kvBytesPerToken'>): ModelSpec {
  return Object.freeze({ ...spec, kvBytesPerToken: kvBytesPerTokenOf(spec) });
}

/*
 * Capability basis, MMLU 5-shot: Llama 3.2 model card (instruct): 1B 49.3, 3B 63.4, 3.1-8B 69.4;
 * Llama 3.1 model card (instruct): 8B 69.4, 70B 83.6, 405B 87.3; Qwen3 Technical Report
 * (arXiv:2505.09388, Table 3, base model): Qwen3-8B 76.89. Instruct and base scores are not the
 * same measurement, so treat the Qwen figure as indicative.
 *
 * API classes: `small` (≈1–8B), `large` (≈70B), `xlarge` (≈400B), priced in `api-prices.ts`.
 */

/** meta-llama/Llama-3.1-8B (config.json; 8 030 261 248 parameters). KV 128 KiB/token. */
export const LLAMA_3_1_8B: ModelSpec = model({
  name: 'Llama-3.1-8B',
  params: 8_030_261_248,
  layers: 32,
  hiddenSize: 4096,
  heads: 32,
  kvHeads: 8,
  headDim: 128,
  bytesPerParam: 2,
  capability: 0.694,
  apiClass: 'small',
});

/** meta-llama/Llama-3.1-70B (config.json; 70 553 706 496 parameters). KV 320 KiB/token. */
export const LLAMA_3_1_70B: ModelSpec = model({
  name: 'Llama-3.1-70B',
  params: 70_553_706_496,
  layers: 80,
  hiddenSize: 8192,
  heads: 64,
  kvHeads: 8,
  headDim: 128,
  bytesPerParam: 2,
  capability: 0.836,
  apiClass: 'large',
});

/** meta-llama/Llama-3.1-405B (config.json; 405 853 388 800 parameters). KV 504 KiB/token. */
export const LLAMA_3_1_405B: ModelSpec = model({
  name: 'Llama-3.1-405B',
  params: 405_853_388_800,
  layers: 126,
  hiddenSize: 16384,
  heads: 128,
  kvHeads: 8,
  headDim: 128,
  bytesPerParam: 2,
  capability: 0.873,
  apiClass: 'xlarge',
});

/** meta-llama/Llama-3.2-1B (config.json, head_dim 64; 1 235 814 400 parameters, tied embeddings). KV 32 KiB/token. */
export const LLAMA_3_2_1B: ModelSpec = model({
  name: 'Llama-3.2-1B',
  params: 1_235_814_400,
  layers: 16,
  hiddenSize: 2048,
  heads: 32,
  kvHeads: 8,
  headDim: 64,
  bytesPerParam: 2,
  capability: 0.493,
  apiClass: 'small',
});

/** meta-llama/Llama-3.2-3B (config.json; 3 212 749 824 parameters, tied embeddings). KV 112 KiB/token. */
export const LLAMA_3_2_3B: ModelSpec = model({
  name: 'Llama-3.2-3B',
  params: 3_212_749_824,
  layers: 28,
  hiddenSize: 3072,
  heads: 24,
  kvHeads: 8,
  headDim: 128,
  bytesPerParam: 2,
  capability: 0.634,
  apiClass: 'small',
});

/** Qwen/Qwen3-8B (config.json; 8.19 B parameters per the model card, 36 layers). KV 144 KiB/token. */
export const QWEN3_8B: ModelSpec = model({
  name: 'Qwen3-8B',
  params: 8_190_735_360,
  layers: 36,
  hiddenSize: 4096,
  heads: 32,
  kvHeads: 8,
  headDim: 128,
  bytesPerParam: 2,
  capability: 0.7689,
  apiClass: 'small',
});

/** The built-in models, smallest first (the order the catalog prints them). */
export const MODELS: readonly ModelSpec[] = Object.freeze([
  LLAMA_3_2_1B, LLAMA_3_2_3B, LLAMA_3_1_8B, QWEN3_8B, LLAMA_3_1_70B, LLAMA_3_1_405B,
]);
