/**
 * Agents' contexts as block-key chains. Each simulated agent owns one growing Float64Array: key i
 * names tokens [i·blockTokens, (i+1)·blockTokens) of its context, assigned when that block first
 * fills and never changed until the context is rewritten (compaction, a fresh goal, a discarded
 * output). Context is append-only in between, so every call re-sends the previous call's blocks
 * under the same keys and a replica that still holds them serves them from cache: the cache-read
 * share emerges from context growth, routing and cache size, and is never an input.
 *
 * The first `sharedBlocks` keys of every chain are the cohort's system prompt (the same keys in
 * every agent, so all agents share them in cache); every other key is fresh, drawn from a counter
 * below the cohort's own base, so no two agents, cohorts or workloads ever share one by accident.
 *
 * A request's chain is a *view* of the agent's array (see `RequestTable.setKeys`): a chain that
 * grows gets a new array twice as long, and a request still holding the old one keeps a valid
 * view of what it was given. Nothing is allocated per call beyond that doubling.
 */

import { grown } from '../kernel/grown.js';

/**
 * Base of a cohort's fresh keys: far below synthetic workload keys (−(index+1)·2^32) and trace
 * hashes (≥ 0), 2^44 keys apart per cohort.
 */
export function cohortKeyBase(cohortIndex: number): number {
  return -(2 ** 50) - cohortIndex * 2 ** 44;
}

/** The chains of one cohort's agents. */
export class ContextChains {
  /** Per agent: its chain (read through {@link keys}; replaced when it grows). */
  private readonly arrays: Float64Array[];
  /** Per agent: keys assigned. */
  readonly count: Int32Array;
  /** Per agent: tokens in its context. */
  readonly tokens: Float64Array;
  private nextKey: number;
  private readonly shared: Float64Array;

  /**
   * @param agents number of chains.
   * @param blockTokens tokens per key.
   * @param sharedTokens leading tokens every chain shares (the system prompt).
   * @param keyBase first fresh key; later ones count down.
   */
  constructor(agents: number, readonly blockTokens: number, readonly sharedTokens: number, keyBase: number) {
    this.nextKey = keyBase;
    const sharedBlocks = Math.floor(sharedTokens / blockTokens);
    this.shared = new Float64Array(sharedBlocks);
    for (let i = 0; i < sharedBlocks; i++) this.shared[i] = this.nextKey--;
    // Every chain starts as the shared prefix itself and gets an array of its own when it first
    // grows past it (nothing is ever written below the shared length), so a cohort of many agents
    // that are mostly idle holds memory only for the ones that have run.
    this.arrays = new Array<Float64Array>(agents).fill(this.shared);
    this.count = new Int32Array(agents).fill(sharedBlocks);
    this.tokens = new Float64Array(agents).fill(sharedTokens);
  }

  /** Keys in the shared prefix. */
  get sharedBlocks(): number {
    return this.shared.length;
  }

  /** The agent's current key array (a view's backing store: read it right before use). */
  keys(agent: number): Float64Array {
    return this.arrays[agent];
  }

  /** Appends `n` tokens to the agent's context (their blocks get keys when a call needs them). */
  append(agent: number, n: number): void {
    this.tokens[agent] += n;
  }

  /**
   * Makes sure the agent's chain has keys for every full block of its first `seqTokens` tokens
   * (a call's prompt plus its output), assigning fresh keys; returns the key count to submit.
   */
  cover(agent: number, seqTokens: number): number {
    const want = Math.floor(seqTokens / this.blockTokens);
    let n = this.count[agent];
    if (want <= n) return want;
    let arr = this.arrays[agent];
    if (want > arr.length) this.arrays[agent] = arr = grown(arr, want, n, 16);
    while (n < want) arr[n++] = this.nextKey--;
    this.count[agent] = n;
    return want;
  }

  /**
   * Rewinds the agent's context to its first `tokens` tokens: keys of blocks that reached past
   * that point are dropped (their content is about to differ), full blocks before it stay.
   */
  truncate(agent: number, tokens: number): void {
    const keep = Math.floor(tokens / this.blockTokens);
    if (keep < this.count[agent]) this.count[agent] = keep;
    this.tokens[agent] = tokens;
  }

  /** Restarts the agent's context at the shared prefix plus `fresh` new tokens (fresh keys from then on). */
  restart(agent: number, fresh: number): void {
    this.truncate(agent, this.sharedTokens);
    this.tokens[agent] = this.sharedTokens + fresh;
  }

  /**
   * Gives agent `to` the context of agent `from`: its keys (`share`: the same blocks, so its KV
   * can be reused) or fresh keys for everything past the shared prefix (the text re-sent).
   */
  copy(from: number, to: number, share: boolean): void {
    const n = this.count[from];
    let arr = this.arrays[to];
    if (n > arr.length) {
      let cap = Math.max(16, arr.length);
      while (cap < n) cap *= 2;
      this.arrays[to] = arr = new Float64Array(cap);
      arr.set(this.shared);
    }
    const src = this.arrays[from];
    const sb = this.shared.length;
    if (share) for (let i = sb; i < n; i++) arr[i] = src[i];
    else for (let i = sb; i < n; i++) arr[i] = this.nextKey--;
    this.count[to] = n;
    this.tokens[to] = this.tokens[from];
  }
}
