/**
 * The `registries:` section — capability registries that goals look providers up in — and the two
 * cohort fields that opt into them: `discovery:` (which registry a cohort's goals use) and `audit:`
 * (identity check and audit record of every transaction). See src/discovery/lookup-cost.ts for the
 * cost model and src/discovery/goal-engagement.ts for what a goal does. Names (cohort → registry,
 * registry → station, cohort audit → station) are checked by {@link DISCOVERY_CHECKS}, which the
 * top-level schema runs with its other cross-checks, so errors carry positions.
 */

import { DISCOVERY_METHODS, efForRecall, type DiscoveryMethod } from '../discovery/lookup-cost.js';
import { checkMetricName, checkReference, uniqueNames, type IssueSink } from './name-checks.js';
import { bytesField, choiceField, countField, durationField, listOf, nameField, numberField, rateField, section, WHEN_FIELDS_VALID } from './fields.js';

/** A registry of providers with versioned capability vectors. */
export interface RegistrySpec {
  readonly name: string;
  /** Providers registered (no per-provider state is kept: 1e7 or 1e12 cost the same). */
  readonly providers: number;
  /** New versions per provider per second (Poisson). */
  readonly churn: number;
  /** Zipf exponent of provider popularity (0 = uniform). */
  readonly zipf: number;
  readonly method: DiscoveryMethod;
  /** Station the lookups run on; null for static wiring. */
  readonly station: string | null;
  /** CPU seconds of one distance computation. */
  readonly distanceCost: number;
  /** Price of a CPU-hour, USD (for the cost of lookups). */
  readonly usdPerCpuHour: number;
  /** static: the wiring is refreshed every this many seconds; 0 = never. */
  readonly rewire: number;
  readonly hnsw: {
    /** Search width (resolved from `recall` when that was given). */
    readonly efSearch: number;
    /** Graph degree M. */
    readonly degree: number;
    /** κ in 1 − recall = e^{−ef/(κ ln n)}. */
    readonly recallScale: number;
    /** Seconds after a version is published until the index serves it. */
    readonly lag: number;
  };
}

/** A cohort's use of a registry. */
export interface CohortDiscoverySpec {
  readonly registry: string;
}

/** Identity checks and audit records of a cohort's transactions. */
export interface AuditSpec {
  /** CPU seconds of one signature check. */
  readonly check: number;
  /** Shared verification station; null = each agent checks locally (no queue). */
  readonly station: string | null;
  /** Bytes of one audit record. */
  readonly recordBytes: number;
  /** How long records are kept, s (the log's steady-state size is bytes/day × retention). */
  readonly retention: number;
  /** Log-store price, USD per GB-month. */
  readonly usdPerGbMonth: number;
}

const hnsw = section(
  {
    efSearch: countField({ min: 1, integer: true }).optional().describe('Search width (beam) ef; a whole number ≥ 1. Default 64. Give either efSearch or recall.'),
    recall: numberField({ gt: 0, max: 1 }, 'a recall').optional().describe('Target recall@1 in (0, 1]; sets efSearch by the recall model. Give either efSearch or recall.'),
    degree: countField({ min: 2, integer: true }).prefault(16).describe('Graph degree M (neighbours per node); a whole number ≥ 2. Default 16.'),
    recallScale: numberField({ gt: 0 }).prefault(1).describe('κ in 1 − recall = exp(−ef/(κ·ln providers)); > 0. Default 1 (≈ 0.99 at ef 64, 1e6 providers).'),
    lag: durationField({ min: 0 }).prefault(60).describe('Index lag: time from a new version to the index serving it; such as 30s. Default 1m.'),
  },
  'hnsw settings: a mapping with efSearch or recall, degree, recallScale, lag',
)
  .describe('HNSW index settings (method: hnsw).')
  .superRefine((h, ctx) => {
    if (h.efSearch !== undefined && h.recall !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['recall'], message: 'is given with efSearch; each sets the other', input: h, params: { expected: 'either efSearch or recall' } });
    }
  }, WHEN_FIELDS_VALID);

const registry = section(
  {
    name: nameField().describe('Registry name, unique; prefixes its metrics (`<name>.lookup_cpu_s`). Letters, digits, _ . -'),
    providers: countField({ min: 1, integer: true }).describe('Providers registered; a whole number ≥ 1 (1e2 … 1e7 and beyond: no per-provider state).'),
    churn: rateField({ min: 0 }).prefault(0).describe('New versions per provider per unit time (Poisson); such as 1/w, 0.5/d. Default 0 (no churn).'),
    zipf: numberField({ min: 0 }).prefault(1).describe('Zipf exponent of provider popularity; ≥ 0, 0 = uniform. Default 1.'),
    method: choiceField(DISCOVERY_METHODS, 'discovery method').prefault('hnsw').describe(`How goals find a provider: ${DISCOVERY_METHODS.join(', ')}. Default hnsw.`),
    station: nameField().optional().describe('Station the lookups run on (scan, hnsw); its own service time is added to each lookup as request overhead.'),
    distanceCost: durationField({ gt: 0 }).prefault(1e-7).describe('CPU time of one capability-vector comparison; such as 100ns (768-dim float dot product). Default 100ns.'),
    usdPerCpuHour: numberField({ min: 0 }).prefault(0.04).describe('Price of one CPU-hour in USD, for the cost of lookups. Default 0.04.'),
    rewire: durationField({ min: 0 }).prefault(86400).describe('static: the wiring is refreshed (redeployed) this often; 0 = never. Default 1d.'),
    hnsw: hnsw.prefault({}),
  },
  'a registry: a mapping with name, providers, churn, method and station',
)
  .describe('A registry of providers with versioned capability vectors.')
  .transform(
    (r): RegistrySpec => ({
      name: r.name,
      providers: r.providers,
      churn: r.churn,
      zipf: r.zipf,
      method: r.method,
      station: r.station ?? null,
      distanceCost: r.distanceCost,
      usdPerCpuHour: r.usdPerCpuHour,
      rewire: r.rewire,
      hnsw: {
        efSearch: r.hnsw.recall !== undefined ? efForRecall(r.hnsw.recall, r.providers, r.hnsw.recallScale) : (r.hnsw.efSearch ?? 64),
        degree: r.hnsw.degree,
        recallScale: r.hnsw.recallScale,
        lag: r.hnsw.lag,
      },
    }),
  );

