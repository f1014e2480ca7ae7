import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/metrics/run-recorder.js';
import { runScenario, scalar as get } from '../helpers/run-scenario.js';

const run = (set: string[] = []): RunResult => runScenario('test/fixtures/scenarios/coordination', 'small-fleet.yaml', set);
const rows = (r: RunResult) =>
  r.rows.filter((x) => x.table === 'coordination').map((x) => Object.fromEntries(x.valueNames.map((n, i) => [n, x.values[i]])) as Record<string, number>);

describe('a swarm on the fleet (runJob)', () => {
  const r = run();

  it('runs every task of the batch to the end', () => {
    expect(get(r, 'team.tasks')).toBe(24);
    expect(get(r, 'team.tasks_unfinished')).toBe(0);
    expect(get(r, 'team.calls_rejected')).toBe(0);
  });

  it('its calls are the pool’s requests, tokens and cost', () => {
    const tasks = get(r, 'team.tasks');
    expect(get(r, 'llm.requests')).toBe(Math.round(get(r, 'team.calls_per_task') * tasks));
    expect(get(r, 'llm.input_tokens') + get(r, 'llm.output_tokens')).toBe(Math.round(get(r, 'team.tokens_per_task') * tasks));
    expect(get(r, 'team.pool_share')).toBe(1);
    expect(get(r, 'team.cost_usd')).toBeCloseTo(get(r, 'llm.cost_usd'), 9);
    expect(get(r, 'team.usd_per_success')).toBeCloseTo(get(r, 'llm.cost_usd') / get(r, 'team.successes'), 9);
    expect(get(r, 'llm.utilisation')).toBeGreaterThan(0);
  });

  it('agents re-read their growing contexts from cache', () => {
    expect(get(r, 'team.cache_read_share')).toBeGreaterThan(0.6);
    expect(get(r, 'llm.cache_read_tokens')).toBeGreaterThan(0);
  });

  it('writes one coordination row per task, agreeing with the scalars', () => {
    const t = rows(r);
    expect(t).toHaveLength(24);
    expect(t.map((x) => x.task_id)).toEqual([...Array(24).keys()]);
    expect(t.reduce((s, x) => s + x.success, 0)).toBe(get(r, 'team.successes'));
    expect(t.reduce((s, x) => s + x.rounds, 0) / 24).toBeCloseTo(get(r, 'team.rounds_mean'), 9);
    for (const x of t) {
      expect(x.size).toBe(12);
      expect(x.rounds).toBeGreaterThanOrEqual(x.diameter);
      expect(x.latency_s).toBeGreaterThan(0);
    }
    const labels = r.rows.find((x) => x.table === 'coordination')!;
    expect(labels.labels).toEqual(['team', 'small-world', 'consensus', 'none', 'structured']);
  });

  it('is deterministic', () => {
    const again = run();
    expect(again.scalarNames).toEqual(r.scalarNames);
    expect([...again.scalars]).toEqual([...r.scalars]);
  });

  it('a slower fleet stretches coordination time but not its outcome (common random numbers)', () => {
    const slow = run(['pools[0].accelerator=L40S']);
    const fast = rows(r), slower = rows(slow);
    expect(slower.map((x) => [x.success, x.rounds, x.calls, x.wrong_agents])).toEqual(fast.map((x) => [x.success, x.rounds, x.calls, x.wrong_agents]));
    expect(get(slow, 'team.task_latency_mean_s')).toBeGreaterThan(1.5 * get(r, 'team.task_latency_mean_s'));
  });

  it('structured messages cost fewer tokens than free text', () => {
    const text = run(['swarms[0].message.format=text']);
    // 200- instead of 30-token messages; the shared system prompt and task statement are the same
    expect(get(text, 'team.input_tokens_per_task')).toBeGreaterThan(1.5 * get(r, 'team.input_tokens_per_task'));
    expect(get(text, 'team.success_rate')).toBe(get(r, 'team.success_rate'));
  });
});
