/**
 * The scenario schema: what a scenario file may say, with a description, a default and a unit for
 * every field, and what it means once units are resolved (`Scenario`). New top-level sections
 * (pools, cohorts, sweeps) are added by putting a field into `SCENARIO_SHAPE`, a rule that spans
 * sections into `CROSS_CHECKS`, and a field into `Scenario`.
 */

import { z } from 'zod';
import type { DistSpec } from '../kernel/distribution-spec.js';
import { suggestionHint } from './did-you-mean.js';
import { checkReferences, uniqueNames } from './name-checks.js';
import { durationDist } from './distribution-schema.js';
import { countField, durationField, listOf, nameField, rateField, section, textField, WHEN_FIELDS_VALID } from './fields.js';
import { formatDuration } from './units.js';
import { ACCELERATORS, type Accelerator } from '../catalog/accelerators.js';
import { MODELS, type ModelSpec } from '../catalog/models.js';
import { CATALOG_FIELDS } from './catalog-schema.js';
import { FLEET_FIELDS, type PoolSpec, type PowerSpec, type WorkloadSpec } from './fleet-schema.js';
import { SWEEP_FIELDS, type CompareSpec, type SweepSpec } from './sweep-schema.js';
import { AGENT_FIELDS, COHORT_CHECKS, type CohortSpec } from './agent-schema.js';
import { SWARM_CHECKS, SWARM_FIELDS, type SwarmSpec } from './coordination-schema.js';
import { DISCOVERY_CHECKS, DISCOVERY_FIELDS, type RegistrySpec } from './discovery-schema.js';

/** A CPU station: a c-server queue with one service-time distribution (M/G/c). */
export interface StationSpec {
  /** Unique among stations; arrivals name it in `to`. */
  readonly name: string;
  /** Servers working in parallel (≥ 1). */
  readonly servers: number;
  /** Service time of one job, in seconds. */
  readonly service: DistSpec;
}

/** A stream of jobs into one station. */
export interface ArrivalSpec {
  /** Unique among arrivals. */
  readonly name: string;
  /** The station the jobs join. */
  readonly to: string;
  /** Time between consecutive arrivals, in seconds (`rate: r` became exponential with mean 1/r). */
  readonly interarrival: DistSpec;
}

/** Where a loaded scenario came from, and a fingerprint of its resolved content. */
export interface ScenarioSource {
  /** The file as given to the loader. */
  readonly file: string;
  /** sha256 (hex) of the canonical JSON of the scenario without `source`. */
  readonly hash: string;
}

/** A validated scenario, all units resolved: times in seconds, rates per second. Deep-frozen. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Base seed; replicate r of a variant derives its streams from (seed, stream, r). */
  readonly seed: number;
  /** Simulated time, seconds. */
  readonly horizon: number;
  /** Time at the start whose metrics are discarded, seconds (< horizon). */
  readonly warmup: number;
  /** Width of one time-series window, seconds. */
  readonly window: number;
  /** Independent runs per variant. */
  readonly replicates: number;
  readonly stations: readonly StationSpec[];
  readonly arrivals: readonly ArrivalSpec[];
  /** Accelerators and models the scenario adds to the built-in catalog (shadowing equal names). */
  readonly accelerators: readonly Accelerator[];
  readonly models: readonly ModelSpec[];
  readonly pools: readonly PoolSpec[];
  readonly workloads: readonly WorkloadSpec[];
  /** Populations of agents pursuing goals through the pools. */
  readonly cohorts: readonly CohortSpec[];
  /** Networks of agents working coordination tasks through the pools. */
  readonly swarms: readonly SwarmSpec[];
  /** Capability registries that cohorts look providers up in. */
  readonly registries: readonly RegistrySpec[];
  readonly power: PowerSpec;
  /** Variants to run (absent: the scenario itself is the only variant, named `base`). */
  readonly sweep?: SweepSpec;
  /** How variants are compared by `run`, `compare` and `report`. */
  readonly compare?: CompareSpec;
  readonly source: ScenarioSource;
}

/** The resolved scenario before the loader adds `source`. */
export type ScenarioBody = Omit<Scenario, 'source'>;

const station = section(
  {
    name: nameField().describe('Station name, unique among stations; letters, digits, _ . -'),
    servers: countField({ min: 1, integer: true }).describe('Number of servers working in parallel; a whole number ≥ 1 (8, 2k, 1e3).'),
    service: durationDist().describe('Service time of one job; a distribution of durations (seconds, or 250ms, 10m, 2h).'),
  },
  'a station: a mapping with name, servers and service',
).describe('A CPU station: servers in parallel sharing one FIFO queue (tool sandboxes, discovery, governance services).');

