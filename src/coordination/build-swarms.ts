/**
 * Assembles a scenario's swarms for one run: each gets its pool, the pool's model and block size,
 * its named streams (`swarm/<name>/<what>`) and a place in the run's workload list (so the pool
 * hands completions back through `requests.owner`).
 */
import type { Simulation } from '../kernel/simulation.js';
import type { RandomStreams } from '../kernel/random-streams.js';
import { findModel } from '../catalog/lookup.js';
import type { Pool } from '../fleet/pool.js';
import type { RequestTable } from '../serving/request-table.js';
import type { Workload } from '../agents/workload.js';
import type { Scenario } from '../scenario/schema.js';
import { Swarm } from './swarm.js';

/** What the world has built that swarms use. */
export interface SwarmWorld {
  pools: ReadonlyMap<string, Pool>;
  requests: RequestTable;
  /** The run's workloads; swarms are appended (their index is the owner of their requests). */
  workloads: Workload[];
  /** Block size of each pool. */
  blockTokens: ReadonlyMap<string, number>;
}

/** Builds the scenario's swarms, appending each to `world.workloads`. */
export function buildSwarms(sim: Simulation, scenario: Scenario, streams: RandomStreams, world: SwarmWorld): Swarm[] {
  return scenario.swarms.map((spec, swarmIndex) => {
    const poolSpec = scenario.pools.find((p) => p.name === spec.pool)!;
    const swarm = new Swarm(sim, {
      spec,
      swarmIndex,
      owner: world.workloads.length,
      requests: world.requests,
      sink: world.pools.get(spec.pool)!,
      model: findModel(poolSpec.model, scenario.models),
      blockTokens: world.blockTokens.get(spec.pool)!,
      stream: (what) => streams.uniform(`swarm/${spec.name}/${what}`),
      file: scenario.source.file,
    });
    world.workloads.push(swarm);
    return swarm;
  });
}
