import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/metrics/run-recorder.js';
import { runScenario, scalar } from '../helpers/run-scenario.js';
import { toolJobAgent, toolJobCohort, toolJobId } from '../../src/agents/cohort.js';

const DIR = 'test/fixtures/scenarios/agents';
const run = (file: string, set: string[] = [], replicate = 0): RunResult => runScenario(DIR, file, set, replicate);
const get = scalar;
const goalRows = (r: RunResult) => r.rows.filter((row) => row.table === 'goals');

describe('swarms, lifecycle, budgets', () => {
  it('swarm members that share the team KV re-read more from cache than members re-sent the context as text', () => {
    const shared = run('swarm.yaml', ['cohorts.team.sharedKv=true']);
    const text = run('swarm.yaml', ['cohorts.team.sharedKv=false']);
    expect(get(shared, 'team.cache_read_share')).toBeGreaterThan(get(text, 'team.cache_read_share') + 0.03);
    expect(get(shared, 'team.success_rate')).toBeCloseTo(get(text, 'team.success_rate'), 1);
    expect(get(shared, 'team.calls_per_goal')).toBeGreaterThan(8);
  });

  it('onExhaust: submit delivers goals that ran out at verification, fail does not', () => {
    const set = ['cohorts.research.budget.tokens=45k', 'cohorts.research.routing.policy=llm-only'];
    const fail = run('budget-sweep.yaml', set);
    const submit = run('budget-sweep.yaml', [...set, 'cohorts.research.budget.onExhaust=submit']);
    expect(get(fail, 'research.goals_exhausted')).toBeGreaterThan(0);
    expect(get(submit, 'research.goals_exhausted')).toBe(get(fail, 'research.goals_exhausted'));
    expect(get(submit, 'research.success_rate')).toBeGreaterThan(get(fail, 'research.success_rate'));
    // every goal has a row (below the sample cap), so the rows hold the exhausted goals too
    const rows = goalRows(fail);
    expect(rows.length).toBe(get(fail, 'research.goals_completed'));
    let exhausted = 0;
    for (const row of rows) {
      const v = (n: string) => row.values[row.valueNames.indexOf(n)];
      expect(v('tokens')).toBeLessThanOrEqual(45_000);
      if (v('budget_exhausted') === 1) (exhausted++, expect(v('success')).toBe(0));
    }
    expect(exhausted).toBe(get(fail, 'research.goals_exhausted'));
  });

  it('persistent agents are suspended when idle and resumed by their next goal; ephemeral ones never are', () => {
    const p = run('persistent-case-study.yaml', ['horizon=12h']);
    expect(get(p, 'research.resumes')).toBeGreaterThan(0);
    expect(get(p, 'research.suspended_mean')).toBeGreaterThan(5);
    expect(get(p, 'research.state_bytes_mean')).toBeGreaterThan(0);
    expect(get(p, 'research.resume_fresh_tokens_mean')).toBeGreaterThan(0);
    const e = run('persistent-case-study.yaml', ['horizon=12h', 'cohorts.research.kind=ephemeral', 'cohorts.research.context.memory=0']);
    expect(get(e, 'research.resumes')).toBe(0);
    expect(get(e, 'research.compactions')).toBeLessThan(get(p, 'research.compactions'));
    expect(get(e, 'research.cache_read_share')).toBeLessThan(get(p, 'research.cache_read_share'));
  });

  it('a resumed agent whose KV fell from a small HBM cache to host DRAM reloads most of its context instead of recomputing it', () => {
    const small = ['horizon=12h', 'pools[0].engine.kvBlocks=6000'];
    const hbmOnly = run('persistent-case-study.yaml', small);
    const withDram = run('persistent-case-study.yaml', [...small, 'pools[0].dram.capacity=200GB', 'pools[0].dram.bandwidth=25GB/s']);
    expect(get(hbmOnly, 'research.resume_reload_tokens_mean')).toBe(0);
    expect(get(withDram, 'research.resume_reload_tokens_mean')).toBeGreaterThan(2 * get(withDram, 'research.resume_fresh_tokens_mean'));
    expect(get(withDram, 'research.resume_fresh_tokens_mean')).toBeLessThan(get(hbmOnly, 'research.resume_fresh_tokens_mean'));
    expect(get(withDram, 'research.cache_read_share')).toBeGreaterThan(get(hbmOnly, 'research.cache_read_share') + 0.03);
  });

  it('a cohort alone on its pool accounts for exactly the pool\'s tokens, with preemptions and rejections too', () => {
    for (const kvBlocks of [40_000, 3_000]) {
      const r = run('persistent-case-study.yaml', ['horizon=12h', `pools[0].engine.kvBlocks=${kvBlocks}`]);
      // tokens in = tokens served: the cohort's ledger and the engine's agree call for call
      expect(get(r, 'research.calls')).toBe(get(r, 'llm.requests'));
      expect(get(r, 'research.tokens')).toBe(get(r, 'llm.input_tokens') + get(r, 'llm.output_tokens'));
      expect(get(r, 'research.cache_read_tokens')).toBe(get(r, 'llm.cache_read_tokens'));
      expect(get(r, 'research.cache_read_share')).toBeCloseTo(get(r, 'llm.cache_read_share'), 12);
      expect(get(r, 'research.cache_read_share')).toBeLessThan(1);
      if (kvBlocks === 3_000) {
        // the small cache preempts and rejects: rejected calls processed nothing and count nothing
        expect(get(r, 'llm.preemptions')).toBeGreaterThan(0);
        expect(get(r, 'research.calls_rejected')).toBeGreaterThan(0);
        expect(get(r, 'research.calls_rejected')).toBe(get(r, 'llm.rejected'));
      }
    }
  });

  it('goal rows: every goal up to the cap, then a sample of exactly the cap; identical with and without fast-forward', () => {
    const on = run('swarm.yaml', ['pools[0].engine.fastForward=true']);
    const off = run('swarm.yaml', ['pools[0].engine.fastForward=false']);
    expect(goalRows(on).length).toBe(get(on, 'team.goals_completed'));
    for (const name of ['team.goals_completed', 'team.success_rate', 'team.cache_read_tokens', 'team.tokens']) expect(get(on, name)).toBe(get(off, name));
    expect(get(on, 'team.goal_latency_p95_s')).toBeCloseTo(get(off, 'team.goal_latency_p95_s'), 6);
    const capped = run('swarm.yaml', ['cohorts.team.sample=50']);
    expect(goalRows(capped).length).toBe(50);
  });
});