const arrival = section(
  {
    name: nameField().describe('Arrival stream name, unique among arrivals; letters, digits, _ . -'),
    to: nameField().describe('Name of the station the jobs join.'),
    rate: rateField()
      .optional()
      .describe('Poisson arrivals at this rate; events per second, or 7.2/s, 300/min, 5k/h. Give either rate or interarrival.'),
    interarrival: durationDist()
      .optional()
      .describe('Time between arrivals as a distribution of durations (seconds, or 250ms, 10m, 2h). Give either rate or interarrival.'),
  },
  'an arrival stream: a mapping with name, to, and rate or interarrival',
)
  .describe('A stream of jobs into one station.')
  .superRefine((a, ctx) => {
    const expected = 'either rate (Poisson) or interarrival (any distribution)';
    if (a.rate !== undefined && a.interarrival !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['interarrival'], message: 'has both rate and interarrival', input: a, params: { expected } });
    } else if (a.rate === undefined && a.interarrival === undefined) {
      ctx.addIssue({ code: 'custom', message: 'has neither rate nor interarrival', input: a, params: { expected } });
    }
  }, WHEN_FIELDS_VALID)
  .transform(
    (a): ArrivalSpec => ({
      name: a.name,
      to: a.to,
      interarrival: a.interarrival ?? { dist: 'exponential', mean: 1 / (a.rate as number) },
    }),
  );

/** The top-level fields. Order here is the order of fields in errors and in the JSON Schema. */
const SCENARIO_SHAPE = {
  extends: textField()
    .optional()
    .describe('Path of a base scenario this file extends, relative to this file. Mappings merge key by key; lists and values replace.'),
  name: nameField().optional().describe('Scenario name; default: the file name without extension. Letters, digits, _ . -'),
  description: textField().prefault('').describe('What the scenario is about; free text.'),
  seed: countField({ min: 0, integer: true }).prefault(1).describe('Base random seed; a whole number ≥ 0.'),
  horizon: durationField({ gt: 0 }).describe('Simulated time; a duration > 0 (seconds, or 250ms, 10m, 2h, 7d).'),
  warmup: durationField({ min: 0 })
    .prefault(0)
    .describe('Initial time whose metrics are discarded; a duration ≥ 0 and < horizon (seconds, or 30m).'),
  window: durationField({ gt: 0 })
    .optional()
    .describe('Width of one time-series window; a duration > 0 (seconds, or 1m); default: horizon/100.'),
  replicates: countField({ min: 1, integer: true }).prefault(1).describe('Independent runs per variant, each with its own seed; a whole number ≥ 1.'),
  stations: listOf(station, { noun: 'station', expected: 'a list of stations, each with name, servers and service' })
    .prefault([])
    .describe('CPU stations (c-server queues). Names unique.'),
  arrivals: listOf(arrival, { noun: 'arrival stream', expected: 'a list of arrival streams, each with name, to, and rate or interarrival' })
    .prefault([])
    .describe('Streams of jobs into stations. Names unique.'),
  ...CATALOG_FIELDS,
  ...FLEET_FIELDS,
  ...AGENT_FIELDS,
  ...SWARM_FIELDS,
  ...DISCOVERY_FIELDS,
  ...SWEEP_FIELDS,
};

type RawScenario = z.output<z.ZodObject<typeof SCENARIO_SHAPE>>;
type Ctx = z.core.$RefinementCtx<RawScenario>;

