/**
 * Fleet benchmark: 1,000 accelerators — an LLM pool (Llama-3.1-70B on 512 H100 at tp 4) and an SLM
 * pool (Llama-3.1-8B on 488 L40S) — serving synthetic agent calls with shared system prompts.
 * Reports wall time, simulated calls per second of wall time on one core, kernel events, and the
 * peak resident memory, at two horizons: memory must not grow with the horizon (requests are
 * recycled, metrics stream into fixed-size histograms).
 *
 * Each size runs in a child process of its own, so its peak RSS is its own.
 * Usage: `npx tsx bench/fleet.ts` (both sizes) or `npx tsx bench/fleet.ts --calls 1e6` (one, in-process).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadScenarioText } from '../src/scenario/load.js';
import { runJob } from '../src/experiment/world.js';

/** Calls per second the scenario issues, over both pools. */
const SLM_RATE = 1600;
const LLM_RATE = 400;

/** The benchmark fleet, with a horizon long enough for `calls` calls. */
function fleetScenario(calls: number): string {
  const horizon = Math.ceil(calls / (SLM_RATE + LLM_RATE));
  return `
name: fleet-bench
seed: 1
horizon: ${horizon}
warmup: 0
window: ${Math.max(1, Math.ceil(horizon / 20))}
pools:
  - name: llm
    accelerator: H100
    model: Llama-3.1-70B
    count: 512
    tp: 4
    routing: power-of-two
  - name: slm
    accelerator: L40S
    model: Llama-3.1-8B
    count: 488
    routing: power-of-two
workloads:
  - name: hard
    pool: llm
    rate: ${LLM_RATE}/s
    prompt: { dist: lognormal, mean: 1500, cv: 1 }
    output: { dist: lognormal, mean: 150, cv: 1 }
    sharedPrefix: 1024
  - name: routine
    pool: slm
    rate: ${SLM_RATE}/s
    prompt: { dist: lognormal, mean: 800, cv: 1 }
    output: { dist: lognormal, mean: 60, cv: 1 }
    sharedPrefix: 512
`;
}

/** Figures of one size. */
export interface FleetFigure {
  calls: number;
  wall_s: number;
  calls_per_s: number;
  events: number;
  events_per_call: number;
  max_rss_mb: number;
  slm_utilisation: number;
  llm_utilisation: number;
}

/** Runs the fleet for about `calls` calls in this process. */
function runOnce(calls: number): FleetFigure {
  const scenario = loadScenarioText(fleetScenario(calls), 'fleet-bench.yaml');
  const t0 = performance.now();
  const result = runJob(scenario, { index: 0, variant: 0, variantName: 'base', replicate: 0, seed: scenario.seed } as never);
  const wall = (performance.now() - t0) / 1000;
  const get = (n: string) => result.scalars[result.scalarNames.indexOf(n)];
  const done = get('fleet.requests');
  return {
    calls: done,
    wall_s: wall,
    calls_per_s: done / wall,
    events: result.events,
    events_per_call: result.events / done,
    max_rss_mb: process.resourceUsage().maxRSS / 1024,
    slm_utilisation: get('slm.utilisation'),
    llm_utilisation: get('llm.utilisation'),
  };
}

/** Runs 1e6 and 2e6 calls, each in its own process. */
export async function benchFleet(): Promise<{ name: 'fleet'; figures: FleetFigure[] }> {
  const self = fileURLToPath(import.meta.url);
  const figures: FleetFigure[] = [];
  for (const calls of [1e6, 2e6]) {
    const { stdout } = await promisify(execFile)(process.execPath, [...process.execArgv, self, '--calls', String(calls)], { maxBuffer: 1 << 20 });
    figures.push(JSON.parse(stdout.trim().split('\n').pop()!) as FleetFigure);
  }
  return { name: 'fleet', figures };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--calls');
  if (i >= 0) {
    console.log(JSON.stringify(runOnce(Number(process.argv[i + 1]))));
  } else {
    for (const f of (await benchFleet()).figures) {
      console.log(
        `fleet ${f.calls.toExponential(2)} calls: ${f.wall_s.toFixed(1)} s wall, ${(f.calls_per_s / 1e3).toFixed(0)} k calls/s, ` +
          `${f.events_per_call.toFixed(2)} events/call, peak RSS ${f.max_rss_mb.toFixed(0)} MB, utilisation SLM ${f.slm_utilisation.toFixed(2)} LLM ${f.llm_utilisation.toFixed(2)}`,
      );
    }
  }
}
