/**
 * Fleet benchmark: 1,000 accelerators — an LLM pool (Llama-3.1-70B on 512 H100 at tp 4) and an SLM
 * pool (Llama-3.1-8B on 488 L40S) — serving synthetic agent calls with shared system prompts.
 * Reports wall time, simulated calls per second of wall time on one core, kernel events, and the
 * peak resident memory, at two horizons: memory must not grow with the horizon (requests are
 * recycled, metrics stream into fixed-size histograms). The target is 200,000 calls/s.
 *
 * Also reported: the process's CPU time over the run and calls per CPU-second. On a machine shared
 * with other jobs, wall time includes time the process waited for a core; CPU time does not (it
 * does include the GC and compiler helper threads, so it is the stricter figure when idle).
 *
 * The benchmark uses vLLM's 16-token KV blocks. A third row, labelled, repeats 1e6 calls with
 * 64-token blocks (TensorRT-LLM's `tokens_per_block` default) as extra information only.
 *
 * Each size runs in a child process of its own, so its peak RSS is its own.
 * Usage: `npx tsx bench/fleet.ts` (all rows) or `npx tsx bench/fleet.ts --calls 1e6 [--block-tokens 64]`
 * (one, in-process).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { timedJob } from './timed-job.js';

/** Calls per second the scenario issues, over both pools. */
const SLM_RATE = 1600;
const LLM_RATE = 400;

/** vLLM's KV block size, the benchmark's. */
const BLOCK_TOKENS = 16;

/** The benchmark fleet, with a horizon long enough for `calls` calls (`blockTokens` other than 16: the extra row). */
function fleetScenario(calls: number, blockTokens = BLOCK_TOKENS): string {
  // 1% more issued than asked, so that at least `calls` complete within the horizon
  const horizon = Math.ceil((calls * 1.01) / (SLM_RATE + LLM_RATE));
  const engine = blockTokens === BLOCK_TOKENS ? '' : `\n    engine: { blockTokens: ${blockTokens} }`;
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
    routing: power-of-two${engine}
  - name: slm
    accelerator: L40S
    model: Llama-3.1-8B
    count: 488
    routing: power-of-two${engine}
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
  /** KV block size (16 for the benchmark proper). */
  block_tokens: number;
  wall_s: number;
  calls_per_s: number;
  /** CPU time of the process over the run (all its threads), and calls per CPU-second. */
  cpu_s: number;
  calls_per_cpu_s: number;
  events: number;
  events_per_call: number;
  max_rss_mb: number;
  slm_utilisation: number;
  llm_utilisation: number;
}

/** Runs the fleet for about `calls` calls in this process. */
function runOnce(calls: number, blockTokens = BLOCK_TOKENS): FleetFigure {
  const { result, wall_s: wall, cpu_s: cpu, max_rss_mb, get } = timedJob(fleetScenario(calls, blockTokens), 'fleet-bench.yaml');
  const done = get('fleet.requests');
  return {
    calls: done,
    block_tokens: blockTokens,
    wall_s: wall,
    calls_per_s: done / wall,
    cpu_s: cpu,
    calls_per_cpu_s: done / cpu,
    events: result.events,
    events_per_call: result.events / done,
    max_rss_mb,
    slm_utilisation: get('slm.utilisation'),
    llm_utilisation: get('llm.utilisation'),
  };
}

/** Runs 1e6 and 2e6 calls, then 1e6 calls with 64-token blocks (extra row), each in its own process. */
export async function benchFleet(): Promise<{ name: 'fleet'; figures: FleetFigure[] }> {
  const self = fileURLToPath(import.meta.url);
  const figures: FleetFigure[] = [];
  for (const [calls, blockTokens] of [[1e6, BLOCK_TOKENS], [2e6, BLOCK_TOKENS], [1e6, 64]]) {
    const args = [...process.execArgv, self, '--calls', String(calls), '--block-tokens', String(blockTokens)];
    const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 20 });
    figures.push(JSON.parse(stdout.trim().split('\n').pop()!) as FleetFigure);
  }
  return { name: 'fleet', figures };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--calls');
  const b = process.argv.indexOf('--block-tokens');
  if (i >= 0) {
    console.log(JSON.stringify(runOnce(Number(process.argv[i + 1]), b >= 0 ? Number(process.argv[b + 1]) : BLOCK_TOKENS)));
  } else {
    for (const f of (await benchFleet()).figures) {
      const label = f.block_tokens === BLOCK_TOKENS ? '' : ` [extra: ${f.block_tokens}-token blocks, not the benchmark]`;
      console.log(
        `fleet ${f.calls.toExponential(2)} calls${label}: ${f.wall_s.toFixed(1)} s wall, ${(f.calls_per_s / 1e3).toFixed(0)} k calls/s ` +
          `(${(f.calls_per_cpu_s / 1e3).toFixed(0)} k per CPU-s), ${f.events_per_call.toFixed(2)} events/call, peak RSS ${f.max_rss_mb.toFixed(0)} MB, ` +
          `utilisation SLM ${f.slm_utilisation.toFixed(2)} LLM ${f.llm_utilisation.toFixed(2)}`,
      );
    }
  }
}
