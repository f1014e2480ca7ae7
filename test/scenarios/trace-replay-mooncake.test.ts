import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario, scalar } from '../helpers/run-scenario.js';
import { lruBlockHitFraction } from '../helpers/independent-lru.js';

/**
 * scenarios/trace-replay-mooncake.yaml, reduced: the fleet replays the real trace and conserves it
 * (every request, every input and output token), and its prefix cache reaches the trace's own
 * prefix-hit level — the unbounded-LRU block-hit fraction computed here straight from the file
 * (36.64%; the Mooncake paper reports ≈ 40% with its cache) — when given one replica with room for
 * everything and the trace slowed so that requests do not overlap.
 */
const run = (set: string[]) => runScenario('scenarios', 'trace-replay-mooncake.yaml', set);
const lines = readFileSync('scenarios/traces/mooncake/conversation_trace.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { input_length: number; output_length: number; hash_ids: number[] });

describe('scenarios/trace-replay-mooncake.yaml (reduced)', () => {
  it('one replica with an ample cache: conserves the trace and hits its unbounded-LRU prefix level within 1 point', () => {
    const r = run(['warmup=0', 'horizon=11h', 'workloads.kimi.trace.speedup=0.1', 'pools.llm.count=4', 'pools.llm.engine.kvBlocks=400000', 'pools.llm.routing=least-loaded']);
    expect(scalar(r, 'llm.requests')).toBe(lines.length);
    expect(scalar(r, 'llm.rejected')).toBe(0);
    expect(scalar(r, 'llm.input_tokens')).toBe(lines.reduce((s, l) => s + l.input_length, 0));
    expect(scalar(r, 'llm.output_tokens')).toBe(lines.reduce((s, l) => s + l.output_length, 0));
    const blocks = lines.reduce((s, l) => s + l.hash_ids.length, 0);
    const ceiling = lruBlockHitFraction(lines.map((l) => l.hash_ids), Number.MAX_SAFE_INTEGER);
    expect(ceiling).toBeCloseTo(0.3664, 3);
    const hit = scalar(r, 'llm.cache_read_tokens') / 512 / blocks;
    expect(Math.abs(hit - ceiling)).toBeLessThan(0.01);
  });

  it('on the scenario’s 32-GPU fleet, cache-aware routing hits more than least-loaded, and no fleet beats the ceiling', () => {
    const set = ['workloads.kimi.trace.limit=4000', 'horizon=25m', 'warmup=0'];
    const aware = run([...set, 'pools.llm.routing=cache-aware']);
    const least = run([...set, 'pools.llm.routing=least-loaded']);
    const first = lines.slice(0, 4000);
    const ceiling = lruBlockHitFraction(first.map((l) => l.hash_ids), Number.MAX_SAFE_INTEGER);
    const hit = (r: typeof aware) => scalar(r, 'llm.cache_read_tokens') / 512 / first.reduce((s, l) => s + l.hash_ids.length, 0);
    expect(scalar(aware, 'llm.requests')).toBe(4000);
    expect(hit(aware)).toBeGreaterThan(hit(least) + 0.03); // regression guard
    expect(hit(aware)).toBeLessThanOrEqual(ceiling);
    expect(scalar(aware, 'llm.ttft_p50_s')).toBeLessThanOrEqual(scalar(least, 'llm.ttft_p50_s'));
  });
});
