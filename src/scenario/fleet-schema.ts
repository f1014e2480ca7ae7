/**
 * Scenario sections for the GPU side of a fleet: `pools` of accelerators serving one model each,
 * the `workloads` that send them requests (synthetic streams or replayed traces), and `power`
 * settings. Names of accelerators and models are checked against the catalog by the loader's
 * cross-checks (so errors carry positions); engine numbers default to vLLM-like settings.
 */

import type { DistSpec } from '../kernel/distribution-spec.js';
import { REPLICA_POLICIES, type ReplicaPolicyName } from '../routing/replica-policy.js';
import { countDist, durationDist } from './distribution-schema.js';
import {
  bandwidthField,
  booleanField,
  bytesField,
  choiceField,
  countField,
  durationField,
  listOf,
  nameField,
  numberField,
  rateField,
  section,
  textField,
  WHEN_FIELDS_VALID,
} from './fields.js';

/** A lower KV-cache tier: host DRAM per node, or a shared pool (Mooncake-like). */
export interface KvTierSpec {
  /** Bytes of KV it holds. */
  readonly capacity: number;
  /** Transfer bandwidth into HBM, bytes per second. */
  readonly bandwidth: number;
  /** Fixed cost of one transfer, seconds. */
  readonly latency: number;
}

/** Continuous-batching engine settings of every replica in a pool. */
export interface EngineSpec {
  /** Token budget of one step (prefill chunks + decode tokens). */
  readonly maxBatchTokens: number;
  /** Sequences in one batch at most. */
  readonly maxSeqs: number;
  /** Tokens per KV block (prefix-cache granularity). */
  readonly blockTokens: number;
  /** Share of HBM the engine may use for weights + KV. */
  readonly memoryUtilisation: number;
  /** Jump over decode steps that cannot change the batch (exact; false steps one by one). */
  readonly fastForward: boolean;
  /** KV blocks per replica, overriding what memory allows; null = from memory (experiments pin the cache size). */
  readonly kvBlocks: number | null;
}

/** A pool: `count` accelerators of one kind running one model at tensor-parallel degree `tp`. */
export interface PoolSpec {
  readonly name: string;
  readonly accelerator: string;
  readonly model: string;
  readonly count: number;
  readonly tp: number;
  readonly routing: ReplicaPolicyName;
  /** Load weight of cache-aware routing: score = cached tokens − α·outstanding tokens. */
  readonly cacheAwareAlpha: number;
  readonly engine: EngineSpec;
  readonly prefixCache: { readonly enabled: boolean; /** seconds; 0 = no expiry */ readonly ttl: number };
  /** Host DRAM KV tier, per node; null = none. */
  readonly dram: KvTierSpec | null;
  /** Shared KV pool across the pool's nodes; null = none. */
  readonly sharedPool: KvTierSpec | null;
  /** Overrides the catalog's $/accelerator-hour; null = catalog default. */
  readonly usdPerHour: number | null;
}

/** Formats of a replayed request trace. */
const TRACE_FORMATS = ['mooncake', 'azure', 'agentic-sessions'] as const;

/** Kinds of workload source: a synthetic stream, or a trace of one of the formats. */
export type WorkloadSource = 'synthetic' | (typeof TRACE_FORMATS)[number];

/** Requests into one pool: a synthetic open stream, or a replayed trace. */
export interface WorkloadSpec {
  readonly name: string;
  readonly pool: string;
  readonly source: WorkloadSource;
  /** Synthetic: time between requests (s). */
  readonly interarrival: DistSpec | null;
  /** Synthetic: prompt and output tokens. */
  readonly prompt: DistSpec | null;
  readonly output: DistSpec | null;
  /** Synthetic: leading prompt tokens every request shares (a system prompt). */
  readonly sharedPrefix: number;
  /** Synthetic: sessions the requests belong to (for session-affinity routing). */
  readonly sessions: number;
  /** Trace: file (or folder of sessions) as written, relative to the scenario file that names it. */
  readonly trace: string | null;
  /** Trace: the path resolved against that file's folder (filled by the loader). */
  readonly tracePath: string | null;
  /** Trace: use only the first `limit` requests/sessions; null = all. */
  readonly limit: number | null;
  /** Trace: divide the trace's times by this (2 = twice as fast). */
  readonly speedup: number;
}

/** Site settings for energy and its cost. */
export interface PowerSpec {
  /** Power usage effectiveness: facility power / IT power. */
  readonly pue: number;
  /** Electricity price, USD per kWh. */
  readonly usdPerKwh: number;
}

