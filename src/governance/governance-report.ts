/**
 * The governance scalars of a cohort (`<cohort>.governance_*`), written by the cohort report for
 * every cohort that has a `governance:` section (any mode, so the variants of a sweep over modes
 * share their metric names):
 *
 * - actions, events (policy-relevant actions), violations, prevented, escaped — totals and per
 *   agent-day (simulated agents × measured days), events also per *active* agent-day (days,
 *   counted from the end of warm-up, in which the agent acted: the case study's denominator);
 * - escape_rate = escaped / violations; compliant_success_rate = goals that succeeded without an
 *   escaped violation / goals completed;
 * - checks, check_latency_mean_s, check_latency_share = Σ time goals waited for external checks /
 *   Σ goal latency (for a swarm team, member waits add up: agent-time, not wall time);
 * - token overhead: rule_tokens (prompt tokens of the rules, every call), of which
 *   rule_cache_read_tokens (measured from the engine's prefix hits), verdict_tokens (external
 *   verdicts appended to contexts), overhead_tokens, overhead_token_share (of the cohort's tokens),
 *   overhead_api_usd (API-price view: rule tokens split fresh/cached as served; verdicts once as
 *   fresh input on the cohort's first tier — their later re-reads are in the cohort's own figures)
 *   and overhead_cost_share (of the cohort's API cost).
 * Indirect effects — longer contexts compact sooner, blocked actions cost retries — are not in
 * the overhead: compare the cohort's own tokens and cost between modes (paired) for those.
 */
import type { RunRecorder } from '../metrics/run-recorder.js';
import type { ApiPrice } from '../catalog/api-prices.js';
import { apiCost } from '../fleet/cost.js';
import type { GovernanceFigures } from './governance.js';

/** What the report needs of the cohort around the governance figures. */
export interface GovernanceReportContext {
  /** API prices of the cohort's tiers (LLM, SLM); null for a tier it has no pool for. */
  prices: readonly [ApiPrice | null, ApiPrice | null];
  /** The cohort's measured tokens (input + output) and their API-price cost, USD. */
  cohortTokens: number;
  cohortApiUsd: number;
  /** Length of the measured interval, s. */
  measuredS: number;
  simulated: number;
  /** Real agents per simulated one. */
  cells: number;
}

/** Writes `<prefix>.governance_*` (see the file comment). */
export function reportGovernance(rec: RunRecorder, prefix: string, f: GovernanceFigures, ctx: GovernanceReportContext): void {
  const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
  const agentDays = (ctx.simulated * ctx.measuredS) / 86400;
  const perAgentDay = (x: number) => ratio(x, agentDays);
  let ruleUsd = 0;
  for (const t of [0, 1] as const) {
    const price = ctx.prices[t];
    if (price === null) continue;
    const cached = f.ruleCacheReadTokens[t];
    ruleUsd += apiCost(price, { freshInput: f.ruleTokens[t] - cached, cachedInput: cached, output: 0 }).totalUsd;
  }
  const first = ctx.prices[0] ?? ctx.prices[1];
  const verdictUsd = first === null ? 0 : apiCost(first, { freshInput: f.verdictTokens, cachedInput: 0, output: 0 }).totalUsd;
  const ruleTokens = f.ruleTokens[0] + f.ruleTokens[1];
  const ruleCached = f.ruleCacheReadTokens[0] + f.ruleCacheReadTokens[1];
  const overheadTokens = ruleTokens + f.verdictTokens;
  const overheadUsd = ruleUsd + verdictUsd;
  const values: Record<string, number> = {
    actions: f.actions,
    actions_per_agent_day: perAgentDay(f.actions),
    events: f.events,
    events_per_agent_day: perAgentDay(f.events),
    events_per_active_agent_day: ratio(f.events, f.activeAgentDays),
    active_agent_days: f.activeAgentDays,
    violations: f.violations,
    prevented: f.prevented,
    escaped: f.escaped,
    prevented_per_agent_day: perAgentDay(f.prevented),
    escaped_per_agent_day: perAgentDay(f.escaped),
    escape_rate: ratio(f.escaped, f.violations),
    checks: f.checks,
    check_latency_mean_s: f.checkLatency.meanOrNaN,
    check_latency_share: ratio(f.goalCheckTimeSum, f.goalLatencySum),
    goals_with_escape: f.goalsWithEscape,
    compliant_success_rate: ratio(f.goalsCompliantSucceeded, f.goals),
    rule_tokens: ruleTokens,
    rule_cache_read_tokens: ruleCached,
    rule_cache_read_share: ratio(ruleCached, ruleTokens),
    verdict_tokens: f.verdictTokens,
    overhead_tokens: overheadTokens,
    overhead_token_share: ratio(overheadTokens, ctx.cohortTokens),
    overhead_api_usd: overheadUsd,
    overhead_cost_share: ratio(overheadUsd, ctx.cohortApiUsd),
    population_events_per_day: ctx.cells * perAgentDay(f.events) * ctx.simulated,
  };
  for (const [k, v] of Object.entries(values)) rec.scalar(`${prefix}.governance_${k}`, v);
}
