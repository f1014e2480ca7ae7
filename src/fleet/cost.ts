/**
 * Cost views, as pure functions: what the provisioned hardware costs (accelerator-hours plus
 * energy), what the same tokens would cost at API list prices, and the ratios (per million tokens,
 * per completed goal, cache-read share) the tables report side by side.
 */
import type { ApiPrice } from '../catalog/api-prices.js';

/**
 * Default electricity price, USD/kWh: the US average retail price to industrial customers was
 * ≈ 8 ¢/kWh in 2023–24 [U.S. EIA, Electric Power Monthly, table 5.6.A]. A parameter.
 */
export const DEFAULT_USD_PER_KWH = 0.08;

/** Inputs of {@link provisionedCost}. */
export interface ProvisionedUsage {
  /** Accelerators rented over the interval. */
  accelerators: number;
  /** Rental price, USD per accelerator-hour. */
  usdPerAcceleratorHour: number;
  /** Interval length, h. */
  hours: number;
  /** Facility energy drawn over the interval, kWh (see `power.ts`). */
  energyKWh: number;
  /** Electricity price, USD/kWh (default {@link DEFAULT_USD_PER_KWH}). */
  usdPerKWh?: number;
}

/** A provisioned-cost breakdown, USD. */
export interface ProvisionedCost {
  /** Accelerator rental: accelerators · $/h · hours. */
  hardwareUsd: number;
  /** Electricity: kWh · $/kWh. */
  energyUsd: number;
  /** The sum. */
  totalUsd: number;
}

/**
 * Provisioned-infrastructure cost: accelerators · $/accelerator-hour · hours + energy · $/kWh.
 * Rental prices often already include power; pass `usdPerKWh: 0` to count it only once.
 */
export function provisionedCost(u: ProvisionedUsage): ProvisionedCost {
  const hardwareUsd = u.accelerators * u.usdPerAcceleratorHour * u.hours;
  const energyUsd = u.energyKWh * (u.usdPerKWh ?? DEFAULT_USD_PER_KWH);
  return { hardwareUsd, energyUsd, totalUsd: hardwareUsd + energyUsd };
}

/** Token counts of a workload, split the way API prices are. */
export interface TokenCounts {
  /** Input tokens that had to be prefilled (cache misses). */
  freshInput: number;
  /** Input tokens read from a prefix cache. */
  cachedInput: number;
  /** Generated tokens. */
  output: number;
}

/** An API-price cost breakdown, USD. */
export interface ApiCost {
  /** Fresh input tokens at the input price. */
  freshInputUsd: number;
  /** Cache-read input tokens at the cached-input price. */
  cachedInputUsd: number;
  /** Output tokens at the output price. */
  outputUsd: number;
  /** The sum. */
  totalUsd: number;
}

/** What `tokens` would cost at the list prices `price` (USD per million tokens of each kind). */
export function apiCost(price: Pick<ApiPrice, 'inputPerMTok' | 'cachedInputPerMTok' | 'outputPerMTok'>, tokens: TokenCounts): ApiCost {
  const freshInputUsd = (tokens.freshInput * price.inputPerMTok) / 1e6;
  const cachedInputUsd = (tokens.cachedInput * price.cachedInputPerMTok) / 1e6;
  const outputUsd = (tokens.output * price.outputPerMTok) / 1e6;
  return { freshInputUsd, cachedInputUsd, outputUsd, totalUsd: freshInputUsd + cachedInputUsd + outputUsd };
}

/** All tokens of a workload: fresh input + cached input + output. */
export function totalTokens(tokens: TokenCounts): number {
  return tokens.freshInput + tokens.cachedInput + tokens.output;
}

/** USD per million tokens; NaN when there were no tokens (the ratio is undefined, not zero). */
export function usdPerMillionTokens(usd: number, tokens: number): number {
  return tokens > 0 ? (usd * 1e6) / tokens : NaN;
}

/** USD per completed goal (the artifact view); NaN when no goal completed. */
export function usdPerGoal(usd: number, completedGoals: number): number {
  return completedGoals > 0 ? usd / completedGoals : NaN;
}

/**
 * Share of all tokens (input and output) that were cache reads, as the persistent-agent study
 * reports it (82.9% of 73.95 M tokens; Alzahrani, arXiv:2605.26870). NaN when there were no tokens.
 */
export function cacheReadShare(tokens: TokenCounts): number {
  const all = totalTokens(tokens);
  return all > 0 ? tokens.cachedInput / all : NaN;
}