const tier = (what: string) =>
  section(
    {
      capacity: bytesField({ gt: 0 }).describe(`KV bytes the ${what} holds; a size such as 512GB, 2TiB.`),
      bandwidth: bandwidthField().describe(`Transfer bandwidth from the ${what} into HBM; such as 25GB/s.`),
      latency: durationField({ min: 0 }).prefault(0).describe('Fixed cost of one transfer; a duration such as 50us, 1ms.'),
    },
    `a ${what}: a mapping with capacity, bandwidth and latency`,
  ).describe(`A lower KV-cache tier (${what}).`);

const engine = section(
  {
    maxBatchTokens: countField({ min: 1, integer: true }).prefault(8192).describe('Token budget of one engine step (chunked prefill + decode); a whole number ≥ 1.'),
    maxSeqs: countField({ min: 1, integer: true }).prefault(256).describe('Most sequences in one batch; a whole number ≥ 1.'),
    blockTokens: countField({ min: 1, max: 4096, integer: true }).prefault(16).describe('Tokens per KV block, the prefix-cache granularity (vLLM: 16); traces bring their own.'),
    memoryUtilisation: numberField({ gt: 0, max: 1 }).prefault(0.9).describe('Share of HBM for weights and KV (vLLM gpu_memory_utilization); in (0, 1].'),
    fastForward: booleanField().prefault(true).describe('Jump over decode steps that cannot change the batch (exact); false steps one iteration per event.'),
    kvBlocks: countField({ min: 1, integer: true })
      .optional()
      .describe('KV blocks per replica, overriding what HBM allows (to pin the cache size in an experiment); omitted = from memory.'),
  },
  'engine settings: a mapping with maxBatchTokens, maxSeqs, blockTokens, memoryUtilisation, fastForward, kvBlocks',
)
  .describe('Continuous-batching engine settings of each replica.')
  .transform((e): EngineSpec => ({ ...e, kvBlocks: e.kvBlocks ?? null }));

const pool = section(
  {
    name: nameField().describe('Pool name, unique among pools; letters, digits, _ . -'),
    accelerator: textField().describe('Accelerator kind from the catalog (`fleetsim catalog`), e.g. H100, L40S.'),
    model: textField().describe('Model from the catalog, e.g. Llama-3.1-70B, Llama-3.1-8B.'),
    count: countField({ min: 1, integer: true }).describe('Accelerators in the pool; a whole number ≥ 1 divisible by tp.'),
    tp: countField({ min: 1, integer: true }).prefault(1).describe('Tensor-parallel degree: accelerators per replica; divides count.'),
    routing: choiceField(REPLICA_POLICIES, 'replica policy').prefault('least-loaded').describe(`Which replica serves a request: ${REPLICA_POLICIES.join(', ')}.`),
    cacheAwareAlpha: numberField({ min: 0 }).prefault(0.5).describe('cache-aware routing: score = cached prefix tokens − α·outstanding tokens; α ≥ 0.'),
    engine: engine.prefault({}),
    prefixCache: section(
      {
        enabled: booleanField().prefault(true).describe('Keep computed prompt blocks for reuse (automatic prefix caching).'),
        ttl: durationField({ min: 0 }).prefault(0).describe('Drop cached blocks unused for this long; 0 = never (LRU only).'),
      },
      'prefix-cache settings: a mapping with enabled and ttl',
    )
      .prefault({})
      .describe('Prefix cache in HBM: hits are cache-read tokens and skip prefill.'),
    dram: tier('host DRAM tier per node').optional().describe('Host DRAM KV tier on each node; omitted = none.'),
    sharedPool: tier('shared KV pool').optional().describe('KV pool shared by the whole pool (Mooncake-like); omitted = none.'),
    usdPerHour: numberField({ min: 0 }).optional().describe('USD per accelerator-hour; omitted = the catalog default (prices vary widely).'),
  },
  'a pool: a mapping with name, accelerator, model, count and tp',
)
  .describe('Accelerators of one kind serving one model.')
  .superRefine((p, ctx) => {
    if (p.count % p.tp !== 0) {
      ctx.addIssue({ code: 'custom', path: ['tp'], message: `${p.tp} does not divide count ${p.count}`, input: p.tp, params: { expected: 'a tensor-parallel degree that divides count' } });
    }
  }, WHEN_FIELDS_VALID)
  .transform(
    (p): PoolSpec => ({
      name: p.name,
      accelerator: p.accelerator,
      model: p.model,
      count: p.count,
      tp: p.tp,
      routing: p.routing,
      cacheAwareAlpha: p.cacheAwareAlpha,
      engine: p.engine,
      prefixCache: p.prefixCache,
      dram: p.dram ?? null,
      sharedPool: p.sharedPool ?? null,
      usdPerHour: p.usdPerHour ?? null,
    }),
  );

