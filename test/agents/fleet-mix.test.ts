import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/metrics/run-recorder.js';
import { runScenario, scalar } from '../helpers/run-scenario.js';

const DIR = 'test/fixtures/scenarios/agents';
const run = (file: string, set: string[] = [], replicate = 0): RunResult => runScenario(DIR, file, set, replicate);
const get = scalar;
const goalRows = (r: RunResult) => r.rows.filter((row) => row.table === 'goals');

describe('fleet mix on the same goals', () => {
  const policies = ['llm-only', 'cascade', 'classifier'] as const;
  const fleets: Record<string, string[]> = {
    'llm-only': ['pools.big.count=8', 'pools.small.count=1'],
    cascade: ['pools.big.count=4', 'pools.small.count=2'],
    classifier: ['pools.big.count=4', 'pools.small.count=2'],
  };
  const runs = Object.fromEntries(policies.map((p) => [p, run('fleet-mix.yaml', [`cohorts.fn.routing.policy=${p}`, ...fleets[p]])]));
  const m = (p: string, name: string) => get(runs[p], `fn.${name}`);

  it('every design sees the same goals: the same arrivals and, goal by goal, the same subtasks', () => {
    for (const p of policies) expect(m(p, 'goals_arrived')).toBe(m('llm-only', 'goals_arrived'));
    const subtasks = (p: string) => new Map(goalRows(runs[p]).map((r) => [r.values[0], r.values[r.valueNames.indexOf('subtasks')]]));
    const a = subtasks('llm-only'), b = subtasks('cascade');
    let shared = 0;
    for (const [goal, n] of a) if (b.has(goal)) (shared++, expect(b.get(goal)).toBe(n));
    expect(shared).toBeGreaterThan(500);
  });

  it('cascade: a verifier escalates about a third of small-model calls, wasting their tokens; SLM-first is cheaper per artifact', () => {
    expect(m('cascade', 'escalation_rate')).toBeGreaterThan(0.2);
    expect(m('cascade', 'escalation_rate')).toBeLessThan(0.45);
    expect(m('cascade', 'wasted_tokens')).toBeGreaterThan(0);
    expect(m('cascade', 'calls_slm')).toBeGreaterThan(m('cascade', 'calls_llm'));
    expect(m('cascade', 'usd_per_artifact')).toBeLessThan(0.9 * m('llm-only', 'usd_per_artifact'));
    expect(m('llm-only', 'escalation_rate')).toBeNaN();
  });

  it('success falls from LLM-only to cascade to classifier; p95 goal latency falls with the faster small model', () => {
    expect(m('llm-only', 'success_rate')).toBeGreaterThan(m('cascade', 'success_rate'));
    expect(m('cascade', 'success_rate')).toBeGreaterThan(m('classifier', 'success_rate'));
    expect(m('classifier', 'goal_latency_p95_s')).toBeLessThan(m('llm-only', 'goal_latency_p95_s'));
  });

  it('at capacity, a routine call costs 6–11× less on the 8B than on the 70B (≈ 45× against the 405B)', () => {
    const r = run('call-cost.yaml');
    const ratio = get(r, 'on-llm.usd_per_call_llm') / get(r, 'on-slm.usd_per_call_slm');
    expect(ratio).toBeGreaterThan(6);
    expect(ratio).toBeLessThan(11);
    // both pools saturated: calls per GPU-hour is their throughput
    expect(get(r, 'big.queue_mean_s')).toBeGreaterThan(10);
    expect(get(r, 'small.queue_mean_s')).toBeGreaterThan(10);
    const r405 = run('call-cost.yaml', ['pools[0].model=Llama-3.1-405B', 'pools[0].accelerator=H200', 'pools[0].count=8', 'pools[0].tp=8']);
    const ratio405 = get(r405, 'on-llm.usd_per_call_llm') / get(r405, 'on-slm.usd_per_call_slm');
    expect(ratio405).toBeGreaterThan(30);
    expect(ratio405).toBeLessThan(60);
  });
});
