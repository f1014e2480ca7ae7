/**
 * Agent-layer benchmark: a cohort of 20,000 simulated function-style agents (plan → subtasks, each a
 * model call and a tool call → verify) on the fleet of the fleet benchmark — Llama-3.1-70B on 512
 * H100 at tp 4 and Llama-3.1-8B on 488 L40S — routed SLM-first (cascade), with tool calls on a CPU
 * station. It measures what the goal program, tier routing, context chains and the optional layers
 * cost on top of the engines: model calls per second of wall time, goals per second, kernel events
 * per call and peak resident memory, for three cases:
 *
 * - `plain`: the goal program alone;
 * - `governed`: plus external governance (a policy station consulted before policy-relevant actions);
 * - `discovered`: plus an HNSW registry of 1e7 providers with churn, and identity checks with audit;
 * - `plain-64` (extra information, not the benchmark): `plain` with 64-token KV blocks
 *   (TensorRT-LLM's default), a quarter of the per-block work.
 *
 * Calls here re-send a growing context (≈ 3k prompt tokens, ≈ 200 16-token blocks a call), so the
 * prefix cache's per-block work — match, publish, release — dominates, unlike the fleet benchmark's
 * short synthetic prompts; peak memory is mostly the block tables of the 1,000 accelerators' KV.
 *
 * Each case runs in a child process of its own (its own JIT feedback and peak RSS).
 * Usage: `npx tsx bench/cohort.ts` (all cases) or `npx tsx bench/cohort.ts --case plain` (one, in-process).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { timedJob } from './timed-job.js';

const CASES = ['plain', 'governed', 'discovered', 'plain-64'] as const;
type Case = (typeof CASES)[number];

/** The benchmark scenario of one case: about 1e6 model calls in 10 simulated minutes. */
function cohortScenario(which: Case): string {
  const governance =
    which === 'governed'
      ? `
    governance: { mode: external, share: 0.2, violationRate: 0.2, external: { station: policy, consult: 0.5, catchRate: 0.9 } }`
      : '';
  const discovery =
    which === 'discovered'
      ? `
    discovery: { registry: reg }
    audit: { check: 50us, station: identity, recordBytes: 2KB }`
      : '';
  const registries =
    which === 'discovered'
      ? `
registries:
  - { name: reg, providers: 1e7, churn: 1/h, zipf: 1, method: hnsw, station: discovery, hnsw: { efSearch: 64, lag: 1m } }`
      : '';
  const engine = which === 'plain-64' ? ', engine: { blockTokens: 64 }' : '';
  return `
name: cohort-bench
seed: 1
horizon: 10m
warmup: 0
window: 1m
stations:
  - { name: sandbox, servers: 4096, service: { dist: lognormal, mean: 2s, cv: 1 } }
  - { name: policy, servers: 64, service: { dist: lognormal, mean: 200ms, cv: 0.5 } }
  - { name: discovery, servers: 64, service: { dist: exponential, mean: 200us } }
  - { name: identity, servers: 64, service: { dist: constant, value: 0 } }
pools:
  - { name: llm, accelerator: H100, model: Llama-3.1-70B, count: 512, tp: 4, routing: session-affinity${engine} }
  - { name: slm, accelerator: L40S, model: Llama-3.1-8B, count: 488, routing: session-affinity${engine} }${registries}
cohorts:
  - name: fn
    kind: ephemeral
    agents: 20000
    simulated: 20000
    goals: { rate: 45/h }
    program:
      subtasks: { dist: poisson, mean: 4 }
      retries: 1
      act: { input: { dist: constant, value: 100 }, output: { dist: lognormal, mean: 150, cv: 0.6 } }
      tool: { station: sandbox, result: { dist: lognormal, mean: 400, cv: 1 } }
      verify: { output: { dist: lognormal, mean: 80, cv: 0.5 } }
    context: { system: 1k }
    routing: { policy: cascade, llm: llm, slm: slm, verifierAccuracy: 0.85 }${governance}${discovery}
`;
}

/** Figures of one case. */
export interface CohortFigure {
  case: Case;
  calls: number;
  goals: number;
  wall_s: number;
  calls_per_s: number;
  goals_per_s: number;
  cpu_s: number;
  calls_per_cpu_s: number;
  events_per_call: number;
  /** Mean prompt tokens per call: the per-call work of the prefix cache grows with it (16-token blocks). */
  prompt_tokens_per_call: number;
  max_rss_mb: number;
}

/** Runs one case in this process. */
function runOnce(which: Case): CohortFigure {
  const { result, wall_s: wall, cpu_s: cpu, max_rss_mb, get } = timedJob(cohortScenario(which), 'cohort-bench.yaml');
  const calls = get('fn.calls');
  const goals = get('fn.goals_completed');
  return {
    case: which,
    calls,
    goals,
    wall_s: wall,
    calls_per_s: calls / wall,
    goals_per_s: goals / wall,
    cpu_s: cpu,
    calls_per_cpu_s: calls / cpu,
    events_per_call: result.events / calls,
    prompt_tokens_per_call: get('fn.input_tokens') / calls,
    max_rss_mb,
  };
}

/** Runs every case, each in its own process. */
export async function benchCohort(): Promise<{ name: 'cohort'; figures: CohortFigure[] }> {
  const self = fileURLToPath(import.meta.url);
  const figures: CohortFigure[] = [];
  for (const which of CASES) {
    const { stdout } = await promisify(execFile)(process.execPath, [...process.execArgv, self, '--case', which], { maxBuffer: 1 << 20 });
    figures.push(JSON.parse(stdout.trim().split('\n').pop()!) as CohortFigure);
  }
  return { name: 'cohort', figures };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--case');
  if (i >= 0) {
    console.log(JSON.stringify(runOnce(process.argv[i + 1] as Case)));
  } else {
    for (const f of (await benchCohort()).figures) {
      console.log(
        `cohort ${f.case}: ${f.calls.toExponential(2)} calls, ${f.goals.toExponential(2)} goals in ${f.wall_s.toFixed(1)} s wall — ` +
          `${(f.calls_per_s / 1e3).toFixed(0)} k calls/s (${(f.calls_per_cpu_s / 1e3).toFixed(0)} k per CPU-s), ${(f.goals_per_s / 1e3).toFixed(1)} k goals/s, ` +
          `${f.events_per_call.toFixed(2)} events/call, ${f.prompt_tokens_per_call.toFixed(0)} prompt tokens/call, peak RSS ${f.max_rss_mb.toFixed(0)} MB`,
      );
    }
  }
}