const workload = section(
  {
    name: nameField().describe('Workload name, unique among workloads; letters, digits, _ . -'),
    pool: nameField().describe('Name of the pool that serves it.'),
    rate: rateField().optional().describe('Synthetic: Poisson requests at this rate (7.2/s, 300/min). Give rate or interarrival, or a trace.'),
    interarrival: durationDist().optional().describe('Synthetic: time between requests as a distribution of durations.'),
    prompt: countDist().optional().describe('Synthetic: prompt tokens per request; a distribution of counts (e.g. { dist: lognormal, mean: 2k, cv: 1 }).'),
    output: countDist().optional().describe('Synthetic: output tokens per request; a distribution of counts.'),
    sharedPrefix: countField({ min: 0, integer: true }).prefault(0).describe('Synthetic: prompt tokens every request shares (a system prompt), cached once.'),
    sessions: countField({ min: 1, integer: true }).prefault(1).describe('Synthetic: sessions requests are spread over (uniformly), for session-affinity routing.'),
    trace: section(
      {
        format: choiceField(TRACE_FORMATS, 'trace format').describe(`Trace format: ${TRACE_FORMATS.join(', ')}.`),
        file: textField().describe('Trace file (a folder of session files for agentic-sessions), relative to this scenario file.'),
        limit: countField({ min: 1, integer: true }).optional().describe('Use only the first N requests (sessions); omitted = all.'),
        speedup: numberField({ gt: 0 }).prefault(1).describe('Replay this many times faster than recorded; > 0.'),
      },
      'a trace: a mapping with format and file',
    )
      .optional()
      .describe('Replay a recorded trace instead of a synthetic stream.'),
  },
  'a workload: a mapping with name, pool, and a synthetic stream (rate, prompt, output) or a trace',
)
  .describe('Requests sent to one pool.')
  .superRefine((w, ctx) => {
    const add = (path: string[], message: string, expected: string) => ctx.addIssue({ code: 'custom', path, message, input: w, params: { expected } });
    if (w.trace) {
      for (const k of ['rate', 'interarrival', 'prompt', 'output'] as const) {
        if (w[k] !== undefined) add([k], `is not used with a trace`, 'either a trace or a synthetic stream (rate/interarrival, prompt, output)');
      }
      return;
    }
    if (w.rate !== undefined && w.interarrival !== undefined) add(['interarrival'], 'has both rate and interarrival', 'either rate or interarrival');
    if (w.rate === undefined && w.interarrival === undefined) add([], 'has neither rate, interarrival nor trace', 'rate or interarrival (synthetic), or trace');
    if (w.prompt === undefined) add([], 'has no prompt distribution', 'prompt: a distribution of token counts');
    if (w.output === undefined) add([], 'has no output distribution', 'output: a distribution of token counts');
  }, WHEN_FIELDS_VALID)
  .transform(
    (w): WorkloadSpec => ({
      name: w.name,
      pool: w.pool,
      source: w.trace ? w.trace.format : 'synthetic',
      interarrival: w.trace ? null : (w.interarrival ?? { dist: 'exponential', mean: 1 / (w.rate as number) }),
      prompt: w.prompt ?? null,
      output: w.output ?? null,
      sharedPrefix: w.sharedPrefix,
      sessions: w.sessions,
      trace: w.trace?.file ?? null,
      tracePath: null,
      limit: w.trace?.limit ?? null,
      speedup: w.trace?.speedup ?? 1,
    }),
  );

/** Zod fields the top-level scenario schema includes. */
export const FLEET_FIELDS = {
  pools: listOf(pool, { noun: 'pool', expected: 'a list of pools, each with name, accelerator, model, count' })
    .prefault([])
    .describe('GPU/accelerator pools serving models. Names unique.'),
  workloads: listOf(workload, { noun: 'workload', expected: 'a list of workloads, each with name, pool and a stream or trace' })
    .prefault([])
    .describe('Request streams into pools. Names unique; each names a pool.'),
  power: section(
    {
      pue: numberField({ min: 1 }).prefault(1.2).describe('Power usage effectiveness (facility/IT power), ≥ 1; hyperscale sites report ~1.1–1.2.'),
      usdPerKwh: numberField({ min: 0 }).prefault(0.08).describe('Electricity price, USD per kWh (US industrial average ≈ 0.08, EIA 2024).'),
    },
    'power settings: a mapping with pue and usdPerKwh',
  )
    .prefault({})
    .describe('Energy and its price.'),
};
