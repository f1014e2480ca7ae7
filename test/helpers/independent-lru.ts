/**
 * Reference computations on real traces, written to be obviously right rather than fast, and
 * sharing no code with `src/` (they read plain arrays and parsed JSON, never the trace readers'
 * columns). Simulator tests compare their cache hit rates with these figures.
 */

/**
 * Hit fraction of an LRU block cache of `capacityBlocks` blocks fed a sequence of requests, each a
 * list of block keys.
 *
 * Exact definition, request by request in the given order:
 * 1. Look up every block of the request against the cache *as it was before this request*: each
 *    block present counts one hit; every block counts one towards the total.
 * 2. Then insert or touch the request's blocks in order (first block first, so the last block is
 *    the most recently used); after each insertion evict least-recently-used blocks until at most
 *    `capacityBlocks` remain. A request longer than the cache thus evicts its own first blocks.
 * Returns hits / total blocks (0 when there are no blocks). Hits are counted per block, not as a
 * prefix, and blocks are all the same size (a partial last block counts as one block).
 */
export function lruBlockHitFraction(requests: readonly (readonly number[])[], capacityBlocks: number): number {
  // A Map iterates in insertion order; deleting and re-inserting a key moves it to the end, so the
  // first key is always the least recently used.
  const cache = new Map<number, true>();
  // One live iterator over the cache finds each eviction victim: by the language's rules it skips
  // deleted keys and reaches keys inserted after it was made, and every key it has passed has been
  // evicted, so its next key is the first (oldest) one. NOTE: replaces `cache.keys().next()` per
  // eviction, which rescans the deleted slots at the front and made C = 100k take seconds.
  const oldestFirst = cache.keys();
  let hits = 0;
  let total = 0;
  for (const blocks of requests) {
    for (const b of blocks) {
      total++;
      if (cache.has(b)) hits++;
    }
    for (const b of blocks) {
      cache.delete(b);
      cache.set(b, true);
      while (cache.size > capacityBlocks) {
        cache.delete(oldestFirst.next().value as number);
      }
    }
  }
  return total === 0 ? 0 : hits / total;
}

/** Tokens per `hash_ids` block in the kv-cache-tester session format. */
const SESSION_BLOCK_TOKENS = 64;

/** Hit and input token totals behind {@link sessionPrefixReuse}. */
export interface PrefixReuseTotals {
  hitTokens: number;
  inputTokens: number;
}

/**
 * Prefix-hit tokens and input tokens over agentic session files (parsed JSON, kv-cache-tester
 * format), with an unbounded cache per session.
 *
 * Exact definition: every session has its own cache, empty at its start; a sub-agent
 * (`type: "subagent"` entry) is a separate session with its own empty cache, and its calls do not
 * enter the parent's cache. Calls of a session are taken in file order. For a call, let h be the
 * number of leading `hash_ids` (blocks 0..h−1) that all appeared in earlier calls of the same
 * session; its hit tokens are min(64·h, in). Then all its `hash_ids` join the session's cache.
 * Input tokens are the sum of `in` over all calls.
 */
export function sessionPrefixReuseTotals(sessionsJson: readonly unknown[]): PrefixReuseTotals {
  let hitTokens = 0;
  let inputTokens = 0;
  type Entry = { type: string; in: number; hash_ids: number[]; requests?: Entry[] };
  const session = (requests: Entry[]): void => {
    const seen = new Set<number>();
    for (const r of requests) {
      if (r.type === 'subagent') {
        session(r.requests ?? []);
        continue;
      }
      let h = 0;
      while (h < r.hash_ids.length && seen.has(r.hash_ids[h])) h++;
      hitTokens += Math.min(h * SESSION_BLOCK_TOKENS, r.in);
      inputTokens += r.in;
      for (const id of r.hash_ids) seen.add(id);
    }
  };
  for (const file of sessionsJson) session((file as { requests: Entry[] }).requests);
  return { hitTokens, inputTokens };
}

/** The fraction of input tokens that are prefix hits, as defined in {@link sessionPrefixReuseTotals}. */
export function sessionPrefixReuse(sessionsJson: readonly unknown[]): number {
  const t = sessionPrefixReuseTotals(sessionsJson);
  return t.inputTokens === 0 ? 0 : t.hitTokens / t.inputTokens;
}
