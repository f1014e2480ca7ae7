import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario, scalar } from '../helpers/run-scenario.js';
import { sessionPrefixReuse } from '../helpers/independent-lru.js';

/**
 * scenarios/trace-replay-agentic.yaml, reduced to three of its eight variants: with session affinity
 * and an unbounded cache, the share of input read from cache is exactly the sessions' own prefix
 * reuse computed here from the JSON files (94.51%); round-robin loses much of it; with one H100's
 * worth of KV per replica the largest call does not fit and is the only one not served.
 */
const run = (set: string[]) => runScenario('scenarios', 'trace-replay-agentic.yaml', set);
const dir = 'scenarios/traces/agentic-sessions';
const sessions = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
type Entry = { type: string; in?: number; out?: number; requests?: Entry[] };
const flat = (rs: Entry[]): Entry[] => rs.flatMap((r) => (r.type === 'subagent' ? flat(r.requests ?? []) : [r]));
/** Every call of every session, sub-agents' included. */
const calls = sessions.flatMap((s) => flat(s.requests));
const total = calls.length;

describe('scenarios/trace-replay-agentic.yaml (reduced: three variants)', () => {
  const ample = run(['pools.llm.engine.kvBlocks=2000000', 'pools.llm.routing=session-affinity']);

  it('session affinity, unbounded cache: every call served, cache-read share of input = the files’ prefix reuse (1e-9)', () => {
    expect(total).toBe(919);
    expect(scalar(ample, 'llm.requests')).toBe(total);
    const reuse = sessionPrefixReuse(sessions);
    expect(reuse).toBeCloseTo(0.9451, 4);
    expect(scalar(ample, 'llm.cache_read_tokens') / scalar(ample, 'llm.input_tokens')).toBeCloseTo(reuse, 9);
  });

  it('round-robin loses ≥ 15 points of it', () => {
    const rr = run(['pools.llm.engine.kvBlocks=2000000', 'pools.llm.routing=round-robin']);
    expect(scalar(rr, 'llm.hit_rate_hbm')).toBeLessThan(scalar(ample, 'llm.hit_rate_hbm') - 0.15); // regression guard
    expect(scalar(rr, 'llm.ttft_p50_s')).toBeGreaterThan(scalar(ample, 'llm.ttft_p50_s'));
  });

  it('one H100’s KV per replica: served + rejected = every call, fewer hits, evictions', () => {
    const small = run(['pools.llm.engine.kvBlocks=6600', 'pools.llm.routing=session-affinity']);
    expect(scalar(small, 'llm.requests') + scalar(small, 'llm.rejected')).toBe(total);
    // a call is refused when prompt + output need more 64-token blocks than a replica has: counted here from the files
    const tooBig = calls.filter((r) => Math.ceil(((r.in ?? 0) + (r.out ?? 0)) / 64) > 6600).length;
    expect(tooBig).toBeGreaterThan(0);
    expect(scalar(small, 'llm.rejected')).toBe(tooBig);
    expect(scalar(small, 'llm.evictions')).toBeGreaterThan(0);
    expect(scalar(small, 'llm.hit_rate_hbm')).toBeLessThan(scalar(ample, 'llm.hit_rate_hbm'));
  });
});
