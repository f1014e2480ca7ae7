import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/kernel/simulation.js';
import { RandomStreams } from '../../src/kernel/random-streams.js';
import { makeSampler, type Sampler } from '../../src/kernel/distributions.js';
import { OpenArrivals } from '../../src/fleet/open-arrivals.js';

const constant = (v: number): Sampler => ({ mean: v, sample: () => v });

function recorder(sim: Simulation) {
  const seen: [number, number][] = [];
  return { seen, target: { arrive: (job: number) => void seen.push([sim.now, job]) } };
}

describe('OpenArrivals', () => {
  it('delivers the first job one interarrival after start, then one every interarrival, ids counting up', () => {
    const sim = new Simulation();
    const { seen, target } = recorder(sim);
    new OpenArrivals(sim, { name: 'a', interarrival: constant(2), target, firstJob: 100 }).start();
    sim.run({ until: 7 });
    expect(seen).toEqual([[2, 100], [4, 101], [6, 102]]);
  });

  it('stops after `limit` jobs and leaves no event pending', () => {
    const sim = new Simulation();
    const { seen, target } = recorder(sim);
    const src = new OpenArrivals(sim, { name: 'a', interarrival: constant(1), target, limit: 3 });
    src.start();
    sim.run();
    expect(seen.map((s) => s[1])).toEqual([0, 1, 2]);
    expect(src.issued).toBe(3);
    expect(sim.pending).toBe(0);
  });

  it('stop() cancels the pending arrival and start() resumes with the next id', () => {
    const sim = new Simulation();
    const { seen, target } = recorder(sim);
    const src = new OpenArrivals(sim, { name: 'a', interarrival: constant(1), target });
    src.start();
    sim.run({ until: 2.5 });
    src.stop();
    sim.run({ until: 10 });
    expect(seen).toEqual([[1, 0], [2, 1]]);
    src.start();
    sim.run({ until: 11 });
    expect(seen[2]).toEqual([11, 2]);
    expect(() => src.start()).toThrow();
  });

  it('a target may stop the source from inside arrive', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    const src: OpenArrivals = new OpenArrivals(sim, {
      name: 'a', interarrival: constant(1),
      target: { arrive: (job) => { seen.push(job); if (job === 1) src.stop(); } },
    });
    src.start();
    sim.run({ until: 10 });
    expect(seen).toEqual([0, 1]);
  });

  it('exponential interarrivals make a Poisson stream: 1e5 expected arrivals within 1% (seed 3)', () => {
    const sim = new Simulation();
    let n = 0;
    const rate = 50;
    const u = new RandomStreams(3, 0).uniform('arrivals');
    new OpenArrivals(sim, {
      name: 'a', interarrival: makeSampler({ dist: 'exponential', mean: 1 / rate }, u), target: { arrive: () => void n++ },
    }).start();
    sim.run({ until: 2000 });
    // sd of a Poisson count with mean 1e5 is 316, i.e. 0.3%; 1% is > 3 sd.
    expect(Math.abs(n - rate * 2000) / (rate * 2000)).toBeLessThan(0.01);
  });
});
