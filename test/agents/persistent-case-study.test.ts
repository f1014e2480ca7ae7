import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/metrics/run-recorder.js';
import { runScenario, scalar } from '../helpers/run-scenario.js';

const DIR = 'test/fixtures/scenarios/agents';
const run = (file: string, set: string[] = [], replicate = 0): RunResult => runScenario(DIR, file, set, replicate);
const get = scalar;

describe('persistent agents shaped like the 115-day case study', () => {
  const base = run('persistent-case-study.yaml');
  const share = get(base, 'research.cache_read_share');

  it('land near its 82.9% cache-read share, with compactions and resumes along the way', () => {
    expect(share).toBeGreaterThan(0.79);
    expect(share).toBeLessThan(0.87);
    expect(get(base, 'research.compactions')).toBeGreaterThan(100);
    expect(get(base, 'research.resumes')).toBeGreaterThan(100);
    expect(get(base, 'llm.rejected')).toBe(0);
    // the cohort's figures are the pool's (it is the pool's only user)
    expect(get(base, 'research.cache_read_tokens')).toBe(get(base, 'llm.cache_read_tokens'));
  });

  it('round-robin routing over the two replicas loses ≥ 10 points of it', () => {
    const rr = run('persistent-case-study.yaml', ['pools[0].routing=round-robin']);
    expect(get(rr, 'research.cache_read_share')).toBeLessThan(share - 0.1);
    expect(get(rr, 'research.cache_read_share')).toBeGreaterThan(share - 0.25);
  });

  it('a cache of 6,000 blocks instead of 40,000 loses ≥ 3 points; the goals and their luck stay the same', () => {
    const small = run('persistent-case-study.yaml', ['pools[0].engine.kvBlocks=6000']);
    expect(get(small, 'research.cache_read_share')).toBeLessThan(share - 0.03);
    expect(get(small, 'llm.evictions')).toBeGreaterThan(get(base, 'llm.evictions'));
    // common random numbers: the cache changes latency, not which goals arrive or how they go
    expect(get(small, 'research.goals_arrived')).toBe(get(base, 'research.goals_arrived'));
    expect(get(small, 'research.success_rate')).toBe(get(base, 'research.success_rate'));
  });
});
