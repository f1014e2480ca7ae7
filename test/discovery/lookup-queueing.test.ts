import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/kernel/simulation.js';
import { RandomStreams } from '../../src/kernel/random-streams.js';
import { makeSampler } from '../../src/kernel/distributions.js';
import { windowGrid } from '../../src/metrics/run-recorder.js';
import { Station } from '../../src/fleet/station.js';
import { OpenArrivals } from '../../src/fleet/open-arrivals.js';
import { md1MeanWait } from '../../src/fleet/queueing-theory.js';
import { lookupSeconds } from '../../src/discovery/lookup-cost.js';
import { CHECK_JOB, LOOKUP_JOB, engagementJobId, engagementJobIndex, engagementJobKind, engagementJobTeam, isEngagementJob } from '../../src/discovery/engagement-jobs.js';
import { toolJobId } from '../../src/agents/cohort.js';

/**
 * Lookups are real queueing: a station's job brings its own demand (the lookup's cost), so a bigger
 * registry means longer service and, at the same lookup rate, a longer queue. With Poisson lookups
 * and a scan's deterministic cost, one discovery server is an M/D/1 queue: the mean wait must be
 * Pollaczek–Khinchine's ρ·S / (2(1 − ρ)).
 */
describe('lookups queue on the discovery station', () => {
  it.each([2e6, 6e6, 1.2e7])('scan of %s providers at 0.5 lookups/s: the M/D/1 mean wait', (providers) => {
    const s = lookupSeconds({ method: 'scan', providers, distanceCost: 1e-7, degree: 16, efSearch: 64, recallScale: 1 });
    const lambda = 0.5;
    const waits: number[] = [];
    for (let rep = 0; rep < 4; rep++) {
      const sim = new Simulation({ warmup: 200 / lambda });
      const rs = new RandomStreams(3, rep);
      const horizon = 200 / lambda + 20_000 / lambda;
      const station = new Station(sim, { name: 'discovery', servers: 1, service: makeSampler({ dist: 'constant', value: 0 }, rs.uniform('s')), window: windowGrid(horizon, horizon), demand: () => s });
      new OpenArrivals(sim, { name: 'lookups', interarrival: makeSampler({ dist: 'exponential', mean: 1 / lambda }, rs.uniform('a')), target: station }).start();
      sim.run({ until: horizon });
      waits.push(station.summary().waitMeanS);
    }
    const mean = waits.reduce((a, b) => a + b) / waits.length;
    const expected = md1MeanWait(lambda, s);
    expect(Math.abs(mean - expected)).toBeLessThan(0.08 * expected + 1e-9);
  });

  it('engagement job ids round-trip and never meet tool-call or arrival ids', () => {
    for (const [index, kind, team] of [[0, LOOKUP_JOB, 0], [3, CHECK_JOB, 999_999], [1000, LOOKUP_JOB, 4294967295]]) {
      const job = engagementJobId(index, kind, team);
      expect(isEngagementJob(job)).toBe(true);
      expect([engagementJobIndex(job), engagementJobKind(job), engagementJobTeam(job)]).toEqual([index, kind, team]);
    }
    expect(isEngagementJob(toolJobId(10_000, 4294967295))).toBe(false);
    expect(isEngagementJob(0)).toBe(false);
    expect(isEngagementJob(1e12)).toBe(false);
  });
});
