/**
 * What swarms report at the end of a run: per swarm, tasks, success, rounds, messages, tokens,
 * wrong agents and error spread, task latency, and cost — the provisioned view (the swarm's share
 * of its pool's cost, by the work its calls made the pool do: prefilled + generated tokens; cache
 * reads cost next to nothing) and the API-price view of the same tokens — each per task and per
 * successful coordination. Plus one `coordination` row per sampled task.
 */
import { findApiPrice } from '../catalog/lookup.js';
import { apiCost } from '../fleet/cost.js';
import type { PoolFigures } from '../fleet/pool.js';
import type { RunRecorder } from '../metrics/run-recorder.js';
import { TASK_COLUMNS, type Swarm } from './swarm.js';

/** One pool's measured figures, as the world reported them. */
export interface SwarmPoolReport {
  name: string;
  figures: PoolFigures;
}

/** Writes every swarm's scalars (`<swarm>.<metric>`) and its `coordination` rows. */
export function reportSwarms(rec: RunRecorder, swarms: readonly Swarm[], pools: readonly SwarmPoolReport[]): void {
  const byName = new Map(pools.map((p) => [p.name, p.figures]));
  const onPool = new Map<string, number>();
  for (const s of swarms) onPool.set(s.spec.pool, (onPool.get(s.spec.pool) ?? 0) + 1);
  const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);

  for (const s of swarms) {
    const spec = s.spec;
    const f = s.figures();
    const pool = byName.get(spec.pool)!;
    const poolWork = pool.inputTokens - pool.cacheReadTokens + pool.outputTokens;
    const work = f.inputTokens - f.cacheReadTokens + f.outputTokens;
    const share = poolWork > 0 ? work / poolWork : 1 / onPool.get(spec.pool)!;
    const cost = share * pool.costUsd;
    const api = apiCost(findApiPrice(s.o.model.apiClass), { freshInput: f.inputTokens - f.cacheReadTokens, cachedInput: f.cacheReadTokens, output: f.outputTokens }).totalUsd;
    const taskTokens = f.taskInputTokens + f.taskOutputTokens;
    const perTask = (x: number) => ratio(x, f.tasks);
    const values: Record<string, number> = {
      size: spec.size,
      tasks: f.tasks,
      tasks_started: f.tasksStarted,
      tasks_unfinished: f.tasksUnfinished,
      disconnected_tasks: f.disconnected,
      successes: f.successes,
      success_rate: ratio(f.successes, f.tasks),
      deadline_miss_rate: ratio(f.deadlineMisses, f.tasks),
      rounds_mean: f.rounds.meanOrNaN,
      diameter_mean: f.diameter.meanOrNaN,
      deadline_mean: f.deadline.meanOrNaN,
      calls_per_task: perTask(f.calls),
      messages_per_task: perTask(f.messages),
      messages_read_per_task: perTask(f.messagesRead),
      verifications_per_task: perTask(f.verifications),
      caught_per_task: perTask(f.caught),
      model_errors_per_task: perTask(f.modelErrors),
      wrong_agents_mean: perTask(f.wrongAgents),
      error_spread_mean: perTask(f.errorSpread),
      tokens_per_task: perTask(taskTokens),
      input_tokens_per_task: perTask(f.taskInputTokens),
      output_tokens_per_task: perTask(f.taskOutputTokens),
      cache_read_share: ratio(f.taskCacheReadTokens, taskTokens),
      tokens_per_success: ratio(taskTokens, f.successes),
      task_latency_mean_s: f.latencyMean.meanOrNaN,
      task_latency_p50_s: f.tasks > 0 ? f.latency.quantile(0.5) : NaN,
      task_latency_p95_s: f.tasks > 0 ? f.latency.quantile(0.95) : NaN,
      calls_rejected: f.rejected,
      pool_share: share,
      cost_usd: cost,
      usd_per_task: perTask(cost),
      usd_per_success: ratio(cost, f.successes),
      api_cost_usd: api,
      api_usd_per_success: ratio(api, f.successes),
    };
    for (const [k, v] of Object.entries(values)) rec.scalar(`${spec.name}.${k}`, v);

    const sample = s.sample;
    const labels = { swarm: spec.name, topology: spec.topology.kind, task: spec.task, verification: spec.verification.policy, message: spec.message.format };
    for (const slot of sample.slotsBy(0)) {
      const row: Record<string, number> = {};
      TASK_COLUMNS.forEach((col, i) => (row[col] = sample.get(slot, i)));
      rec.row('coordination', labels, row);
    }
  }
}