/** A pool's accelerator and model exist in the catalog, tp fits a node, and the weights fit in memory. */
function checkPoolHardware(p: PoolSpec, i: number, s: RawScenario, ctx: Ctx): void {
  const allAccelerators = [...s.accelerators, ...ACCELERATORS];
  const allModels = [...s.models, ...MODELS];
  const accel = allAccelerators.find((a) => a.name === p.accelerator);
  const model = allModels.find((m) => m.name === p.model);
  const issue = (field: string, message: string, expected: string, hint?: string) =>
    ctx.addIssue({ code: 'custom', path: ['pools', i, field], message, input: p, params: { expected, hint } });
  const accelNames = [...new Set(allAccelerators.map((a) => a.name))];
  const modelNames = [...new Set(allModels.map((m) => m.name))];
  if (!accel) issue('accelerator', `unknown accelerator '${p.accelerator}'`, `one of ${accelNames.join(', ')}`, suggestionHint(p.accelerator, accelNames, 'accelerators'));
  if (!model) issue('model', `unknown model '${p.model}'`, `one of ${modelNames.join(', ')}`, suggestionHint(p.model, modelNames, 'models'));
  if (!accel || !model) return;
  if (p.tp > accel.gpusPerNode) {
    issue('tp', `${p.tp} exceeds the ${accel.gpusPerNode} ${accel.name}s of one node`, `at most ${accel.gpusPerNode}`, 'tensor parallelism across nodes is not modelled; use more replicas');
    return;
  }
  const usable = p.tp * accel.hbmBytes * p.engine.memoryUtilisation;
  const weights = model.params * model.bytesPerParam;
  if (usable - weights < p.engine.blockTokens * model.kvBytesPerToken) {
    issue(
      'model',
      `${model.name} (${(weights / 1e9).toFixed(0)} GB of weights) does not fit ${p.tp} × ${accel.name} (${(usable / 1e9).toFixed(0)} GB usable at memoryUtilisation ${p.engine.memoryUtilisation}) with room for KV cache`,
      'a model whose weights leave room for KV blocks',
      `raise tp (accelerators per replica) or choose an accelerator with more memory`,
    );
  }
}

/** Rules that span fields or sections; they run once every field is valid on its own. */
const CROSS_CHECKS: readonly ((s: RawScenario, ctx: Ctx) => void)[] = [
  (s, ctx) => {
    if (s.warmup >= s.horizon) {
      ctx.addIssue({ code: 'custom', path: ['warmup'], message: `must be shorter than horizon (${formatDuration(s.horizon)}), got ${formatDuration(s.warmup)}`, input: s.warmup, params: { expected: 'a duration ≥ 0 and < horizon' } });
    }
  },
  (s, ctx) => {
    if (s.window !== undefined && s.window > s.horizon) {
      ctx.addIssue({ code: 'custom', path: ['window'], message: `is longer than horizon (${formatDuration(s.horizon)}), got ${formatDuration(s.window)}`, input: s.window, params: { expected: 'a duration > 0 and ≤ horizon' } });
    }
  },
  (s, ctx) => {
    if (s.arrivals.length === 0 && s.workloads.length === 0 && s.cohorts.length === 0 && s.swarms.length === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: 'has nothing to simulate', input: s, params: { expected: 'at least one arrival stream (into stations) or workload (into pools), or a cohort of agents, or a swarm' } });
    }
  },
  (s, ctx) => uniqueNames(s.stations, 'stations', ctx),
  (s, ctx) => uniqueNames(s.arrivals, 'arrivals', ctx),
  (s, ctx) => uniqueNames(s.pools, 'pools', ctx),
  (s, ctx) => uniqueNames(s.workloads, 'workloads', ctx),
  (s, ctx) => s.pools.forEach((p, i) => checkPoolHardware(p, i, s, ctx)),
  (s, ctx) => checkReferences(s.workloads, 'workloads', 'pool', s.pools.map((p) => p.name), 'pool', ctx),
  (s, ctx) => checkReferences(s.arrivals, 'arrivals', 'to', s.stations.map((st) => st.name), 'station', ctx),
  ...COHORT_CHECKS,
  ...SWARM_CHECKS,
  ...DISCOVERY_CHECKS,
];

/**
 * The scenario schema. Input: what a person writes (units as text, optional fields). Output: a
 * `ScenarioBody` in base units. The loader fills in `name` from the file name before parsing and
 * strips `extends` after resolving it; the schema still lists both so editors accept them.
 */
export const scenarioSchema = section(SCENARIO_SHAPE, 'a mapping of settings such as name:, horizon:, stations:')
  .describe('A fleetsim scenario: stations and the arrivals that load them, plus run settings.')
  .superRefine((s, ctx) => {
    for (const check of CROSS_CHECKS) check(s, ctx);
  }, WHEN_FIELDS_VALID)
  .transform(
    (s): ScenarioBody => ({
      name: s.name ?? 'scenario',
      description: s.description,
      seed: s.seed,
      horizon: s.horizon,
      warmup: s.warmup,
      window: s.window ?? s.horizon / 100,
      replicates: s.replicates,
      stations: s.stations,
      arrivals: s.arrivals,
      accelerators: s.accelerators,
      models: s.models,
      pools: s.pools,
      workloads: s.workloads,
      cohorts: s.cohorts,
      registries: s.registries,
      swarms: s.swarms,
      power: s.power,
      sweep: s.sweep,
      compare: s.compare,
    }),
  );
