import { describe, expect, it } from 'vitest';
import { loadExperiment } from '../../src/scenario/load-experiment.js';
import { runJob } from '../../src/experiment/world.js';
import type { RunResult } from '../../src/metrics/run-recorder.js';
import { scalar } from '../helpers/run-scenario.js';
import { md1MeanWait } from '../../src/fleet/queueing-theory.js';
import { staticStaleShare } from '../../src/discovery/lookup-cost.js';

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

  // scan runs at 30 agents (its one lookup server at ρ ≈ 0.3); the others, cheap to look up, at 200
  // agents for enough lookups (≈ 10k) to tell misroute rates apart by a percentage point
  const big = loadExperiment('scenarios/capability-discovery.yaml', { set: ['cohorts.fn.simulated=200', 'horizon=2h'] });
  const run = (name: string, e = exp): RunResult => {
    const v = e.variants.find((x) => x.name === name);
    if (!v) throw new Error(`no variant ${name}`);
    return runJob(v.scenario, { index: v.index, variant: v.index, variantName: v.name, replicate: 0, seed: v.scenario.seed, overrides: [] });
  };

  it('at 1e7 providers scan queues and dominates discovery; hnsw stays cheap; static misroutes grow with churn and cost tokens', () => {
    const scan = run('method=scan,providers=10000000,churn=1/h');
    const hnsw = run('method=hnsw,providers=10000000,churn=1/h', big);
    const calm = run('method=static,providers=10000000,churn=0.1/h', big);
    const churny = run('method=static,providers=10000000,churn=1/h', big);

    // cost, by the yaml's closed forms at 100 ns per distance: a scan is 1e7 distances (1 s); HNSW
    // ef·M·log_M(n) = 64·16·log_16(1e7) ≈ 5,950 (≈ 1/1700 of it)
    expect(scalar(scan, 'reg.lookup_cpu_s')).toBeCloseTo(1e7 * 100e-9, 12);
    expect(scalar(hnsw, 'reg.lookup_cpu_s') / ((64 * 16 * Math.log(1e7)) / Math.log(16) * 100e-9)).toBeCloseTo(1, 12);
    // latency: the scan queues like an M/D/1 (one server, a 1 s scan + 200 µs overhead), a large
    // share of each goal — Pollaczek–Khinchine within 20% (Poisson goal arrivals, lookups after plans)
    const lambda = scalar(scan, 'fn.lookups') / scalar(scan, 'sim.measured_s');
    const service = 1 + 200e-6;
    expect(Math.abs(scalar(scan, 'fn.lookup_latency_mean_s') / (service + md1MeanWait(lambda, service)) - 1)).toBeLessThan(0.2);
    expect(scalar(scan, 'fn.discovery_share')).toBeGreaterThan(0.15); // regression guard (the yaml's header: "a large share")
    expect(scalar(hnsw, 'fn.discovery_share')).toBeLessThan(0.01); // a 0.6 ms lookup in a goal of seconds
    expect(scalar(scan, 'fn.goal_latency_mean_s')).toBeGreaterThan(scalar(hnsw, 'fn.goal_latency_mean_s') + 1);
    // misroutes: none for scan; hnsw 1 − recall·e^{−churn·lag} (1-minute index lag); static wiring
    // rewired hourly 1 − (1 − e^{−cT})/(cT) — each within 5 binomial standard deviations
    const near = (r: RunResult, expected: number) => {
      const n = scalar(r, 'fn.lookups');
      expect(n).toBeGreaterThan(5000);
      expect(Math.abs(scalar(r, 'fn.misroute_rate') - expected)).toBeLessThan(5 * Math.sqrt((expected * (1 - expected)) / n));
    };
    expect(scalar(scan, 'fn.misroute_rate')).toBe(0);
    // recall@1 = 1 − e^{−ef/ln n} (κ = 1), from the yaml's header rather than the run's reg.recall
    const recall = 1 - Math.exp(-64 / Math.log(1e7));
    expect(scalar(hnsw, 'reg.recall')).toBeCloseTo(recall, 12);
    near(hnsw, 1 - recall * Math.exp(-1 / 60));
    near(calm, staticStaleShare(0.1 / 3600, 3600));
    near(churny, staticStaleShare(1 / 3600, 3600));
    // a misroute costs a failed attempt: the same goals take more tokens under churny static wiring
    expect(scalar(churny, 'fn.tokens_per_goal')).toBeGreaterThan(1.05 * scalar(hnsw, 'fn.tokens_per_goal')); // regression guard
    // the price of evidence: one identity check per lookup and one per re-engagement after a
    // misroute (up to the few in flight at the ends of the measured hour), scaled from the 200
    // simulated agents to the 1e9 of the population
    const checks = scalar(hnsw, 'fn.checks');
    expect(Math.abs(checks / (scalar(hnsw, 'fn.lookups') + scalar(hnsw, 'fn.reengagements')) - 1)).toBeLessThan(0.01);
    expect(scalar(hnsw, 'fn.population_checks_per_s') / (((1e9 / 200) * checks) / scalar(hnsw, 'sim.measured_s'))).toBeCloseTo(1, 12);
    expect(scalar(hnsw, 'fn.audit_bytes_per_day')).toBeCloseTo(scalar(hnsw, 'fn.population_checks_per_s') * 2000 * 86400, -6);
  });
});
