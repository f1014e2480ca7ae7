/**
 * One capability registry in a run: its popularity law (Zipf over providers, by inversion), its
 * version churn (a counter-hash Poisson process per provider) and its lookup cost model, with no
 * per-provider state. `resolve` decides, for a lookup at time `now`, which provider the goal
 * engages and whether that engagement is misrouted:
 *
 * - static: the wiring made at the last rewire (every `rewire` s; never: at t = 0) names the
 *   provider's version of then; stale when the provider published since → misroute.
 * - scan: exact and current → never misrouted.
 * - hnsw: with probability 1 − recall the search misses the best provider and returns another
 *   (misroute: missed); otherwise the index serves the version of `lag` seconds ago, stale when the
 *   provider published in (now − lag, now] (misroute: stale).
 *
 * The provider drawn depends only on the goal's uniform, so designs compared in one sweep engage
 * the same providers (common random numbers); staleness is a property of the provider's history,
 * shared by every goal that engages it.
 */
import type { RegistrySpec } from '../scenario/discovery-schema.js';
import { lookupDistances, lookupRecall, lookupSeconds, type LookupCostSpec } from './lookup-cost.js';
import { VersionClock } from './version-clock.js';
import { ZipfRanks } from './zipf-ranks.js';

/** Outcome of a lookup: the right, current provider. */
export const ROUTED = 0;
/** Outcome: the provider's version had changed (static wiring, index lag). */
export const STALE = 1;
/** Outcome: the index search missed the best provider (hnsw recall). */
export const MISSED = 2;

export class Registry {
  readonly spec: RegistrySpec;
  readonly ranks: ZipfRanks;
  readonly clock: VersionClock;
  /** CPU seconds one lookup costs. */
  readonly lookupSeconds: number;
  /** What one lookup's CPU time costs, USD. */
  readonly lookupUsd: number;
  /** Distance computations one lookup makes. */
  readonly distances: number;
  /** P(a lookup finds the best provider). */
  readonly recall: number;
  /** Ranks that make up the top 1% of providers (at least 1). */
  readonly top1pct: number;
  /** Outcome of the last {@link resolve} (ROUTED, STALE, MISSED). */
  outcome = ROUTED;

  /** @param seed base seed of the version process (from a named stream). */
  constructor(spec: RegistrySpec, seed: number) {
    this.spec = spec;
    this.ranks = new ZipfRanks(spec.providers, spec.zipf);
    this.clock = new VersionClock(spec.churn, seed);
    const cost: LookupCostSpec = {
      method: spec.method,
      providers: spec.providers,
      distanceCost: spec.distanceCost,
      degree: spec.hnsw.degree,
      efSearch: spec.hnsw.efSearch,
      recallScale: spec.hnsw.recallScale,
    };
    this.lookupSeconds = lookupSeconds(cost);
    this.lookupUsd = (this.lookupSeconds / 3600) * spec.usdPerCpuHour;
    this.distances = lookupDistances(cost);
    this.recall = lookupRecall(cost);
    this.top1pct = Math.max(1, Math.floor(spec.providers / 100));
  }

  /**
   * The provider rank a lookup at `now` engages, for the goal's popularity uniform `uRank` and
   * search uniform `uSearch`; sets {@link outcome}.
   */
  resolve(now: number, uRank: number, uSearch: number): number {
    const rank = this.ranks.rank(uRank);
    const s = this.spec;
    switch (s.method) {
      case 'static': {
        const wired = s.rewire > 0 ? Math.floor(now / s.rewire) * s.rewire : 0;
        this.outcome = this.clock.changedIn(rank, wired, now) ? STALE : ROUTED;
        break;
      }
      case 'scan':
        this.outcome = ROUTED;
        break;
      case 'hnsw':
        this.outcome = uSearch >= this.recall ? MISSED : this.clock.changedIn(rank, now - s.hnsw.lag, now) ? STALE : ROUTED;
        break;
    }
    return rank;
  }
}
