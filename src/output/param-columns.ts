import type { Job } from '../experiment/job.js';
import type { Column } from './arrow-io.js';

/**
 * The parameter columns of a sweep's tables: one per swept path, named by the path as written in
 * the sweep (`stations.tools.servers`). A column holds numbers in base units when every variant's
 * value is a number or a quantity (`7.2/s` → 7.2), else the values as text. `rows[i]` is the job
 * whose values fill row i. Without a sweep there are no parameter columns.
 */
export function paramColumns(jobs: readonly Job[], rows: readonly number[]): Record<string, Column> {
  const paths: string[] = [];
  for (const j of jobs) for (const o of j.overrides ?? []) if (!paths.includes(o.path)) paths.push(o.path);
  const out: Record<string, Column> = {};
  for (const path of paths) {
    const values = rows.map((r) => (jobs[r].overrides ?? []).find((o) => o.path === path));
    if (values.every((v) => v?.number !== undefined)) out[path] = Float64Array.from(values, (v) => v!.number!);
    else out[path] = values.map((v) => v?.text ?? '');
  }
  return out;
}