/** Top-level fields this file adds to the scenario. */
export const DISCOVERY_FIELDS = {
  registries: listOf(registry, { noun: 'registry', expected: 'a list of registries, each with name, providers, churn, method and station' })
    .prefault([])
    .describe('Capability registries that cohorts look providers up in (cohorts[].discovery). Names unique.'),
};

/** The cohort field `discovery:`. */
export const cohortDiscoveryField = section(
  { registry: nameField().describe('Registry the goals look their provider up in (a name under registries:).') },
  'discovery: a mapping with registry',
)
  .optional()
  .describe('Each goal looks up a provider in a registry before its subtasks; omitted = no discovery.');

/** The cohort field `audit:`. */
export const cohortAuditField = section(
  {
    check: durationField({ min: 0 }).prefault(5e-5).describe('CPU time of one signature check of the counterparty; such as 50us (Ed25519 verify, order of magnitude). Default 50us.'),
    station: nameField().optional().describe('Shared verification station (a central service: queueing); each check takes `check` plus the station\'s own service time. Omitted = each agent checks locally, no shared queue.'),
    recordBytes: bytesField({ min: 0 }).prefault(1024).describe('Bytes of one audit record appended to the log store; such as 1KB. Default 1KiB.'),
    retention: durationField({ gt: 0 }).prefault(365 * 86400).describe('How long audit records are kept; such as 365d. Default 365d.'),
    usdPerGbMonth: numberField({ min: 0 }).prefault(0.023).describe('Log-store price, USD per GB-month (S3 Standard ≈ 0.023). Default 0.023.'),
  },
  'audit: a mapping with check, station, recordBytes, retention, usdPerGbMonth',
)
  .optional()
  .describe('Every transaction (a goal engaging a provider) checks the counterparty identity and appends an audit record; omitted = none.')
  .transform((a): AuditSpec | null => (a === undefined ? null : { check: a.check, station: a.station ?? null, recordBytes: a.recordBytes, retention: a.retention, usdPerGbMonth: a.usdPerGbMonth }));

/** The parts of a scenario the discovery checks read. */
export interface DiscoveryCheckInput {
  readonly registries: readonly RegistrySpec[];
  readonly stations: readonly { readonly name: string }[];
  readonly pools: readonly { readonly name: string }[];
  readonly workloads: readonly { readonly name: string }[];
  readonly cohorts: readonly { readonly name: string; readonly discovery: CohortDiscoverySpec | null; readonly audit: AuditSpec | null }[];
}

/** Rules that span registries, stations and cohorts; run by the top-level schema once fields are valid. */
export const DISCOVERY_CHECKS: readonly ((s: DiscoveryCheckInput, ctx: IssueSink) => void)[] = [
  (s, ctx) => uniqueNames(s.registries, 'registries', ctx),
  (s, ctx) => {
    const stations = s.stations.map((x) => x.name);
    s.registries.forEach((r, i) => {
      if (r.method === 'static' || r.station !== null) return;
      ctx.addIssue({
        code: 'custom',
        path: ['registries', i],
        message: `method '${r.method}' runs lookups on a station, but no station is given`,
        input: r,
        params: { expected: 'station: the name of a station (or method: static)', hint: stations.length > 0 ? `stations: ${stations.join(', ')}` : 'add a station under stations:' },
      });
    });
    s.registries.forEach((r, i) => {
      if (r.station !== null) checkReference(r.station, ['registries', i, 'station'], { names: stations, noun: 'station' }, ctx);
    });
  },
  (s, ctx) => {
    const registries = { names: s.registries.map((r) => r.name), noun: 'registry', plural: 'registries', whenNone: 'add a registry under registries:' };
    s.cohorts.forEach((c, i) => {
      if (c.discovery !== null) checkReference(c.discovery.registry, ['cohorts', i, 'discovery', 'registry'], registries, ctx);
    });
  },
  (s, ctx) => {
    const stations = { names: s.stations.map((x) => x.name), noun: 'station' };
    s.cohorts.forEach((c, i) => {
      if (c.audit !== null && c.audit.station !== null) checkReference(c.audit.station, ['cohorts', i, 'audit', 'station'], stations, ctx);
    });
  },
  (s, ctx) => {
    const others = [['pools', s.pools], ['stations', s.stations], ['workloads', s.workloads], ['cohorts', s.cohorts]] as const;
    const named = others.map(([list, items]) => [list, items.map((x) => x.name)] as const);
    s.registries.forEach((r, i) => checkMetricName(r.name, 'registries', i, named, ctx));
  },
];

