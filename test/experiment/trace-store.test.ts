import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { runJob } from '../../src/experiment/world.js';
import { preflight } from '../../src/experiment/preflight.js';
import { TraceStore } from '../../src/experiment/trace-store.js';
import type { Scenario } from '../../src/scenario/schema.js';

const job = (s: Scenario, replicate: number) => ({ index: replicate, variant: 0, variantName: 'base', replicate, seed: s.seed, overrides: [] });

describe('trace store', () => {
  // three pools fed the same Mooncake trace, and a cohort whose goals follow the Azure trace
  const tiers = loadScenario('scenarios/kv-tiering.yaml', { set: ['horizon=10m', 'workloads[0].trace.limit=1500', 'workloads[1].trace.limit=1500', 'workloads[2].trace.limit=1500'] });
  const goals = loadScenario('test/fixtures/scenarios/agents/trace-arrivals.yaml', { set: ['horizon=20m', 'warmup=5m'] });

  it('reads each distinct trace once: workloads with the same file and limit share one, another limit is another', () => {
    const store = preflight([tiers, goals]);
    const [a, b, c] = tiers.workloads.map((w) => store.workload(w));
    expect(a).not.toBeNull();
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(store.workload({ ...tiers.workloads[0], limit: 1000 })).not.toBe(a);
    const t = goals.cohorts[0].goals.trace!;
    expect(store.goalTimes(t, 'cohorts[0]')).toBe(store.goalTimes(t, 'cohorts[0]'));
  });

  it('jobs that share a store get exactly the results of jobs that read the traces themselves (replays never write into a trace)', () => {
    for (const s of [tiers, goals]) {
      const shared = preflight([s]);
      for (const r of [0, 1]) {
        const a = runJob(s, job(s, r), shared);
        const b = runJob(s, job(s, r));
        expect(Array.from(a.scalars)).toEqual(Array.from(b.scalars));
        expect(a.events).toBe(b.events);
      }
    }
  });
});
