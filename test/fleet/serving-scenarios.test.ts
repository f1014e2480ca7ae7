import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/metrics/run-recorder.js';
import { runScenario, scalar } from '../helpers/run-scenario.js';
import { lruBlockHitFraction, sessionPrefixReuse } from '../helpers/independent-lru.js';

const DIR = 'test/fixtures/scenarios/serving';
const run = (file: string, set: string[] = [], replicate = 0): RunResult => runScenario(DIR, file, set, replicate);
const get = scalar;

describe('Mooncake conversation trace against an independent LRU', () => {
  // the trace's own block hashes, read with plain JSON parsing (nothing shared with src/)
  const requests = readFileSync('scenarios/traces/mooncake/conversation_trace.jsonl', 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { hash_ids: number[] }).hash_ids);
  const totalBlocks = requests.reduce((s, r) => s + r.length, 0);

  it.each([1_000, 10_000, 100_000])('a replica with a %d-block prefix cache hits the same share of blocks within 1 point', (blocks) => {
    const r = run('mooncake-lru.yaml', [`pools[0].engine.kvBlocks=${blocks}`]);
    expect(get(r, 'p.requests')).toBe(requests.length);
    // only whole 512-token blocks are cached, so hit tokens / 512 is the count of block hits
    const simulated = get(r, 'p.cache_read_tokens') / 512 / totalBlocks;
    const independent = lruBlockHitFraction(requests, blocks);
    expect(Math.abs(simulated - independent)).toBeLessThan(0.01);
    expect(simulated).toBeGreaterThan(0.03);
  });
});

describe('agentic coding sessions', () => {
  const dir = 'scenarios/traces/agentic-sessions';
  const sessions = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  const calls = (s: { requests: { type: string; requests?: unknown[] }[] }): number =>
    s.requests.reduce((n, r) => n + (r.type === 'subagent' ? calls(r as never) : 1), 0);

  it('with session affinity and an ample cache, the cache-read share of input equals the sessions’ own prefix reuse', () => {
    const r = run('agentic-affinity.yaml');
    expect(get(r, 'p.requests')).toBe(sessions.reduce((n, s) => n + calls(s), 0));
    const simulated = get(r, 'p.cache_read_tokens') / get(r, 'p.input_tokens');
    expect(simulated).toBeCloseTo(sessionPrefixReuse(sessions), 9);
    expect(simulated).toBeGreaterThan(0.9);
  });

  it('round-robin routing or a small cache loses reuse (the mechanism, not a parameter)', () => {
    const affinity = get(run('agentic-affinity.yaml'), 'p.hit_rate_hbm');
    const roundRobin = get(run('agentic-affinity.yaml', ['pools[0].routing=round-robin']), 'p.hit_rate_hbm');
    expect(roundRobin).toBeLessThan(affinity - 0.15);
    // all sessions on one replica: an ample cache keeps every prefix; one just larger than the
    // largest context (421k tokens = 6,580 blocks) makes sessions evict each other
    const ample = get(run('agentic-affinity.yaml', ['pools[0].count=1']), 'p.hit_rate_hbm');
    const small = run('agentic-affinity.yaml', ['pools[0].count=1', 'pools[0].engine.kvBlocks=7000']);
    // on one replica, sibling sub-agents also share their common system prompt: never fewer hits
    expect(ample).toBeGreaterThanOrEqual(affinity);
    expect(get(small, 'p.rejected')).toBe(0);
    expect(get(small, 'p.evictions')).toBeGreaterThan(0);
    expect(get(small, 'p.hit_rate_hbm')).toBeLessThan(ample - 0.08);
  });
});

describe('fast-forward', () => {
  it.each([
    ['mooncake-lru.yaml', ['workloads[0].trace.limit=3000', 'horizon=6h']],
    ['agentic-affinity.yaml', []],
    ['reasoning.yaml', []],
  ])('%s: identical metrics with and without, and ≥ 20× fewer kernel events', (file, set) => {
    const on = run(file, [...set, 'pools[0].engine.fastForward=true']);
    const off = run(file, [...set, 'pools[0].engine.fastForward=false']);
    expect(on.scalarNames).toEqual(off.scalarNames);
    on.scalarNames.forEach((name, i) => {
      const a = on.scalars[i];
      const b = off.scalars[i];
      if (Number.isNaN(a)) expect(Number.isNaN(b), name).toBe(true);
      else expect(Math.abs(a - b), name).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(a), Math.abs(b)));
    });
    expect(off.events / on.events).toBeGreaterThanOrEqual(20);
  });
});
