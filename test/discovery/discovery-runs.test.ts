import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario, scalar } from '../helpers/run-scenario.js';
import { staticStaleShare } from '../../src/discovery/lookup-cost.js';
import { logLogSlope } from './log-log-slope.js';

/**
 * Discovery and audit in whole runs (test/fixtures/scenarios/discovery/engage.yaml: 40 agents,
 * 20 goals an hour each, one subtask model call on a 1B model then a tool call per subtask).
 */
const DIR = join(import.meta.dirname, '../fixtures/scenarios/discovery');
const run = (...set: string[]) => runScenario(DIR, 'engage.yaml', set);

describe('a registry-size sweep on the discovery station', () => {
  const sizes = [1e2, 1e4, 1e6, 1e7];
  // no per-request overhead: the station's busy time is the lookups' cost alone
  const sweep = (method: string) =>
    sizes.map((n) => {
      const r = run(`registries.reg.method=${method}`, `registries.reg.providers=${n}`, 'stations.discovery.service={dist: constant, value: 0}');
      const busy = scalar(r, 'discovery.utilisation') * 2 * scalar(r, 'sim.measured_s');
      return { cpu: busy / scalar(r, 'discovery.completions'), latency: scalar(r, 'fn.lookup_latency_mean_s'), share: scalar(r, 'fn.discovery_share'), model: scalar(r, 'reg.lookup_cpu_s') };
    });

  it('scan: measured CPU per lookup grows linearly (slope 1), and so does its share of goal latency', () => {
    const s = sweep('scan');
    for (const x of s) expect(x.cpu).toBeCloseTo(x.model, 6);
    expect(logLogSlope(sizes, s.map((x) => x.cpu))).toBeCloseTo(1, 3);
    // queueing adds to the service time at 1e7 (1 s a lookup), never subtracts
    expect(s[3].latency).toBeGreaterThanOrEqual(s[3].cpu);
    for (let i = 1; i < s.length; i++) expect(s[i].share).toBeGreaterThan(s[i - 1].share);
    expect(s[3].share).toBeGreaterThan(0.1);
  });

  it('hnsw: measured CPU per lookup grows like log n (slope ≪ 1 beyond the exhaustive range)', () => {
    const h = sweep('hnsw');
    for (const x of h) expect(x.cpu).toBeCloseTo(x.model, 6);
    expect(logLogSlope(sizes.slice(1), h.slice(1).map((x) => x.cpu))).toBeLessThan(0.12);
    expect(h[3].share).toBeLessThan(0.01);
  });
});

