/**
 * The run's goal engagements (one per cohort that uses a registry or audits) and its registries:
 * built after the cohorts, they route station jobs back by id ({@link ./engagement-jobs.ts}) and
 * give each job its service demand. The world creates this before its stations (whose `demand`
 * and `onDone` call into it) and fills it once the cohorts exist.
 */
import type { Simulation } from '../kernel/simulation.js';
import type { RandomStreams } from '../kernel/random-streams.js';
import type { Station } from '../fleet/station.js';
import type { Cohort } from '../agents/cohort.js';
import type { Scenario } from '../scenario/schema.js';
import { engagementJobIndex, engagementJobKind, engagementJobTeam, isEngagementJob } from './engagement-jobs.js';
import { GoalEngagement } from './goal-engagement.js';
import { Registry } from './registry.js';

export class Engagements {
  readonly list: GoalEngagement[] = [];
  readonly registries = new Map<string, Registry>();

  /** Service demand of a station job: the lookup or check cost of an engagement job, else 0. */
  demand(job: number): number {
    if (!isEngagementJob(job)) return 0;
    return this.list[engagementJobIndex(job)].demand(engagementJobKind(job));
  }

  /** Hands a finished engagement job back to its engagement; false for other jobs. */
  onDone(job: number): boolean {
    if (!isEngagementJob(job)) return false;
    this.list[engagementJobIndex(job)].onStationDone(engagementJobKind(job), engagementJobTeam(job));
    return true;
  }

  /** Builds the scenario's registries and the engagements of the cohorts that opt in. */
  build(sim: Simulation, scenario: Scenario, streams: RandomStreams, cohorts: readonly Cohort[], stations: ReadonlyMap<string, Station>): void {
    const seedOf = (name: string) => Math.floor(streams.uniform(name)() * 4294967296);
    for (const r of scenario.registries) this.registries.set(r.name, new Registry(r, seedOf(`registry/${r.name}/versions`)));
    for (const cohort of cohorts) {
      const spec = cohort.spec;
      if (spec.discovery === null && spec.audit === null) continue;
      // names were checked by the scenario loader
      const registry = spec.discovery === null ? null : this.registries.get(spec.discovery.registry)!;
      const lookupStation = registry === null || registry.spec.method === 'static' ? null : stations.get(registry.spec.station!)!;
      const checkStation = spec.audit?.station ? stations.get(spec.audit.station)! : null;
      const e = new GoalEngagement(sim, {
        index: this.list.length,
        name: spec.name,
        teams: cohort.teams,
        cells: spec.agents / spec.simulated,
        registry,
        lookupStation,
        audit: spec.audit,
        checkStation,
        // a paired cohort (`draws`) replays its partner's provider draws from their start
        seed: spec.draws === spec.name ? seedOf(`cohort/${spec.name}/discovery`) : Math.floor(streams.replay(`cohort/${spec.draws}/discovery`)() * 4294967296),
      });
      e.attach(cohort);
      cohort.attachEngagement(e);
      this.list.push(e);
    }
  }
}
