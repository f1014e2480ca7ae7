import type { RunResult } from '../metrics/run-recorder.js';
import type { Job } from '../experiment/job.js';
import { summarise } from '../experiment/summary.js';
import type { Column } from './arrow-io.js';
import { paramColumns } from './param-columns.js';

/**
 * The experiment's tables as columns: `runs` (one row per job), `summary` (one row per variant and
 * metric) and `timeseries` (one row per job, entity and window). Rows follow job order, so the
 * tables depend only on the results, never on which worker ran what.
 */
export interface RunTables {
  runs: Record<string, Column>;
  summary: Record<string, Column>;
  timeseries: Record<string, Column>;
  /** Per-entity tables by name (e.g. `pools`): one row per job and entity. */
  entities: Record<string, Record<string, Column>>;
}

/** Union of names in first-seen order. */
function unionInOrder(lists: Iterable<readonly string[]>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const list of lists) for (const n of list) if (!seen.has(n)) (seen.add(n), out.push(n));
  return out;
}

/** Builds the three tables from jobs and their results (same order, same length). */
export function buildRunTables(jobs: readonly Job[], results: readonly RunResult[]): RunTables {
  if (jobs.length !== results.length) throw new Error('run tables: jobs and results differ in length');
  const n = jobs.length;

  // runs: one row per job, a column per scalar (NaN where a run lacks it)
  const metricNames = unionInOrder(results.map((r) => r.scalarNames));
  const runs: Record<string, Column> = {
    variant: jobs.map((j) => j.variantName),
    ...paramColumns(jobs, jobs.map((_, i) => i)),
    replicate: Int32Array.from(jobs, (j) => j.replicate),
    seed: Float64Array.from(jobs, (j) => j.seed),
    sim_events: Float64Array.from(results, (r) => r.events),
  };
  const metricCols = metricNames.map(() => new Float64Array(n).fill(NaN));
  const metricIndex = new Map(metricNames.map((m, i) => [m, i]));
  results.forEach((r, row) => r.scalarNames.forEach((name, k) => (metricCols[metricIndex.get(name)!][row] = r.scalars[k])));
  metricNames.forEach((m, i) => (runs[m] = metricCols[i]));

  // summary: per variant (first-seen order) and metric
  const variants = unionInOrder([jobs.map((j) => j.variantName)]);
  const sVariant: string[] = [], sMetric: string[] = [], sJob: number[] = [];
  const sN: number[] = [], sMean: number[] = [], sSd: number[] = [], sLo: number[] = [], sHi: number[] = [], sHalf: number[] = [];
  for (const v of variants) {
    const rows = jobs.map((j, i) => (j.variantName === v ? i : -1)).filter((i) => i >= 0);
    metricNames.forEach((m, k) => {
      const s = summarise(rows.map((i) => metricCols[k][i]));
      sVariant.push(v), sJob.push(rows[0]), sMetric.push(m), sN.push(s.n), sMean.push(s.mean), sSd.push(s.sd);
      sLo.push(s.ci95Lo), sHi.push(s.ci95Hi), sHalf.push(s.ci95Half);
    });
  }
  const summary: Record<string, Column> = {
    variant: sVariant,
    ...paramColumns(jobs, sJob),
    metric: sMetric,
    n: Int32Array.from(sN),
    mean: Float64Array.from(sMean),
    sd: Float64Array.from(sSd),
    ci95_lo: Float64Array.from(sLo),
    ci95_hi: Float64Array.from(sHi),
    ci95_half: Float64Array.from(sHalf),
  };

  // timeseries: per job, per entity (first-seen order), per window; a column per series metric
  const seriesMetrics = unionInOrder(results.map((r) => r.seriesMetrics));
  const tsVariant: string[] = [], tsEntity: string[] = [];
  const tsRep: number[] = [], tsStart: number[] = [], tsEnd: number[] = [];
  const tsCols = seriesMetrics.map(() => [] as number[]);
  results.forEach((r, row) => {
    const entities = unionInOrder([r.seriesEntities]);
    const { width, count } = r.window;
    // series index by (entity, metric): one pass instead of a scan per entity and metric
    const at = new Map<string, number>();
    r.seriesEntities.forEach((e, i) => at.set(`${e}\u0000${r.seriesMetrics[i]}`, i));
    for (const e of entities) {
      const idx = seriesMetrics.map((m) => at.get(`${e}\u0000${m}`) ?? -1);
      for (let w = 0; w < count; w++) {
        tsVariant.push(jobs[row].variantName), tsRep.push(jobs[row].replicate), tsEntity.push(e);
        tsStart.push(w * width), tsEnd.push((w + 1) * width);
        idx.forEach((s, k) => tsCols[k].push(s >= 0 ? r.seriesValues[s][w] : NaN));
      }
    }
  });
  const timeseries: Record<string, Column> = {
    variant: tsVariant,
    replicate: Int32Array.from(tsRep),
    entity: tsEntity,
    window_start_s: Float64Array.from(tsStart),
    window_end_s: Float64Array.from(tsEnd),
  };
  seriesMetrics.forEach((m, k) => (timeseries[m] = Float64Array.from(tsCols[k])));
  return { runs, summary, timeseries, entities: buildEntityTables(jobs, results) };
}

/** Groups the runs' entity rows by table: variant, replicate, label columns, then value columns. */
function buildEntityTables(jobs: readonly Job[], results: readonly RunResult[]): Record<string, Record<string, Column>> {
  const names = unionInOrder(results.map((r) => r.rows.map((row) => row.table)));
  const tables: Record<string, Record<string, Column>> = {};
  for (const table of names) {
    const rows = results.flatMap((r, i) => r.rows.filter((row) => row.table === table).map((row) => ({ job: jobs[i], row })));
    const labelNames = unionInOrder(rows.map((x) => x.row.labelNames));
    const valueNames = unionInOrder(rows.map((x) => x.row.valueNames));
    const cols: Record<string, Column> = {
      variant: rows.map((x) => x.job.variantName),
      replicate: Int32Array.from(rows, (x) => x.job.replicate),
    };
    for (const l of labelNames) cols[l] = rows.map((x) => x.row.labels[x.row.labelNames.indexOf(l)] ?? '');
    for (const v of valueNames) {
      cols[v] = Float64Array.from(rows, (x) => {
        const k = x.row.valueNames.indexOf(v);
        return k >= 0 ? x.row.values[k] : NaN;
      });
    }
    tables[table] = cols;
  }
  return tables;
}
