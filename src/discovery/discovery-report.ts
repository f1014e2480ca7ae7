/**
 * What discovery and audit report at the end of a run. Per cohort that engages providers
 * (`<cohort>.*`): lookups, their latency (queueing on the discovery station included) and cost,
 * misroutes by cause, discovery's share of goal latency; identity checks, their latency and share,
 * and the audit log's size and price at population scale. Per registry (`<registry>.*`, summed over
 * the cohorts that use it): the cost model's figures (distances, CPU seconds, recall), the measured
 * misroute rate and popularity concentration, and the CPU the population's lookups need.
 *
 * `<cohort>.*` with `discovery:` — lookups (count); lookup_latency_mean_s, lookup_latency_p95_s
 * (request to result: queueing on the station + overhead + cost; 0 for static wiring);
 * lookup_cpu_s (the cost model's CPU seconds per lookup); lookup_usd (that at usdPerCpuHour);
 * misroutes, misroutes_stale, misroutes_missed (counts) and misroute_rate (per lookup);
 * discovery_s_per_goal and discovery_share (Σ lookup latency / Σ goal latency over goals finished
 * in the measured interval); population_lookups_per_s (× agents/simulated).
 * With `audit:` — checks (identity checks done), reengagements (after misroutes),
 * check_latency_mean_s, identity_share (of goal latency), population_checks_per_s,
 * population_check_cores (checks/s × CPU per check), audit_bytes_per_day, audit_log_bytes (held
 * at retention), audit_storage_usd_per_month (all three at population scale),
 * audit_usd_per_record (one record over its retention).
 * `<registry>.*` — providers, ef_search (hnsw; NaN otherwise), recall, distances_per_lookup,
 * lookup_cpu_s, lookup_usd, lookups, misroute_rate, stale_rate, missed_rate, hottest_share and
 * top1pct_share (measured share of lookups that chose the most popular provider / the top 1%),
 * population_lookups_per_s, population_cpu_cores (lookups/s × CPU per lookup),
 * population_usd_per_day (those cores at usdPerCpuHour), population_hottest_per_s (lookups/s on
 * the most popular provider: the load selection concentrates on it).
 */
import type { RunRecorder } from '../metrics/run-recorder.js';
import { auditCost } from '../audit/audit-cost.js';
import type { Engagements } from './engagements.js';

/** Writes the scalars of every engagement and registry. */
export function reportDiscovery(rec: RunRecorder, engagements: Engagements, measuredS: number): void {
  const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
  const perS = (x: number) => (measuredS > 0 ? x / measuredS : NaN);
  for (const e of engagements.list) {
    const p = e.o.name;
    const cells = e.o.cells;
    const reg = e.o.registry;
    const v: Record<string, number> = {};
    if (reg !== null) {
      const misroutes = e.stale + e.missed;
      v.lookups = e.lookups;
      v.lookup_latency_mean_s = e.lookupLatencyW.count > 0 ? e.lookupLatencyW.meanOrNaN : reg.spec.method === 'static' ? 0 : NaN;
      v.lookup_latency_p95_s = e.lookupLatencyW.count > 0 ? e.lookupLatency.quantile(0.95) : reg.spec.method === 'static' ? 0 : NaN;
      v.lookup_cpu_s = reg.lookupSeconds;
      v.lookup_usd = reg.lookupUsd;
      v.misroutes = misroutes;
      v.misroute_rate = ratio(misroutes, e.lookups);
      v.misroutes_stale = e.stale;
      v.misroutes_missed = e.missed;
      v.discovery_s_per_goal = ratio(e.goalLookupS, e.goals);
      v.discovery_share = ratio(e.goalLookupS, e.goalLatencyS);
      v.population_lookups_per_s = cells * perS(e.lookups);
    }
    const audit = e.o.audit;
    if (audit !== null) {
      const populationChecks = cells * perS(e.checks);
      const cost = auditCost(audit, populationChecks);
      v.checks = e.checks;
      v.reengagements = e.reengaged;
      v.check_latency_mean_s = e.checkLatencyW.meanOrNaN;
      v.identity_share = ratio(e.goalCheckS, e.goalLatencyS);
      v.population_checks_per_s = populationChecks;
      v.population_check_cores = populationChecks * audit.check;
      v.audit_bytes_per_day = cost.bytesPerDay;
      v.audit_log_bytes = cost.logBytes;
      v.audit_storage_usd_per_month = cost.storageUsdPerMonth;
      v.audit_usd_per_record = cost.usdPerRecord;
    }
    for (const [k, x] of Object.entries(v)) rec.scalar(`${p}.${k}`, x);
  }

  for (const [name, reg] of engagements.registries) {
    const users = engagements.list.filter((e) => e.o.registry === reg);
    const sum = (f: (e: (typeof users)[number]) => number) => users.reduce((s, e) => s + f(e), 0);
    const lookups = sum((e) => e.lookups);
    const population = sum((e) => e.o.cells * perS(e.lookups));
    const cores = population * reg.lookupSeconds;
    const v: Record<string, number> = {
      providers: reg.spec.providers,
      ef_search: reg.spec.method === 'hnsw' ? reg.spec.hnsw.efSearch : NaN,
      recall: reg.recall,
      distances_per_lookup: reg.distances,
      lookup_cpu_s: reg.lookupSeconds,
      lookup_usd: reg.lookupUsd,
      lookups,
      misroute_rate: ratio(sum((e) => e.stale + e.missed), lookups),
      stale_rate: ratio(sum((e) => e.stale), lookups),
      missed_rate: ratio(sum((e) => e.missed), lookups),
      hottest_share: ratio(sum((e) => e.hottest), lookups),
      top1pct_share: ratio(sum((e) => e.top1pct), lookups),
      population_lookups_per_s: population,
      population_cpu_cores: cores,
      population_usd_per_day: cores * 24 * reg.spec.usdPerCpuHour,
      population_hottest_per_s: sum((e) => e.o.cells * perS(e.hottest)),
    };
    for (const [k, x] of Object.entries(v)) rec.scalar(`${name}.${k}`, x);
  }
}
