import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/metrics/run-recorder.js';
import { DEFAULT_QUALITY } from '../../src/agents/quality.js';
import { findModel } from '../../src/catalog/lookup.js';
import { SMALL_PRICE } from '../../src/catalog/api-prices.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runJob } from '../../src/experiment/world.js';
import { runScenario, scalar } from '../helpers/run-scenario.js';
import { expectedActionsPerGoal } from './expected-actions.js';

/*
 * Persistent agents shaped like the 115-day case study (889 governance events in 96 active days ≈
 * 9.26 a day), with governance in each mode. The fixture's program: 1 goal/h per agent (diurnal;
 * the measured interval is one whole day), Poisson(5) subtasks, 1 retry, act difficulty
 * U(0.2, 0.7), act output lognormal(700, cv 0.6), Llama-3.1-8B; governance share 0.075,
 * violationRate 0.2, runtime-memory catchRate 0.9 with 3,000 rule tokens, external consult 0.4 ×
 * catchRate 0.95 on a 2-server policy station (1.5 s per check).
 */
const DIR = 'test/fixtures/scenarios/governance';
const FILE = 'persistent-governance.yaml';
const REPLICATES = [0, 1, 2];
const run = (mode: string, set: string[] = [], replicate = 0): RunResult => runScenario(DIR, FILE, [`cohorts[0].governance.mode=${mode}`, ...set], replicate);
const g = (r: RunResult, name: string) => scalar(r, `research.governance_${name}`);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sum = (rs: RunResult[], name: string) => rs.reduce((s, r) => s + g(r, name), 0);

const SHARE = 0.075, VIOLATION = 0.2, CATCH = 0.9, CONSULT = 0.4, EXT_CATCH = 0.95, RULES = 3000;
const CASE_STUDY_PER_DAY = 889 / 96;

/** Wilson score interval of x successes in n at z. */
function wilson(x: number, n: number, z: number): [number, number] {
  const p = x / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [centre - half, centre + half];
}

