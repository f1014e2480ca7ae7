/**
 * Assembles a scenario's cohorts for one run: each gets its tier pools, its tool station, its
 * named streams (`cohort/<name>/<what>`) and a place in the run's workload list (so pools hand
 * completions back through `requests.owner`). Tool stations hand finished tool jobs back through
 * {@link routeToolDone}.
 */
import type { Simulation } from '../kernel/simulation.js';
import type { RandomStreams } from '../kernel/random-streams.js';
import { UserError } from '../errors.js';
import { findModel } from '../catalog/lookup.js';
import type { Station } from '../fleet/station.js';
import type { Pool } from '../fleet/pool.js';
import type { RequestTable } from '../serving/request-table.js';
import type { Scenario } from '../scenario/schema.js';
import type { Workload } from './workload.js';
import { tiersUsed } from '../routing/tier-policy.js';
import type { GoalTraceSpec } from './goal-arrivals.js';
import { Cohort, toolJobAgent, toolJobCohort, type CohortTier } from './cohort.js';

/**
 * Session numbers of cohort agents start here, above those of synthetic workloads and traces, so
 * session-affinity routing never confuses an agent with a workload's session.
 */
const SESSION_BASE = 1_000_000_000;

/** What the world has built that cohorts use. */
export interface CohortWorld {
  pools: ReadonlyMap<string, Pool>;
  stations: ReadonlyMap<string, Station>;
  requests: RequestTable;
  /** The run's workloads; cohorts are appended (their index is the owner of their requests). */
  workloads: Workload[];
  /** Block size of each pool. */
  blockTokens: ReadonlyMap<string, number>;
  /** The arrival times of a goal trace (read once per thread); `where` names the cohort in errors. */
  goalTimes: (trace: GoalTraceSpec, where: string) => Float64Array;
}

/** Builds the scenario's cohorts, appending each to `world.workloads`. */
export function buildCohorts(sim: Simulation, scenario: Scenario, streams: RandomStreams, world: CohortWorld): Cohort[] {
  let sessionBase = SESSION_BASE;
  return scenario.cohorts.map((spec, cohortIndex) => {
    const tier = (name: string | null): CohortTier | null => {
      if (name === null) return null;
      const pool = world.pools.get(name)!;
      const poolSpec = scenario.pools.find((p) => p.name === name)!;
      return { pool: name, sink: pool, model: findModel(poolSpec.model, scenario.models) };
    };
    const llm = tier(spec.routing.llm);
    const slm = tier(spec.routing.slm);
    const used = tiersUsed(spec.routing.policy);
    const sizes = [used.llm ? llm : null, used.slm ? slm : null].flatMap((t) => (t ? [world.blockTokens.get(t.pool)!] : []));
    if (sizes.length === 2 && sizes[0] !== sizes[1]) {
      throw new UserError(`cohort '${spec.name}' routes to pools with ${sizes[0]}- and ${sizes[1]}-token blocks (a trace fixes one of them); an agent's context chain has one block size`, {
        location: { file: scenario.source.file },
        path: `cohorts[${cohortIndex}].routing`,
        expected: 'tier pools with one block size',
        hint: 'give the trace workloads pools of their own',
      });
    }
    const toolStation = spec.program.tool === null ? null : world.stations.get(spec.program.tool.station)!;
    const cohort = new Cohort(sim, {
      spec,
      owner: world.workloads.length,
      cohortIndex,
      sessionBase,
      requests: world.requests,
      llm,
      slm,
      tool: toolStation,
      policyStation: spec.governance?.external ? world.stations.get(spec.governance.external.station)! : null,
      blockTokens: sizes[0] ?? 16,
      arrivalTimes: spec.goals.trace === null ? null : world.goalTimes(spec.goals.trace, `cohorts[${cohortIndex}]`),
      stream: (what) => (spec.draws === spec.name ? streams.uniform(`cohort/${spec.name}/${what}`) : streams.replay(`cohort/${spec.draws}/${what}`)),
    });
    sessionBase += spec.simulated;
    world.workloads.push(cohort);
    return cohort;
  });
}

/** Hands a finished station job back to the cohort whose tool call it was (cohort jobs are negative). */
export function routeToolDone(cohorts: readonly Cohort[], job: number): void {
  if (job < 0) cohorts[toolJobCohort(job)].onToolDone(toolJobAgent(job));
}
