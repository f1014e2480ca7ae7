/**
 * The files of a finished experiment, as one pure function of its record, jobs and results: the
 * Arrow tables, `experiment.json`, and `compare.arrow` when the scenario has a compare block. A
 * single run, a resumed run and a merge of shards all call this, which is why their files are
 * byte-identical.
 */

import type { RunResult } from '../metrics/run-recorder.js';
import { encodeArrowTable } from '../output/arrow-io.js';
import { buildRunTables, type RunTables } from '../output/run-tables.js';
import { encodeRunTables, tableMetadata, type TableProvenance } from '../output/table-files.js';
import { compareColumns, compareRuns, type Comparison } from './compare.js';
import { EXPERIMENT_FILE, formatExperimentRecord, type ExperimentRecord } from './experiment-record.js';
import type { Job } from './job.js';
import { unmatchedPatterns } from './metric-pattern.js';

/** What {@link experimentFiles} makes. */
export interface ExperimentFiles {
  tables: RunTables;
  /** File name → contents, ready for the results folder (manifest aside). */
  files: Record<string, Uint8Array | string>;
  comparison?: Comparison;
  /** Things a person should know that did not stop the run (a compare metric that matched nothing). */
  warnings: string[];
}

/** Provenance of an experiment's tables, from its record. */
export function provenance(record: ExperimentRecord): TableProvenance {
  return { fleetsimVersion: record.fleetsim_version, scenarioName: record.scenario.name, scenarioHash: record.scenario.hash, seed: record.scenario.seed };
}

/** The metric names of a summary table, in order. */
export function summaryMetrics(summary: RunTables['summary']): string[] {
  const out: string[] = [];
  for (const m of summary.metric as string[]) if (!out.includes(m)) out.push(m);
  return out;
}

/**
 * The compare block's comparison, if the experiment has one and more than one variant. Metrics the
 * block names that the run did not produce become warnings: the run is done by the time they are
 * known, and its tables are worth keeping.
 */
export function recordComparison(record: ExperimentRecord, tables: RunTables, warnings: string[]): Comparison | undefined {
  const spec = record.compare;
  if (!spec || record.variants.length < 2) return undefined;
  if (spec.baseline !== undefined && !record.variants.some((v) => v.name === spec.baseline)) {
    warnings.push(`compare.baseline: no variant is named '${spec.baseline}'; no comparison`);
    return undefined;
  }
  const metrics = summaryMetrics(tables.summary);
  const missing = unmatchedPatterns(spec.metrics, metrics);
  for (const m of missing) warnings.push(`compare.metrics: no metric matches '${m}'`);
  const kept = spec.metrics?.filter((m) => !missing.includes(m));
  let pareto = spec.pareto;
  const lost = pareto?.filter((m) => !metrics.includes(m)) ?? [];
  if (lost.length > 0) {
    warnings.push(`compare.pareto: no metric is named ${lost.map((m) => `'${m}'`).join(' or ')}; no Pareto front`);
    pareto = undefined;
  }
  return compareRuns(tables.runs, metrics, {
    baseline: spec.baseline,
    metrics: kept && kept.length > 0 ? kept : undefined,
    pareto,
    higherIsBetter: spec.higherIsBetter,
  });
}

/** Builds every file of a finished experiment from its record and its jobs' results (job order). */
export function experimentFiles(record: ExperimentRecord, jobs: readonly Job[], results: readonly RunResult[]): ExperimentFiles {
  const tables = buildRunTables(jobs, results);
  const prov = provenance(record);
  const files: Record<string, Uint8Array | string> = { ...encodeRunTables(tables, prov), [EXPERIMENT_FILE]: formatExperimentRecord(record) };
  const warnings: string[] = [];
  const comparison = recordComparison(record, tables, warnings);
  if (comparison) files['compare.arrow'] = encodeArrowTable(compareColumns(comparison), tableMetadata(prov, 'compare'));
  return { tables, files, comparison, warnings };
}