describe('misroutes', () => {
  it('static wiring: the misroute rate rises with churn as 1 − (1 − e^{−cT})/(cT) (rewired every T = 1h)', () => {
    let last = -1;
    for (const perHour of [0, 0.5, 2, 8]) {
      const r = run('registries.reg.zipf=0', 'registries.reg.providers=1e7', `registries.reg.churn=${perHour}/h`, 'horizon=2h');
      const rate = scalar(r, 'fn.misroute_rate');
      const n = scalar(r, 'fn.lookups');
      const expected = staticStaleShare(perHour / 3600, 3600);
      const sd = Math.sqrt((expected * (1 - expected)) / n);
      expect(Math.abs(rate - expected)).toBeLessThanOrEqual(4 * sd + 1e-12);
      expect(rate).toBeGreaterThanOrEqual(last);
      last = rate;
    }
  });

  it('hnsw: misroute rate = 1 − recall·e^{−churn·lag}; scan never misroutes', () => {
    const r = run('registries.reg.method=hnsw', 'registries.reg.zipf=0', 'registries.reg.providers=1e7', 'registries.reg.hnsw.efSearch=16', 'registries.reg.churn=2/h', 'registries.reg.hnsw.lag=15m');
    const recall = scalar(r, 'reg.recall');
    expect(recall).toBeLessThan(0.7);
    const expected = 1 - recall * Math.exp(-2 * 0.25);
    const n = scalar(r, 'fn.lookups');
    expect(Math.abs(scalar(r, 'fn.misroute_rate') - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / n));
    expect(scalar(r, 'fn.misroutes_missed') / n).toBeCloseTo(1 - recall, 1);
    const scan = run('registries.reg.method=scan', 'registries.reg.churn=8/h');
    expect(scalar(scan, 'fn.misroutes')).toBe(0);
  });

  it('a misroute costs a failed attempt and a re-engagement: more tokens and calls per goal on the same goals', () => {
    const scan = run('registries.reg.method=scan', 'registries.reg.churn=4/h');
    const stale = run('registries.reg.method=static', 'registries.reg.churn=4/h');
    expect(scalar(stale, 'fn.misroute_rate')).toBeGreaterThan(0.5);
    expect(scalar(stale, 'fn.tokens_per_goal')).toBeGreaterThan(scalar(scan, 'fn.tokens_per_goal'));
    expect(scalar(stale, 'fn.calls_per_goal')).toBeGreaterThan(scalar(scan, 'fn.calls_per_goal') + 0.5);
    // every misroute the goal lived to discover led to one re-engagement
    expect(scalar(stale, 'fn.reengagements')).toBeLessThanOrEqual(scalar(stale, 'fn.misroutes'));
    expect(scalar(stale, 'fn.reengagements')).toBeGreaterThan(0.95 * scalar(stale, 'fn.misroutes'));
  });

  it('popularity concentrates selection: the hottest provider takes 1/H(n, s) of the lookups', () => {
    const r = run('registries.reg.zipf=1', 'registries.reg.providers=1e3');
    const n = scalar(r, 'reg.lookups');
    let h = 0;
    for (let k = 1; k <= 1e3; k++) h += 1 / k;
    const p = 1 / h;
    expect(Math.abs(scalar(r, 'reg.hottest_share') - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    expect(scalar(r, 'reg.population_hottest_per_s')).toBeCloseTo(scalar(r, 'reg.hottest_share') * scalar(r, 'reg.population_lookups_per_s'), 6);
  });
});

describe('identity checks and audit', () => {
  it('every transaction is checked and recorded; bytes/day and storage follow from checks/s', () => {
    const r = run('registries.reg.churn=4/h');
    const checks = scalar(r, 'fn.checks');
    const lookups = scalar(r, 'fn.lookups');
    const again = scalar(r, 'fn.reengagements');
    // conservation: one check per engagement, bar those still in flight at the horizon (≤ one per agent)
    expect(checks).toBeLessThanOrEqual(lookups + again);
    expect(checks).toBeGreaterThanOrEqual(lookups + again - 40);
    const perS = scalar(r, 'fn.population_checks_per_s');
    expect(perS).toBeCloseTo(((checks / 3600) * 1e6) / 40, 6);
    expect(scalar(r, 'fn.audit_bytes_per_day')).toBeCloseTo(perS * 1000 * 86400, 0);
    expect(scalar(r, 'fn.audit_log_bytes')).toBeCloseTo(perS * 1000 * 365 * 86400, -3);
    expect(scalar(r, 'fn.audit_storage_usd_per_month')).toBeCloseTo((scalar(r, 'fn.audit_log_bytes') / 1e9) * 0.023, 6);
    expect(scalar(r, 'fn.check_latency_mean_s')).toBeCloseTo(50e-6, 9);
  });

  it('a central verification service is a bottleneck when it is undersized; local checks never queue', () => {
    const central = run('cohorts.fn.audit.check=1s');
    const local = run('cohorts.fn.audit={check: 1s}');
    expect(scalar(local, 'fn.check_latency_mean_s')).toBeCloseTo(1, 9);
    expect(scalar(central, 'fn.check_latency_mean_s')).toBeGreaterThan(1.2);
    expect(scalar(central, 'fn.identity_share')).toBeGreaterThan(scalar(local, 'fn.identity_share'));
  });

  describe('discovery meets governance and failure', () => {
    const goals = (r: ReturnType<typeof run>) =>
      new Map(r.rows.filter((x) => x.table === 'goals').map((x) => [x.values[0], Object.fromEntries(x.valueNames.map((n, i) => [n, x.values[i]])) as Record<string, number>]));

    it('a blocked action ran nothing, so it does not discover a misroute: no re-engagement, no extra governance actions', () => {
      const block = 'cohorts.fn.governance={mode: runtime-memory, share: 1, violationRate: 1, catchRate: 1, rules: 0}';
      const stale = run(block, 'registries.reg.churn=20/h');
      const exact = run(block, 'registries.reg.method=scan');
      expect(scalar(stale, 'fn.misroutes')).toBeGreaterThan(100);
      expect(scalar(stale, 'fn.tool_calls')).toBe(0);
      expect(scalar(stale, 'fn.reengagements')).toBe(0);
      // every goal: 2 subtasks × 2 attempts, each blocked once — with or without misroutes
      expect(scalar(stale, 'fn.governance_actions')).toBe(scalar(exact, 'fn.governance_actions'));
      expect(scalar(stale, 'fn.checks')).toBe(scalar(stale, 'fn.lookups'));
    });

    it('a swarm goal that has already failed does not re-engage its provider', () => {
      const r = run(
        'cohorts.fn.kind=swarm', 'cohorts.fn.teamSize=4', 'cohorts.fn.program.subtasks={dist: constant, value: 6}', 'cohorts.fn.program.retries=0',
        'cohorts.fn.governance={mode: runtime-memory, share: 0.5, violationRate: 1, catchRate: 1, rules: 0}', 'registries.reg.churn=20/h',
      );
      expect(scalar(r, 'fn.misroutes')).toBeGreaterThan(20);
      // a goal re-engages only while alive: every re-engagement is followed by the repeated attempt
      // half the actions are blocked with no retry, so ≈ 1% of these six-subtask goals survive: only
      // a goal still alive when its lead's first action returns may re-engage (≈ 104 of 198 did
      // before failed goals were stopped from re-engaging)
      expect(scalar(r, 'fn.success_rate')).toBeLessThan(0.05);
      expect(scalar(r, 'fn.reengagements')).toBeLessThan(scalar(r, 'fn.misroutes') * 0.1);
    });

    it('the same goal engages the same provider in every design, whatever happened to earlier goals (common random numbers)', () => {
      const method = ['registries.reg.method=hnsw', 'registries.reg.hnsw={efSearch: 8}', 'registries.reg.providers=1e6'];
      const free = goals(run(...method, 'cohorts.fn.program.plan.input={dist: uniform, min: 0, max: 1000}'));
      const tight = goals(run(...method, 'cohorts.fn.program.plan.input={dist: uniform, min: 0, max: 1000}', 'cohorts.fn.budget.tokens=1100'));
      let both = 0;
      let skipped = 0;
      for (const [goal, g] of tight) {
        const f = free.get(goal);
        if (g.provider_rank === 0) skipped++;
        if (f === undefined || g.provider_rank === 0) continue;
        both++;
        expect(g.provider_rank).toBe(f.provider_rank);
        expect(g.misrouted).toBe(f.misrouted);
      }
      expect(skipped).toBeGreaterThan(20); // the budget stopped goals before their lookup
      expect(both).toBeGreaterThan(300);
      const ranks = new Set([...free.values()].map((g) => g.provider_rank));
      expect(ranks.size).toBeGreaterThan(50); // the ranks really vary from goal to goal
    });
  });
});

