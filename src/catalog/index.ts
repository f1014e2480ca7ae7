/** The catalog: accelerators, models and API prices, with lookups and validators for custom ones. */
export { ACCELERATORS, H100, H200, B200, MI300X, L40S, L4, type Accelerator } from './accelerators.js';
export {
  MODELS, LLAMA_3_1_8B, LLAMA_3_1_70B, LLAMA_3_1_405B, LLAMA_3_2_1B, LLAMA_3_2_3B, QWEN3_8B,
  kvBytesPerTokenOf, type ModelSpec, type KvShape,
} from './models.js';
export { API_PRICES, SMALL_PRICE, LARGE_PRICE, XLARGE_PRICE, CACHED_INPUT_FRACTION, type ApiPrice } from './api-prices.js';
export { findAccelerator, findModel, findApiPrice } from './lookup.js';
export { checkAccelerator, checkModel, checkApiPrice } from './check.js';
