/**
 * What cohorts report at the end of a run: goals, success, latency, tokens by tier, cache reads,
 * escalations, the three cost views (provisioned share, API prices, per artifact), lifecycle and
 * state-store figures, and the population totals — the represented agents need `cells` copies of
 * the simulated fleet (cells = agents / simulated), so GPUs, MW, $/day and goals/day scale by it.
 * The summary table gives each of these scalars its replicate confidence interval.
 *
 * A cohort's share of a pool is its share of the work the pool did (input not read from cache,
 * plus generated tokens; cache reads cost next to nothing); a pool nobody used in the measured
 * interval is charged to the cohorts whose policy routes to it — they provisioned it (a pool no
 * cohort's policy uses is fleet overhead, in `fleet.cost_usd` only). A pool's cost per
 * call on a tier is that share divided by the calls: it reflects how busy the pool was, so compare
 * tiers per call on pools run near capacity (see the call-cost fixture).
 */
import { findApiPrice } from '../catalog/lookup.js';
import type { ApiPrice } from '../catalog/api-prices.js';
import { apiCost } from '../fleet/cost.js';
import type { PoolFigures } from '../fleet/pool.js';
import type { RunRecorder } from '../metrics/run-recorder.js';
import { LLM, SLM, tiersUsed } from '../routing/tier-policy.js';
import { GOAL_COLUMNS, type Cohort, type CohortTier, type TierFigures } from './cohort.js';
import { reportGovernance } from '../governance/governance-report.js';

/** One pool's measured figures, as the world reported them. */
export interface PoolReport {
  name: string;
  gpus: number;
  figures: PoolFigures;
}

/** Seconds in an average month (365.25 / 12 days), for $/GB-month. */
const MONTH_S = (365.25 / 12) * 86400;

/** Work of a tier's calls or of a pool: input not read from cache, plus generated tokens. */
const work = (t: Pick<TierFigures, 'inputTokens' | 'cacheReadTokens' | 'outputTokens'>) => t.inputTokens - t.cacheReadTokens + t.outputTokens;

