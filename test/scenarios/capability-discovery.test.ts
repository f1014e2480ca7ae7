import { describe, expect, it } from 'vitest';
import { loadExperiment } from '../../src/scenario/load-experiment.js';
import { runJob } from '../../src/experiment/world.js';
import type { RunResult } from '../../src/metrics/run-recorder.js';
import { scalar } from '../helpers/run-scenario.js';

/**
 * scenarios/capability-discovery.yaml asks what static wiring, an exact scan and an HNSW index cost
 * as the registry grows to 1e7 providers and churns. Its headline: at 1e7 providers a scan's
 * lookup (1 CPU-second) queues and takes a large share of goal latency while HNSW stays under 1%
 * at a few percent misroutes; static wiring costs no lookup but misroutes more as churn grows, and
 * every misroute costs the goal tokens. This runs the sweep's corner variants, reduced (30 agents,
 * one measured hour), and checks that headline.
 */
describe('scenarios/capability-discovery.yaml', () => {
  const exp = loadExperiment('scenarios/capability-discovery.yaml', { set: ['cohorts.fn.simulated=30', 'horizon=2h'] });

  it('sweeps static, scan and hnsw over 1e2 … 1e7 providers at two churn rates', () => {
    expect(exp.variants).toHaveLength(36);
    const sizes = new Set(exp.variants.map((v) => v.scenario.registries[0].providers));
    expect([...sizes]).toEqual([1e2, 1e3, 1e4, 1e5, 1e6, 1e7]);
  });

  const run = (name: string): RunResult => {
    const v = exp.variants.find((x) => x.name === name);
    if (!v) throw new Error(`no variant ${name}`);
    return runJob(v.scenario, { index: v.index, variant: v.index, variantName: v.name, replicate: 0, seed: v.scenario.seed, overrides: [] });
  };

  it('at 1e7 providers scan queues and dominates discovery; hnsw stays cheap; static misroutes grow with churn and cost tokens', () => {
    const scan = run('method=scan,providers=10000000,churn=1/h');
    const hnsw = run('method=hnsw,providers=10000000,churn=1/h');
    const calm = run('method=static,providers=10000000,churn=0.1/h');
    const churny = run('method=static,providers=10000000,churn=1/h');

    // cost: a scan of 1e7 vectors is ~1700× an HNSW search
    expect(scalar(scan, 'reg.lookup_cpu_s') / scalar(hnsw, 'reg.lookup_cpu_s')).toBeGreaterThan(1000);
    // latency: the scan queues (its latency exceeds its 1 s service time), a large share of each goal
    expect(scalar(scan, 'fn.lookup_latency_mean_s')).toBeGreaterThan(1.05);
    expect(scalar(scan, 'fn.discovery_share')).toBeGreaterThan(0.15);
    expect(scalar(hnsw, 'fn.discovery_share')).toBeLessThan(0.01);
    expect(scalar(scan, 'fn.goal_latency_mean_s')).toBeGreaterThan(scalar(hnsw, 'fn.goal_latency_mean_s') + 1);
    // misroutes: none for scan, a few percent for hnsw (recall 0.98, 1-minute index lag), static grows with churn
    expect(scalar(scan, 'fn.misroute_rate')).toBe(0);
    expect(scalar(hnsw, 'fn.misroute_rate')).toBeGreaterThan(0.01);
    expect(scalar(hnsw, 'fn.misroute_rate')).toBeLessThan(0.07);
    expect(scalar(calm, 'fn.misroute_rate')).toBeLessThan(0.12);
    expect(scalar(churny, 'fn.misroute_rate')).toBeGreaterThan(0.25);
    // a misroute costs a failed attempt: the same goals take more tokens under churny static wiring
    expect(scalar(churny, 'fn.tokens_per_goal')).toBeGreaterThan(1.05 * scalar(hnsw, 'fn.tokens_per_goal'));
    // the price of evidence: checks per second and audit bytes at population scale
    expect(scalar(hnsw, 'fn.population_checks_per_s')).toBeGreaterThan(1e6);
    expect(scalar(hnsw, 'fn.audit_bytes_per_day')).toBeCloseTo(scalar(hnsw, 'fn.population_checks_per_s') * 2000 * 86400, -6);
  });
});
