import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario, scalar } from '../helpers/run-scenario.js';
import { lruBlockHitFraction } from '../helpers/independent-lru.js';

/**
 * scenarios/kv-tiering.yaml, reduced to the first 4,000 requests of the Mooncake trace: each added
 * tier (host DRAM, then a shared pool) must raise the prefix-hit share, none may beat what an
 * unbounded cache could hit (the LRU ceiling computed here from the file), every pool must serve
 * the same requests and tokens, and under load the tiers must shorten time to first token.
 */
const N = 4000;
const first = readFileSync('scenarios/traces/mooncake/conversation_trace.jsonl', 'utf8')
  .trim()
  .split('\n')
  .slice(0, N)
  .map((l) => JSON.parse(l) as { input_length: number; output_length: number; hash_ids: number[] });
const blocks = first.reduce((s, l) => s + l.hash_ids.length, 0);
const ceiling = lruBlockHitFraction(first.map((l) => l.hash_ids), Number.MAX_SAFE_INTEGER);
const POOLS = ['hbm', 'dram', 'shared'] as const;
const run = (speedup: number) =>
  runScenario('scenarios', 'kv-tiering.yaml', [
    'warmup=0',
    `horizon=${Math.round(1500 / speedup)}`,
    ...['kimi-hbm', 'kimi-dram', 'kimi-shared'].flatMap((w) => [`workloads.${w}.trace.limit=${N}`, `workloads.${w}.trace.speedup=${speedup}`]),
  ]);

describe('scenarios/kv-tiering.yaml (reduced: the first 4,000 requests)', () => {
  const recorded = run(1);
  const fast = run(2);
  const hit = (r: typeof recorded, p: string) => scalar(r, `${p}.cache_read_tokens`) / 512 / blocks;

  it('every design serves the same requests, input and output tokens: the trace’s, summed from the file', () => {
    const input = first.reduce((s, l) => s + l.input_length, 0);
    const output = first.reduce((s, l) => s + l.output_length, 0);
    for (const r of [recorded, fast]) {
      for (const p of POOLS) {
        expect(scalar(r, `${p}.requests`), p).toBe(N);
        expect(scalar(r, `${p}.input_tokens`), p).toBe(input);
        expect(scalar(r, `${p}.output_tokens`), p).toBe(output);
      }
    }
  });

  it('each tier adds ≥ 2 points of prefix hits, the lower tiers are used, and none beats the unbounded-LRU ceiling', () => {
    // regression guards: 2 points is this run's margin; the ceiling below is the independent bound
    expect(hit(recorded, 'dram')).toBeGreaterThan(hit(recorded, 'hbm') + 0.02);
    expect(hit(recorded, 'shared')).toBeGreaterThan(hit(recorded, 'dram') + 0.02);
    expect(hit(recorded, 'shared')).toBeLessThanOrEqual(ceiling);
    expect(scalar(recorded, 'hbm.hit_rate_dram')).toBe(0);
    expect(scalar(recorded, 'dram.hit_rate_dram')).toBeGreaterThan(0);
    expect(scalar(recorded, 'shared.hit_rate_pool')).toBeGreaterThan(0);
  });

  it('at twice the recorded speed the tiers shorten time to first token', () => {
    expect(scalar(fast, 'shared.ttft_p50_s')).toBeLessThan(scalar(fast, 'hbm.ttft_p50_s'));
    expect(scalar(fast, 'shared.e2e_p50_s')).toBeLessThan(scalar(fast, 'hbm.e2e_p50_s'));
  });
});
