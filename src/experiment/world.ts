import { Simulation } from '../kernel/simulation.js';
import { RandomStreams } from '../kernel/random-streams.js';
import { makeSampler } from '../kernel/distributions.js';
import { Station } from '../fleet/station.js';
import { OpenArrivals } from '../fleet/open-arrivals.js';
import { RunRecorder, windowGrid, type RunResult } from '../metrics/run-recorder.js';
import type { Scenario } from '../scenario/schema.js';
import type { Job } from './job.js';

/**
 * Builds the simulated world a scenario describes for one job, runs it to the horizon and returns
 * its columnar result. This is the one place where the layers below meet; it holds no state
 * between jobs, so a worker thread can run any number of jobs in any order.
 */
export function runJob(scenario: Scenario, job: Job): RunResult {
  const sim = new Simulation({ warmup: scenario.warmup });
  const streams = new RandomStreams(job.seed, job.replicate);
  const window = windowGrid(scenario.horizon, scenario.window);

  const stations = new Map<string, Station>();
  for (const s of scenario.stations) {
    const service = makeSampler(s.service, streams.uniform(`station/${s.name}/service`));
    stations.set(s.name, new Station(sim, { name: s.name, servers: s.servers, service, window }));
  }
  for (const a of scenario.arrivals) {
    const target = stations.get(a.to);
    // the scenario loader has already checked that `to` names a station
    if (!target) throw new Error(`arrival '${a.name}' names unknown station '${a.to}'`);
    const interarrival = makeSampler(a.interarrival, streams.uniform(`arrivals/${a.name}`));
    new OpenArrivals(sim, { name: a.name, interarrival, target }).start();
  }

  sim.run({ until: scenario.horizon });
  const rec = new RunRecorder(window);
  rec.scalar('sim.measured_s', scenario.horizon - scenario.warmup);
  for (const st of stations.values()) st.report(rec);
  return rec.finish(sim.eventCount);
}
