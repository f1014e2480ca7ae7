import type { RunResult } from '../metrics/run-recorder.js';

/** The distinct ArrayBuffers behind a run result's columns, for transfer between threads. */
export function resultBuffers(result: RunResult): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  set.add(result.scalars.buffer as ArrayBuffer);
  for (const v of result.seriesValues) set.add(v.buffer as ArrayBuffer);
  for (const r of result.rows) set.add(r.values.buffer as ArrayBuffer);
  return [...set];
}
