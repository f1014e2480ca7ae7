/**
 * One simulation job run in this process and timed: wall time, the process's CPU time over the run
 * (all its threads: on a shared machine wall time includes waiting for a core, CPU time does not)
 * and peak resident memory. Shared by the benchmarks that run a whole scenario.
 */
import { loadScenarioText } from '../src/scenario/load.js';
import { runJob } from '../src/experiment/world.js';
import type { RunResult } from '../src/metrics/run-recorder.js';

/** A timed run and a reader of its scalars. */
export interface TimedJob {
  result: RunResult;
  wall_s: number;
  cpu_s: number;
  max_rss_mb: number;
  /** The run's scalar called `name`. */
  get: (name: string) => number;
}

/** Loads scenario text (labelled `file` in errors), runs replicate 0 and times it. */
export function timedJob(text: string, file: string): TimedJob {
  const scenario = loadScenarioText(text, file);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = runJob(scenario, { index: 0, variant: 0, variantName: 'base', replicate: 0, seed: scenario.seed } as never);
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return {
    result,
    wall_s: wall,
    cpu_s: (c.user + c.system) / 1e6,
    max_rss_mb: process.resourceUsage().maxRSS / 1024,
    get: (name) => result.scalars[result.scalarNames.indexOf(name)],
  };
}
