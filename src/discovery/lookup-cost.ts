/**
 * What one lookup costs and how often it finds the right provider, by discovery method
 * (DESIGN.md, "Coordination, discovery, governance"):
 *
 * - `static`: wiring fixed at deployment (refreshed every `rewire`); no lookup, no cost. Goes stale
 *   as providers publish versions: P(stale) = 1 − e^{−churn·age}, age = time since the last rewire.
 * - `scan`: an exact scan of the registry: `n` distance computations, always the current version.
 * - `hnsw`: a navigable small-world graph index (Malkov & Yashunin, arXiv:1603.09320). A query
 *   descends the upper layers greedily — log_M(n) hops — and searches the bottom layer with a beam
 *   of width ef, each step evaluating the M neighbours of a node: distances ≈ ef·M·log_M(n), never
 *   more than n (a node is evaluated at most once). Recall@1 falls as the registry grows at a fixed
 *   beam: 1 − recall = e^{−ef/(κ·ln n)}, κ = `recallScale`; with κ = 1, ef = 64 gives ≈ 0.99 at 1e6
 *   providers, the order hnswlib reaches on SIFT-1M in public benchmarks (a stylised fit, not a
 *   measurement: set κ and the costs for the index at hand). A beam as wide as the registry is an
 *   exhaustive search (recall 1). The index applies a new version `lag` after it is published, so
 *   P(stale) = 1 − e^{−churn·lag}.
 */

/** Discovery methods. */
export const DISCOVERY_METHODS = ['static', 'scan', 'hnsw'] as const;
export type DiscoveryMethod = (typeof DISCOVERY_METHODS)[number];

/** The cost-model parameters of a registry. */
export interface LookupCostSpec {
  readonly method: DiscoveryMethod;
  /** Providers in the registry. */
  readonly providers: number;
  /** CPU seconds of one distance computation (a capability-vector comparison). */
  readonly distanceCost: number;
  /** hnsw: graph degree M (≥ 2). */
  readonly degree: number;
  /** hnsw: search width ef (beam). */
  readonly efSearch: number;
  /** hnsw: κ in 1 − recall = e^{−ef/(κ ln n)}. */
  readonly recallScale: number;
}

/** Distance computations one lookup makes. */
export function lookupDistances(c: LookupCostSpec): number {
  const n = c.providers;
  switch (c.method) {
    case 'static':
      return 0;
    case 'scan':
      return n;
    case 'hnsw': {
      const hops = n > 1 ? Math.max(1, Math.log(n) / Math.log(c.degree)) : 1;
      return Math.min(n, c.efSearch * c.degree * hops);
    }
  }
}

/** CPU seconds one lookup costs (its service demand on the discovery station). */
export function lookupSeconds(c: LookupCostSpec): number {
  return lookupDistances(c) * c.distanceCost;
}

/** Probability that a lookup returns the best-matching provider (1 for static and scan). */
export function lookupRecall(c: LookupCostSpec): number {
  if (c.method !== 'hnsw') return 1;
  const n = c.providers;
  // a search that visits every provider (small registries) is exhaustive, hence exact
  if (c.efSearch >= n || n <= 1 || lookupDistances(c) >= n) return 1;
  return 1 - Math.exp(-c.efSearch / (c.recallScale * Math.log(n)));
}

/** The search width that reaches `recall` on `n` providers (inverse of {@link lookupRecall}); n at recall 1. */
export function efForRecall(recall: number, n: number, recallScale: number): number {
  if (recall >= 1 || n <= 1) return n;
  return Math.min(n, Math.ceil(-recallScale * Math.log(n) * Math.log(1 - recall)));
}

/**
 * The long-run share of engagements on stale versions under static wiring rewired every `rewire`
 * seconds (engagement times uniform over the cycle): 1 − (1 − e^{−cT})/(cT); rewire 0 = never.
 */
export function staticStaleShare(churn: number, rewire: number): number {
  const x = churn * rewire;
  if (x === 0) return 0;
  return 1 - -Math.expm1(-x) / x;
}
