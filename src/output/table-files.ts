import { encodeArrowTable, type Column } from './arrow-io.js';
import type { RunTables } from './run-tables.js';

/** What every table's schema metadata says about where it came from. */
export interface TableProvenance {
  fleetsimVersion: string;
  scenarioName: string;
  scenarioHash: string;
  seed: number;
}

/** The schema metadata of table `table` (besides the format version, which the encoder adds). */
export function tableMetadata(p: TableProvenance, table: string): Record<string, string> {
  return {
    'fleetsim.version': p.fleetsimVersion,
    'fleetsim.scenario': p.scenarioName,
    'fleetsim.scenario_hash': p.scenarioHash,
    'fleetsim.seed': String(p.seed),
    'fleetsim.table': table,
  };
}

/**
 * Encodes an experiment's tables as Arrow files by name: `runs.arrow`, `summary.arrow`,
 * `timeseries.arrow`, then one per entity table (`pools.arrow`, …). A pure function of its input,
 * so a run, a resumed run and a merge of shards write the same bytes.
 */
export function encodeRunTables(tables: RunTables, p: TableProvenance): Record<string, Uint8Array> {
  const named: [string, Record<string, Column>][] = [
    ['runs', tables.runs],
    ['summary', tables.summary],
    ['timeseries', tables.timeseries],
    ...Object.entries(tables.entities),
  ];
  const files: Record<string, Uint8Array> = {};
  for (const [name, cols] of named) files[`${name}.arrow`] = encodeArrowTable(cols, tableMetadata(p, name));
  return files;
}