/** Writes every cohort's scalars (`<cohort>.<metric>`) and its `goals` rows. */
export function reportCohorts(rec: RunRecorder, cohorts: readonly Cohort[], pools: readonly PoolReport[], measuredS: number): void {
  const byName = new Map(pools.map((p) => [p.name, p]));
  // pools each cohort routes to under its policy (an idle pool's cost is theirs)
  const tiersOf = (c: Cohort): (CohortTier | null)[] => {
    const used = tiersUsed(c.spec.routing.policy);
    return [used.llm ? c.o.llm : null, used.slm ? c.o.slm : null];
  };
  const routedBy = new Map<string, number>();
  for (const c of cohorts) for (const name of new Set(tiersOf(c).flatMap((t) => (t ? [t.pool] : [])))) routedBy.set(name, (routedBy.get(name) ?? 0) + 1);

  for (const c of cohorts) {
    const spec = c.spec;
    const f = c.figures();
    const tf = c.tierFigures;
    const tiers = tiersOf(c);
    // cost, GPUs and power attributable to the cohort, per tier and in total
    const tierCost = [0, 0];
    const tierApi = [0, 0];
    let cost = 0, gpus = 0, powerKw = 0;
    const seen = new Set<string>();
    for (const t of [LLM, SLM]) {
      const tier = tiers[t];
      if (!tier) continue;
      const price = findApiPrice(tier.model.apiClass);
      tierApi[t] = apiCost(price, { freshInput: tf[t].inputTokens - tf[t].cacheReadTokens, cachedInput: tf[t].cacheReadTokens, output: tf[t].outputTokens }).totalUsd;
      if (seen.has(tier.pool)) continue;
      seen.add(tier.pool);
      const p = byName.get(tier.pool)!;
      const pw = work(p.figures);
      const onPool = [LLM, SLM].filter((i) => tiers[i]?.pool === tier.pool);
      const mine = onPool.reduce((sum, i) => sum + work(tf[i]), 0);
      const share = pw > 0 ? mine / pw : 1 / routedBy.get(tier.pool)!;
      const poolCost = share * p.figures.costUsd;
      for (const i of onPool) tierCost[i] = onPool.length === 1 || !(mine > 0) ? poolCost / onPool.length : (poolCost * work(tf[i])) / mine;
      cost += poolCost;
      gpus += share * p.gpus;
      powerKw += measuredS > 0 ? (share * p.figures.energyKWh) / (measuredS / 3600) : NaN;
    }
    const storageUsd = ((f.storedBytesMean / 1e9) * spec.lifecycle.storageUsdPerGbMonth * measuredS) / MONTH_S;
    const totalCost = cost + (Number.isFinite(storageUsd) ? storageUsd : 0);
    const api = tierApi[LLM] + tierApi[SLM];
    const input = tf[LLM].inputTokens + tf[SLM].inputTokens;
    const output = tf[LLM].outputTokens + tf[SLM].outputTokens;
    const cacheRead = tf[LLM].cacheReadTokens + tf[SLM].cacheReadTokens;
    const tokens = input + output;
    const processed = tf[LLM].processedTokens + tf[SLM].processedTokens;
    const calls = tf[LLM].calls + tf[SLM].calls;
    const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
    const perDay = (x: number) => (measuredS > 0 ? (x / measuredS) * 86400 : NaN);
    const cells = spec.agents / spec.simulated;
    const usdPerCallLlm = ratio(tierCost[LLM], tf[LLM].calls);
    const usdPerCallSlm = ratio(tierCost[SLM], tf[SLM].calls);
    const values: Record<string, number> = {
      agents: spec.agents,
      simulated: spec.simulated,
      cells,
      goals_arrived: f.goalsArrived,
      goals_completed: f.goalsCompleted,
      goals_succeeded: f.goalsSucceeded,
      goals_exhausted: f.goalsExhausted,
      success_rate: ratio(f.goalsSucceeded, f.goalsCompleted),
      goal_latency_mean_s: f.latencyMean,
      goal_latency_p50_s: f.latency.quantile(0.5),
      goal_latency_p95_s: f.latency.quantile(0.95),
      calls,
      calls_llm: tf[LLM].calls,
      calls_slm: tf[SLM].calls,
      calls_per_goal: f.callsPerGoal,
      calls_rejected: f.rejected,
      tool_calls: f.toolCalls,
      retries: f.retries,
      compactions: f.compactions,
      tokens,
      tokens_per_goal: f.tokensPerGoal,
      tokens_per_goal_llm: f.tokensPerGoalLlm,
      tokens_per_goal_slm: f.tokensPerGoalSlm,
      input_tokens: input,
      output_tokens: output,
      cache_read_tokens: cacheRead,
      cache_read_share: ratio(cacheRead, processed),
      escalations: f.escalations,
      escalation_rate: ratio(f.escalations, f.slmFirstCalls),
      wasted_tokens: f.wastedTokens,
      wasted_share: ratio(f.wastedTokens, tokens),
      cost_usd: totalCost,
      usd_per_goal: ratio(totalCost, f.goalsCompleted),
      usd_per_artifact: ratio(totalCost, f.goalsSucceeded),
      usd_per_mtok: ratio(totalCost * 1e6, tokens),
      api_cost_usd: api,
      api_usd_per_artifact: ratio(api, f.goalsSucceeded),
      usd_per_call_llm: usdPerCallLlm,
      usd_per_call_slm: usdPerCallSlm,
      llm_to_slm_call_cost: ratio(usdPerCallLlm, usdPerCallSlm),
      api_usd_per_call_llm: ratio(tierApi[LLM], tf[LLM].calls),
      api_usd_per_call_slm: ratio(tierApi[SLM], tf[SLM].calls),
      resumes: f.resumes,
      resume_fresh_tokens_mean: f.resumeFreshMean,
      resume_reload_tokens_mean: f.resumeReloadMean,
      suspended_mean: f.suspendedMean,
      state_bytes_mean: f.storedBytesMean,
      storage_usd: storageUsd,
      gpus,
      power_kw: powerKw,
      population_gpus: cells * gpus,
      population_mw: (cells * powerKw) / 1000,
      population_usd_per_day: cells * perDay(totalCost),
      population_goals_per_day: cells * perDay(f.goalsCompleted),
      population_artifacts_per_day: cells * perDay(f.goalsSucceeded),
      population_state_bytes: cells * f.storedBytesMean,
      population_storage_usd_per_month: ((cells * f.storedBytesMean) / 1e9) * spec.lifecycle.storageUsdPerGbMonth,
    };
    for (const [k, v] of Object.entries(values)) rec.scalar(`${spec.name}.${k}`, v);
    if (c.governance !== null) {
      const prices = [LLM, SLM].map((t) => (tiers[t] ? findApiPrice(tiers[t].model.apiClass) : null)) as [ApiPrice | null, ApiPrice | null];
      reportGovernance(rec, spec.name, c.governance.figures(), { prices, cohortTokens: tokens, cohortApiUsd: api, measuredS, simulated: spec.simulated, cells });
    }

    const s = f.sample;
    const labels = { cohort: spec.name, kind: spec.kind, policy: spec.routing.policy };
    for (const slot of s.slotsBy(0)) {
      const row: Record<string, number> = {};
      GOAL_COLUMNS.forEach((col, i) => (row[col] = s.get(slot, i)));
      rec.row('goals', labels, row);
    }
  }
}