describe('governance of persistent agents calibrated like the case study', () => {
  const memory = REPLICATES.map((r) => run('runtime-memory', [], r));
  const external = REPLICATES.map((r) => run('external', [], r));
  const none = run('none');
  // blocked actions are retried: the attempt succeeds with probability p̄(d)·(1 − b)
  const expectedPerGoal = expectedActionsPerGoal({
    quality: DEFAULT_QUALITY,
    capability: findModel('Llama-3.1-8B', []).capability,
    subtasksMean: 5,
    retries: 1,
    difficulty: { min: 0.2, max: 0.7 },
    output: { mean: 700, cv: 0.6 },
    blocked: SHARE * VIOLATION * CATCH,
  });
  const expectedActionsPerDay = 24 * expectedPerGoal;

  it('events per agent-day emerge from the goal program: actions/day × share, ≈ 9.3 like the case study', () => {
    // closed form: 24 goals a day × ≈ 5.2 attempts a goal ≈ 125 actions; × 0.075 ≈ 9.35 events
    expect(expectedActionsPerDay).toBeGreaterThan(120);
    expect(expectedActionsPerDay).toBeLessThan(130);
    // spread measured over 12 other replicates: a run's actions per goal have a relative sd ≈ 1.9%
    // (their mean, 5.223 ± 0.029, holds the closed form's 5.192): the mean of three within 4% (3.6σ)
    const perGoal = mean(memory.map((r) => g(r, 'actions') / scalar(r, 'research.goals_completed')));
    expect(Math.abs(perGoal / expectedPerGoal - 1)).toBeLessThan(0.04);
    // per agent-day the goal count varies too (Poisson, 24 a day): ≈ 6.3% a run, the mean of three within 10% (2.8σ)
    const actionsPerDay = mean(memory.map((r) => g(r, 'actions_per_agent_day')));
    expect(Math.abs(actionsPerDay / expectedActionsPerDay - 1)).toBeLessThan(0.1);
    // events are a binomial thinning of actions at the share
    for (const r of memory) {
      const n = g(r, 'actions');
      expect(Math.abs(g(r, 'events') - n * SHARE)).toBeLessThan(4.5 * Math.sqrt(n * SHARE * (1 - SHARE)));
    }
    // events/agent-day: ≈ 9% a run (share² · var(actions) + share(1 − share) · actions), the mean of
    // three within 15% (2.9σ) of the closed form and of the case study's 9.26
    const eventsPerDay = mean(memory.map((r) => g(r, 'events_per_agent_day')));
    expect(Math.abs(eventsPerDay / (expectedActionsPerDay * SHARE) - 1)).toBeLessThan(0.15);
    expect(Math.abs(eventsPerDay / CASE_STUDY_PER_DAY - 1)).toBeLessThan(0.15);
    // every agent acts every day here, so per active agent-day is the same figure
    for (const r of memory) expect(g(r, 'events_per_active_agent_day')).toBeCloseTo(g(r, 'events_per_agent_day'), 9);
  });

  it('conserves violations = prevented + escaped in every mode; none prevents nothing', () => {
    for (const r of [...memory, ...external, none]) expect(g(r, 'prevented') + g(r, 'escaped')).toBe(g(r, 'violations'));
    expect(g(none, 'violations')).toBeGreaterThan(20);
    expect(g(none, 'prevented')).toBe(0);
    expect(g(none, 'escaped')).toBe(g(none, 'violations'));
    expect(g(none, 'escape_rate')).toBe(1);
    expect(g(none, 'overhead_tokens')).toBe(0);
  });

  it('mode none changes nothing: the same run as a cohort without governance', () => {
    const s = loadScenario(`${DIR}/${FILE}`, { set: ['cohorts[0].governance.mode=none'] });
    const bare = runJob({ ...s, cohorts: s.cohorts.map((c) => ({ ...c, governance: null })) }, { index: 0, variant: 0, variantName: 'base', replicate: 0, seed: s.seed, overrides: [] });
    expect(bare.scalarNames.some((n) => n.includes('governance'))).toBe(false);
    for (const m of ['tokens', 'calls', 'tool_calls', 'retries', 'success_rate', 'goal_latency_mean_s', 'cache_read_tokens']) expect(scalar(bare, `research.${m}`)).toBe(scalar(none, `research.${m}`));
  });

  it('runtime-memory prevents more violations than external checks (95% intervals apart), each near its closed form', () => {
    const vm = sum(memory, 'violations'), pm = sum(memory, 'prevented');
    const ve = sum(external, 'violations'), pe = sum(external, 'prevented');
    const [, extHi] = wilson(pe, ve, 1.96);
    const [memLo] = wilson(pm, vm, 1.96);
    expect(memLo).toBeGreaterThan(extHi);
    // 99% intervals hold the closed forms: catchRate, and consult × catchRate
    const m99 = wilson(pm, vm, 2.576), e99 = wilson(pe, ve, 2.576);
    expect(CATCH).toBeGreaterThan(m99[0]);
    expect(CATCH).toBeLessThan(m99[1]);
    expect(CONSULT * EXT_CATCH).toBeGreaterThan(e99[0]);
    expect(CONSULT * EXT_CATCH).toBeLessThan(e99[1]);
    // common random numbers: the same policy-relevant actions and violations in each replicate
    REPLICATES.forEach((_, i) => {
      expect(g(memory[i], 'prevented')).toBeGreaterThan(g(external[i], 'prevented'));
      // the modes differ only by the retries of blocked actions, each a new action that violates
      // with probability share × violationRate = 0.015: ≈ 0.015 × the ≈ 40 prevented a replicate,
      // under 1 on average — 3 is a generous bound (Poisson(0.6) exceeds 3 with probability < 0.5%)
      expect(Math.abs(g(memory[i], 'violations') - g(external[i], 'violations'))).toBeLessThanOrEqual(3);
    });
  });

  it('runtime-memory pays in prompt tokens: the rules on every call, almost all of them cache reads', () => {
    for (const r of memory) {
      const rules = g(r, 'rule_tokens');
      expect(rules).toBe(RULES * scalar(r, 'research.calls'));
      // the rules sit in the shared prefix after the system prompt: every agent reads the same blocks
      expect(g(r, 'rule_cache_read_share')).toBeGreaterThan(0.99);
      expect(g(r, 'overhead_token_share')).toBeGreaterThan(0.05);
      const cached = g(r, 'rule_cache_read_tokens');
      const usd = ((rules - cached) * SMALL_PRICE.inputPerMTok + cached * SMALL_PRICE.cachedInputPerMTok) / 1e6;
      expect(g(r, 'overhead_api_usd')).toBeCloseTo(usd, 9);
      // cache reads are cheap: the overhead's share of cost is well below its share of tokens
      expect(g(r, 'overhead_cost_share')).toBeLessThan(g(r, 'overhead_token_share') / 1.5);
      expect(g(r, 'checks')).toBe(g(r, 'events'));
      expect(g(r, 'check_latency_share')).toBe(0);
    }
    for (const r of external) {
      expect(g(r, 'rule_tokens')).toBe(0);
      expect(g(r, 'verdict_tokens')).toBe(60 * g(r, 'checks'));
    }
  });

  it('external checks queue on the policy station, and the goal waits for them', () => {
    const fast = external[0];
    expect(scalar(fast, 'policy.completions')).toBe(g(fast, 'checks'));
    expect(g(fast, 'check_latency_mean_s')).toBeGreaterThan(1.4);
    expect(g(fast, 'check_latency_mean_s')).toBeLessThan(1.9);
    expect(g(fast, 'check_latency_share')).toBeGreaterThan(0);
    // one server taking 2 minutes a check: the checks queue, and goals take longer by about their time
    const slow = run('external', ['stations[1].service.mean=2m', 'stations[1].servers=1']);
    expect(scalar(slow, 'policy.wait_mean_s')).toBeGreaterThan(1);
    expect(g(slow, 'check_latency_share')).toBeGreaterThan(0.1);
    const goals = scalar(slow, 'research.goals_completed');
    expect(goals).toBe(scalar(fast, 'research.goals_completed'));
    const addedCheckTime = (g(slow, 'checks') * g(slow, 'check_latency_mean_s') - g(fast, 'checks') * g(fast, 'check_latency_mean_s')) / goals;
    const addedLatency = scalar(slow, 'research.goal_latency_mean_s') - scalar(fast, 'research.goal_latency_mean_s');
    expect(addedLatency / addedCheckTime).toBeGreaterThan(0.75);
    expect(addedLatency / addedCheckTime).toBeLessThan(1.25);
  });
});
