import type { UniformSource } from '../kernel/random-streams.js';
import { mix32 } from '../kernel/counter-hash.js';

/**
 * Replica policies: which replica of a pool serves a request. Each policy sees replicas only
 * through {@link ReplicaView}, so it works for any engine that reports its load and can say how
 * much of a request's prefix it holds.
 */

/** What a policy may ask of a replica. */
export interface ReplicaView {
  /** Tokens admitted or waiting and not yet produced or prefilled: the replica's backlog. */
  readonly outstandingTokens: number;
  /** Tokens of `req`'s prompt this replica could serve from its prefix cache (non-mutating). */
  cachedPrefixTokens(req: number): number;
}

/** A replica policy picks an index into the pool's replica list. */
export interface ReplicaPolicy {
  pick(req: number, session: number): number;
}

/** The names scenarios use. */
export const REPLICA_POLICIES = ['round-robin', 'random', 'least-loaded', 'power-of-two', 'session-affinity', 'cache-aware'] as const;
export type ReplicaPolicyName = (typeof REPLICA_POLICIES)[number];

/** Cycles through replicas in order. */
export class RoundRobin implements ReplicaPolicy {
  private next = 0;
  constructor(private readonly n: number) {}
  pick(): number {
    const r = this.next;
    this.next = r + 1 === this.n ? 0 : r + 1;
    return r;
  }
}

/** Uniformly at random. */
export class RandomPick implements ReplicaPolicy {
  constructor(private readonly n: number, private readonly u: UniformSource) {}
  pick(): number {
    return Math.floor(this.u() * this.n);
  }
}

/** The replica with the least outstanding work (lowest index on ties). O(replicas) per request. */
export class LeastLoaded implements ReplicaPolicy {
  constructor(private readonly replicas: readonly ReplicaView[]) {}
  pick(): number {
    let best = 0;
    let load = this.replicas[0].outstandingTokens;
    for (let i = 1; i < this.replicas.length; i++) {
      const l = this.replicas[i].outstandingTokens;
      if (l < load) (best = i), (load = l);
    }
    return best;
  }
}

/**
 * Power of two choices: two distinct replicas at random, the less loaded wins (Mitzenmacher 2001:
 * exponentially better maximum load than one random choice at O(1) cost).
 */
export class PowerOfTwo implements ReplicaPolicy {
  constructor(private readonly replicas: readonly ReplicaView[], private readonly u: UniformSource) {}
  pick(): number {
    const n = this.replicas.length;
    if (n === 1) return 0;
    const a = Math.floor(this.u() * n);
    let b = Math.floor(this.u() * (n - 1));
    if (b >= a) b++;
    return this.replicas[b].outstandingTokens < this.replicas[a].outstandingTokens ? b : a;
  }
}

/**
 * Session affinity by consistent hashing (Karger et al. 1997): each replica owns `virtualNodes`
 * points on a 32-bit ring; a session goes to the first point at or after its hash. Adding or
 * removing a replica moves only ~1/n of the sessions, and a session always returns to the replica
 * that holds its context — which is what keeps an agent's prefix cache warm.
 */
export class SessionAffinity implements ReplicaPolicy {
  private readonly points: Uint32Array;
  private readonly owners: Int32Array;
  constructor(n: number, virtualNodes = 64) {
    const pts: [number, number][] = [];
    for (let r = 0; r < n; r++) for (let v = 0; v < virtualNodes; v++) pts.push([mix32(mix32(r + 1) ^ Math.imul(v + 1, 0x9e3779b1)), r]);
    pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.points = Uint32Array.from(pts, (p) => p[0]);
    this.owners = Int32Array.from(pts, (p) => p[1]);
  }
  pick(_req: number, session: number): number {
    // sessions may be large numbers (trace keys): fold both 32-bit halves before mixing
    const h = mix32((session >>> 0) ^ mix32(Math.floor(session / 4294967296)));
    const pts = this.points;
    let lo = 0, hi = pts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pts[mid] < h) lo = mid + 1;
      else hi = mid;
    }
    return this.owners[lo === pts.length ? 0 : lo];
  }
}

/**
 * Cache-aware: score = cached prefix tokens − α·outstanding tokens, highest wins (lowest index on
 * ties). α trades locality against balance: 0 chases hits regardless of queues; large α is
 * least-loaded. O(replicas × prefix length) per request.
 */
export class CacheAware implements ReplicaPolicy {
  constructor(private readonly replicas: readonly ReplicaView[], private readonly alpha: number) {}
  pick(req: number): number {
    let best = 0;
    let score = -Infinity;
    for (let i = 0; i < this.replicas.length; i++) {
      const r = this.replicas[i];
      const s = r.cachedPrefixTokens(req) - this.alpha * r.outstandingTokens;
      if (s > score) (best = i), (score = s);
    }
    return best;
  }
}

/** Builds the named policy over `replicas`. */
export function makeReplicaPolicy(
  name: ReplicaPolicyName,
  replicas: readonly ReplicaView[],
  u: UniformSource,
  options: { cacheAwareAlpha?: number; virtualNodes?: number } = {},
): ReplicaPolicy {
  switch (name) {
    case 'round-robin':
      return new RoundRobin(replicas.length);
    case 'random':
      return new RandomPick(replicas.length, u);
    case 'least-loaded':
      return new LeastLoaded(replicas);
    case 'power-of-two':
      return new PowerOfTwo(replicas, u);
    case 'session-affinity':
      return new SessionAffinity(replicas.length, options.virtualNodes);
    case 'cache-aware':
      return new CacheAware(replicas, options.cacheAwareAlpha ?? 0.5);
  }
}