describe('paired cohorts in one run', () => {
  const rowsOf = (r: RunResult, cohort: string) =>
    new Map(
      r.rows
        .filter((x) => x.table === 'goals' && x.labels[x.labelNames.indexOf('cohort')] === cohort)
        .map((x) => [x.values[0], Object.fromEntries(x.valueNames.map((n, i) => [n, x.values[i]])) as Record<string, number>]),
    );

  it('a cohort that draws from another faces the same goals — arrivals, agents, subtasks — served by its own model', () => {
    const r = run('paired-cohorts.yaml');
    const big = rowsOf(r, 'big');
    const small = rowsOf(r, 'small');
    expect(get(r, 'small.goals_arrived')).toBe(get(r, 'big.goals_arrived'));
    let shared = 0;
    for (const [goal, b] of big) {
      const s = small.get(goal);
      if (s === undefined) continue;
      shared++;
      for (const col of ['arrival_s', 'agent', 'subtasks']) expect(s[col]).toBe(b[col]);
    }
    expect(shared).toBeGreaterThan(100);
    // the models differ: the 70B succeeds more often on the same goals
    expect(get(r, 'big.success_rate')).toBeGreaterThan(get(r, 'small.success_rate'));
  });

  it('without `draws`, the two cohorts draw different goals', () => {
    const r = run('paired-cohorts.yaml', ['cohorts.small.draws=null']);
    const big = rowsOf(r, 'big');
    const small = rowsOf(r, 'small');
    let same = 0;
    let shared = 0;
    for (const [goal, b] of big) {
      const s = small.get(goal);
      if (s === undefined) continue;
      shared++;
      if (s.arrival_s === b.arrival_s) same++;
    }
    expect(shared).toBeGreaterThan(50);
    expect(same).toBe(0);
  });
});

describe('tool job ids', () => {
  it('are negative (open arrivals count up from 0) and give back their cohort and agent, up to 2^32 − 1 agents', () => {
    for (const [cohort, agent] of [[0, 0], [0, 1], [1, 0], [3, 4294967295], [2 ** 20, 123_456]]) {
      const job = toolJobId(cohort, agent);
      expect(job).toBeLessThan(0);
      expect(toolJobCohort(job)).toBe(cohort);
      expect(toolJobAgent(job)).toBe(agent);
    }
    expect(toolJobId(1, 0)).toBe(toolJobId(0, 4294967295) - 1);
  });
});
