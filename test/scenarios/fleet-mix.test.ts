import { describe, expect, it } from 'vitest';
import { runScenario, scalar } from '../helpers/run-scenario.js';

/**
 * scenarios/fleet-mix.yaml, reduced to half its load on half its fleets (600 agents; 8 big + 1
 * small, 4 + 2), one replicate, 30 minutes, three of its twelve designs. The headline: with the
 * fleet sized to the load, an SLM-first cascade completes artifacts more cheaply than LLM-only at
 * the same p95 goal latency, its small model answering a share of calls inside Belcak et al.'s
 * 40–70% (arXiv:2506.02153) — and an LLM-only fleet cut to the cascade's big-model share cannot keep up.
 */
const run = (policy: string, big: number, small: number, more: string[] = []) =>
  runScenario('scenarios', 'fleet-mix.yaml', [
    'horizon=30m',
    'warmup=8m',
    'cohorts.fn.agents=600',
    'cohorts.fn.simulated=600',
    `cohorts.fn.routing.policy=${policy}`,
    `pools.big.count=${big}`,
    `pools.small.count=${small}`,
    ...more,
  ]);

describe('scenarios/fleet-mix.yaml (reduced)', () => {
  const llm = run('llm-only', 8, 1);
  const cascade = run('cascade', 4, 2);
  const llmCut = run('llm-only', 4, 2);
  const m = (r: typeof llm, name: string) => scalar(r, `fn.${name}`);

  it('the cascade on 4 big + 2 small GPUs is ≥ 10% cheaper per artifact than LLM-only on 8 + 1, at no worse p95', () => {
    // regression guards around the full scenario's ≈ 18% (yaml header), not a published figure
    expect(m(cascade, 'usd_per_artifact')).toBeLessThan(0.9 * m(llm, 'usd_per_artifact'));
    expect(m(cascade, 'usd_per_artifact')).toBeGreaterThan(0.6 * m(llm, 'usd_per_artifact'));
    expect(m(cascade, 'goal_latency_p95_s')).toBeLessThan(1.1 * m(llm, 'goal_latency_p95_s'));
    // common random numbers: the same goals arrive; a verifier's misses cost some success, not most
    expect(m(cascade, 'goals_arrived')).toBe(m(llm, 'goals_arrived'));
    // sized fleets are stable queues: they complete the goals that arrive (flow conservation, up to
    // the goals in flight at the ends of the measured window)
    for (const r of [llm, cascade]) expect(Math.abs(m(r, 'goals_completed') / m(r, 'goals_arrived') - 1)).toBeLessThan(0.03);
    expect(m(cascade, 'success_rate')).toBeLessThan(m(llm, 'success_rate'));
    expect(m(cascade, 'success_rate')).toBeGreaterThan(0.85 * m(llm, 'success_rate')); // regression guard
  });

  it('the small model answers a share of calls inside Belcak et al.\'s 40–70% replaceable; every call starts on it', () => {
    const answered = 1 - m(cascade, 'escalation_rate');
    expect(answered).toBeGreaterThan(0.4);
    expect(answered).toBeLessThan(0.7);
    // conservation: the big model's calls are the escalated ones, and nothing else (up to the calls
    // escalated but still in flight at the end of the run)
    expect(Math.abs(m(cascade, 'calls_llm') - m(cascade, 'escalations'))).toBeLessThan(0.01 * m(cascade, 'escalations'));
  });

  it('a verifier of accuracy 0.5 escalates half of all small-model calls, whatever their success (closed form p(1 − a) + (1 − p)a)', () => {
    const coin = run('cascade', 4, 2, ['cohorts.fn.routing.verifierAccuracy=0.5']);
    const rate = m(coin, 'escalation_rate');
    const n = m(coin, 'escalations') / rate; // small-model-first calls
    expect(n).toBeGreaterThan(2000);
    expect(Math.abs(rate - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / n));
  });

  it('LLM-only on the cascade’s 4 big GPUs is undersized: its queue runs away and it completes under half the goals', () => {
    // regression guards: the factors are this run's, the direction is the point (an overloaded queue grows)
    expect(scalar(llmCut, 'big.queue_mean_s')).toBeGreaterThan(10);
    expect(scalar(llm, 'big.queue_mean_s')).toBeLessThan(1);
    expect(m(llmCut, 'goals_completed')).toBeLessThan(0.5 * m(llmCut, 'goals_arrived'));
    expect(m(llmCut, 'goal_latency_p95_s')).toBeGreaterThan(3 * m(llm, 'goal_latency_p95_s'));
  });
});
