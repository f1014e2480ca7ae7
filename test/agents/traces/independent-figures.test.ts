import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMooncakeTrace } from '../../../src/agents/traces/index.js';
import { lruBlockHitFraction, sessionPrefixReuse, sessionPrefixReuseTotals } from '../../helpers/independent-lru.js';

/**
 * The reference figures the simulator's cache tests compare against. Each constant was computed a
 * second way, in Python straight from the files:
 * - LRU: an `OrderedDict` cache; per request, count hits for all its hash_ids first, then insert
 *   or `move_to_end` each, `popitem(last=False)` while over capacity.
 * - Prefix reuse: per session (sub-agents separate), leading hash_ids already seen in the session,
 *   min(64·h, in) hit tokens, over the 14 files in scenarios/traces/agentic-sessions.
 */
const MOONCAKE_LRU = {
  conversation_trace: { blocks: 288_500, hits: { 1_000: 12_845, 10_000: 61_042, 100_000: 104_924 } },
  synthetic_trace: { blocks: 121_877, hits: { 1_000: 10_247, 10_000: 51_668, 100_000: 77_953 } },
} as const;
const SESSION_REUSE = { hitTokens: 79_454_848, inputTokens: 84_066_538 };

function mooncakeRequests(name: string): number[][] {
  return readFileSync(`scenarios/traces/mooncake/${name}.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { hash_ids: number[] }).hash_ids);
}

describe('lruBlockHitFraction', () => {
  it('counts per-block hits against the cache as it was before the request', () => {
    // [1,2] misses both; [1,2,3] hits 1 and 2; [4] misses and evicts 1 (capacity 3); [1] misses.
    expect(lruBlockHitFraction([[1, 2], [1, 2, 3], [4], [1]], 3)).toBe(2 / 7);
  });

  it('evicts the least recently used block, where a touch counts as a use', () => {
    // After [1],[2],[1] the order is 2, 1; [3] evicts 2, so [1] hits and [2] misses.
    expect(lruBlockHitFraction([[1], [2], [1], [3], [1], [2]], 2)).toBe(2 / 6);
  });

  it('is 0 with no blocks or no room', () => {
    expect(lruBlockHitFraction([], 10)).toBe(0);
    expect(lruBlockHitFraction([[1], [1]], 0)).toBe(0);
  });

  it.each(Object.entries(MOONCAKE_LRU))('on Mooncake %s gives the hit fractions the Python LRU gives', (name, exp) => {
    const requests = mooncakeRequests(name);
    for (const [capacity, hits] of Object.entries(exp.hits)) {
      expect(lruBlockHitFraction(requests, Number(capacity))).toBe(hits / exp.blocks);
    }
  });

  it("gives the same figure from the reader's key columns as from the raw JSON", () => {
    const trace = readMooncakeTrace('scenarios/traces/mooncake/conversation_trace.jsonl');
    const fromColumns = Array.from({ length: trace.count }, (_, i) => [...trace.keys.subarray(trace.keyOffset[i], trace.keyOffset[i] + trace.keyCount[i])]);
    expect(lruBlockHitFraction(fromColumns, 10_000)).toBe(MOONCAKE_LRU.conversation_trace.hits[10_000] / MOONCAKE_LRU.conversation_trace.blocks);
  });
});

describe('sessionPrefixReuse', () => {
  it('counts only the leading blocks already seen in the same session, capped at `in`', () => {
    const session = {
      requests: [
        { type: 'n', in: 130, hash_ids: [1, 2] },
        // 1 and 2 seen, 9 not, 3 would be seen but sits after a miss: 2 blocks = 128 tokens.
        { type: 'n', in: 300, hash_ids: [1, 2, 9, 3] },
        // A sub-agent has its own cache: nothing is a hit there.
        { type: 'subagent', requests: [{ type: 'n', in: 64, hash_ids: [1] }] },
        // All 4 blocks seen, but in = 200 < 256.
        { type: 'n', in: 200, hash_ids: [1, 2, 9, 3] },
      ],
    };
    expect(sessionPrefixReuseTotals([session])).toEqual({ hitTokens: 128 + 200, inputTokens: 130 + 300 + 64 + 200 });
  });

  it('over the sessions kept in the repository is ≈95%, as Python finds', () => {
    const dir = 'scenarios/traces/agentic-sessions';
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown);
    expect(sessionPrefixReuseTotals(files)).toEqual(SESSION_REUSE);
    expect(sessionPrefixReuse(files)).toBeCloseTo(0.9451, 4);
  });
});
