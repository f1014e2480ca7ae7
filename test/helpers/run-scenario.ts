import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import { runJob } from '../../src/experiment/world.js';
import type { RunResult } from '../../src/metrics/run-recorder.js';

/** Runs one replicate of the scenario `dir/file` (with `--set`-style overrides) in this thread. */
export function runScenario(dir: string, file: string, set: string[] = [], replicate = 0): RunResult {
  const s = loadScenario(join(dir, file), { set });
  return runJob(s, { index: 0, variant: 0, variantName: 'base', replicate, seed: s.seed, overrides: [] });
}

/** The scalar `name` of a run; throws when the run did not report it. */
export function scalar(r: RunResult, name: string): number {
  const i = r.scalarNames.indexOf(name);
  if (i < 0) throw new Error(`no scalar ${name}`);
  return r.scalars[i];
}
