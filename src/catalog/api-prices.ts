/**
 * API token prices per model class, for the "what would this cost at list prices" view. Data only.
 * USD per million tokens.
 */

/** What one million tokens cost through a hosted API. */
export interface ApiPrice {
  /** Model class this price applies to (a model's `apiClass`). */
  readonly apiClass: string;
  /** Fresh (uncached) input tokens, USD per million. */
  readonly inputPerMTok: number;
  /** Input tokens served from the provider's prompt cache, USD per million. */
  readonly cachedInputPerMTok: number;
  /** Output tokens, USD per million. */
  readonly outputPerMTok: number;
}

/**
 * Cached input as a fraction of the input price. Anthropic charges 0.1× for cache reads; OpenAI
 * 0.1–0.5× depending on the model (0.1× on its 2025 models); DeepSeek ≈ 0.1× [pricing pages].
 * Hosts of open Llama models mostly publish no cache discount, so we apply the common 0.1×.
 */
export const CACHED_INPUT_FRACTION = 0.1;

function price(apiClass: string, inputPerMTok: number, outputPerMTok: number): ApiPrice {
  return Object.freeze({ apiClass, inputPerMTok, cachedInputPerMTok: inputPerMTok * CACHED_INPUT_FRACTION, outputPerMTok });
}

/*
 * One source for all classes so the ratios are consistent: Amazon Bedrock on-demand (us-east-1,
 * 2024–25) lists Llama 3.1 Instruct 8B at $0.22/$0.22, 70B at $0.72/$0.72 and 405B at $2.40/$2.40
 * per million input/output tokens. Other hosts span roughly 0.2–2× these (8B: DeepInfra
 * $0.03/$0.05 to Azure $0.30/$0.61; 70B: DeepInfra $0.13/$0.40 to Together $0.88/$0.88).
 * The 1B and 3B models are priced as `small` (at the 8B price: an upper bound for them).
 */

/** ≈1–8B models (Llama 3.1 8B Instruct on Bedrock). */
export const SMALL_PRICE: ApiPrice = price('small', 0.22, 0.22);
/** ≈70B models (Llama 3.1 70B Instruct on Bedrock). */
export const LARGE_PRICE: ApiPrice = price('large', 0.72, 0.72);
/** ≈400B models (Llama 3.1 405B Instruct on Bedrock). */
export const XLARGE_PRICE: ApiPrice = price('xlarge', 2.4, 2.4);

/** The built-in price classes. */
export const API_PRICES: readonly ApiPrice[] = Object.freeze([SMALL_PRICE, LARGE_PRICE, XLARGE_PRICE]);
