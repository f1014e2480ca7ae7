import { Simulation } from '../kernel/simulation.js';
import { RandomStreams } from '../kernel/random-streams.js';
import { makeSampler } from '../kernel/distributions.js';
import { UserError } from '../errors.js';
import { findAccelerator, findModel } from '../catalog/lookup.js';
import { Station } from '../fleet/station.js';
import { OpenArrivals } from '../fleet/open-arrivals.js';
import { Pool, type PoolFigures } from '../fleet/pool.js';
import { RequestTable } from '../serving/request-table.js';
import type { Workload } from '../agents/workload.js';
import { SyntheticStream } from '../agents/synthetic-stream.js';
import { TraceReplay } from '../agents/trace-replay.js';
import { SessionReplay } from '../agents/session-replay.js';
import type { LoadedTrace } from '../agents/load-workload-trace.js';
import type { Cohort } from '../agents/cohort.js';
import { buildCohorts, routeToolDone } from '../agents/build-cohorts.js';
import { reportCohorts } from '../agents/cohort-report.js';
import { buildSwarms } from '../coordination/build-swarms.js';
import { reportSwarms } from '../coordination/swarm-report.js';
import { Engagements } from '../discovery/engagements.js';
import { reportDiscovery } from '../discovery/discovery-report.js';
import { RunRecorder, windowGrid, type RunResult } from '../metrics/run-recorder.js';
import type { Scenario } from '../scenario/schema.js';
import type { WorkloadSpec } from '../scenario/fleet-schema.js';
import type { Job } from './job.js';
import { TraceStore } from './trace-store.js';

/**
 * Block size of each pool: its engine setting, unless a trace with prefix hashes feeds it — a
 * trace's hashes are per block of its own size (Mooncake 512, agentic sessions 64), so the pool's
 * cache must use that size. Two traces of different block sizes cannot share a pool.
 */
export function poolBlockTokens(scenario: Scenario, traces: LoadedTrace[]): Map<string, number> {
  const out = new Map(scenario.pools.map((p) => [p.name, p.engine.blockTokens]));
  const fixedBy = new Map<string, string>();
  scenario.workloads.forEach((w, i) => {
    const t = traces[i];
    const size = t === null ? 0 : t.trace.blockTokens;
    if (size <= 0) return;
    const other = fixedBy.get(w.pool);
    if (other !== undefined && out.get(w.pool) !== size) {
      throw new UserError(`workloads '${other}' and '${w.name}' bring traces of different block sizes (${out.get(w.pool)} and ${size} tokens) to pool '${w.pool}'`, {
        location: { file: scenario.source.file },
        path: `workloads[${i}].pool`,
        expected: 'traces with one block size per pool',
        hint: 'give each trace its own pool',
      });
    }
    out.set(w.pool, size);
    fixedBy.set(w.pool, w.name);
  });
  return out;
}

/**
 * Builds the simulated world a scenario describes for one job, runs it to the horizon and returns
 * its columnar result. This is the one place where the layers below meet; it holds no state
 * between jobs, so a worker thread can run any number of jobs in any order.
 */
export function runJob(scenario: Scenario, job: Job, traceStore: TraceStore = new TraceStore()): RunResult {
  const sim = new Simulation({ warmup: scenario.warmup });
  const streams = new RandomStreams(job.seed, job.replicate);
  const window = windowGrid(scenario.horizon, scenario.window);

  const stations = new Map<string, Station>();
  // cohorts' tool calls come back from their stations (built below, before the run starts)
  const cohorts: Cohort[] = [];
  // goals' lookups and identity checks run on stations too (built after the cohorts)
  const engagements = new Engagements();
  // only the stations lookups and identity checks run on ask each job for its own service demand
  const engagementStations = new Set<string>([...scenario.registries.flatMap((r) => (r.station ? [r.station] : [])), ...scenario.cohorts.flatMap((c) => (c.audit?.station ? [c.audit.station] : []))]);
  const demand = (job: number) => engagements.demand(job);
  for (const s of scenario.stations) {
    const service = makeSampler(s.service, streams.uniform(`station/${s.name}/service`));
    const onDone = (job: number) => engagements.onDone(job) || routeToolDone(cohorts, job);
    stations.set(s.name, new Station(sim, { name: s.name, servers: s.servers, service, window, onDone, demand: engagementStations.has(s.name) ? demand : undefined }));
  }
  for (const a of scenario.arrivals) {
    const target = stations.get(a.to);
    // the scenario loader has already checked that `to` names a station
    if (!target) throw new Error(`arrival '${a.name}' names unknown station '${a.to}'`);
    const interarrival = makeSampler(a.interarrival, streams.uniform(`arrivals/${a.name}`));
    new OpenArrivals(sim, { name: a.name, interarrival, target }).start();
  }

  const traces = scenario.workloads.map((w) => traceStore.workload(w));
  const blockTokens = poolBlockTokens(scenario, traces);
  const requests = new RequestTable(1024);
  const workloads: Workload[] = [];
  const pools = new Map<string, Pool>();
  for (const p of scenario.pools) {
    pools.set(
      p.name,
      new Pool(sim, {
        spec: p,
        accelerator: findAccelerator(p.accelerator, scenario.accelerators),
        model: findModel(p.model, scenario.models),
        blockTokens: blockTokens.get(p.name)!,
        requests,
        window,
        power: scenario.power,
        route: streams.uniform(`pool/${p.name}/route`),
        onDone: (req) => workloads[requests.owner[req]].onDone(req),
      }),
    );
  }
  scenario.workloads.forEach((w, index) => {
    const sink = pools.get(w.pool)!;
    const t = traces[index];
    const base = { name: w.name, index, requests, sink };
    if (t === null) {
      const draw = (what: string) => streams.uniform(`workload/${w.name}/${what}`);
      workloads.push(
        new SyntheticStream(sim, {
          ...base,
          interarrival: makeSampler(w.interarrival!, draw('interarrival')),
          prompt: makeSampler(w.prompt!, draw('prompt')),
          output: makeSampler(w.output!, draw('output')),
          sharedPrefix: w.sharedPrefix,
          sessions: w.sessions,
          sessionPick: draw('session'),
          blockTokens: blockTokens.get(w.pool)!,
        }),
      );
    } else if (t.kind === 'requests') {
      workloads.push(new TraceReplay(sim, { ...base, trace: t.trace, limit: w.limit ?? Infinity, speedup: w.speedup }));
    } else {
      workloads.push(new SessionReplay(sim, { ...base, trace: t.trace, limit: w.limit ?? Infinity, speedup: w.speedup }));
    }
  });
  cohorts.push(...buildCohorts(sim, scenario, streams, { pools, stations, requests, workloads, blockTokens, goalTimes: (trace, where) => traceStore.goalTimes(trace, where) }));
  engagements.build(sim, scenario, streams, cohorts, stations);
  const swarms = buildSwarms(sim, scenario, streams, { pools, requests, workloads, blockTokens });
  for (const w of workloads) w.start();

  sim.run({ until: scenario.horizon });

  const rec = new RunRecorder(window);
  rec.scalar('sim.measured_s', scenario.horizon - scenario.warmup);
  for (const st of stations.values()) st.report(rec);
  const figures: PoolFigures[] = [];
  for (const p of pools.values()) figures.push(p.report(rec));
  if (pools.size > 0) reportFleet(rec, figures, [...pools.values()].reduce((n, p) => n + p.accelerators, 0));
  const poolReports = [...pools.values()].map((p, i) => ({ name: p.name, gpus: p.accelerators, figures: figures[i] }));
  reportCohorts(rec, cohorts, poolReports, scenario.horizon - scenario.warmup);
  reportDiscovery(rec, engagements, scenario.horizon - scenario.warmup);
  reportSwarms(rec, swarms, poolReports);
  return rec.finish(sim.eventCount);
}

/** Fleet totals over all pools: the figures a planner compares designs by. */
function reportFleet(rec: RunRecorder, figures: PoolFigures[], gpus: number): void {
  const sum = (f: (p: PoolFigures) => number) => figures.reduce((s, p) => s + f(p), 0);
  const tokens = sum((p) => p.inputTokens + p.outputTokens);
  const cacheRead = sum((p) => p.cacheReadTokens);
  const cost = sum((p) => p.costUsd);
  rec.scalar('fleet.gpus', gpus);
  rec.scalar('fleet.requests', sum((p) => p.requests));
  rec.scalar('fleet.tokens', tokens);
  rec.scalar('fleet.cache_read_tokens', cacheRead);
  const processed = sum((p) => p.processedTokens);
  rec.scalar('fleet.cache_read_share', processed > 0 ? cacheRead / processed : NaN);
  rec.scalar('fleet.cost_usd', cost);
  rec.scalar('fleet.api_cost_usd', sum((p) => p.apiCostUsd));
  rec.scalar('fleet.energy_kwh', sum((p) => p.energyKWh));
  rec.scalar('fleet.usd_per_mtok', tokens > 0 ? (cost / tokens) * 1e6 : NaN);
}
