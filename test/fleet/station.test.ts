import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/kernel/simulation.js';
import { RandomStreams } from '../../src/kernel/random-streams.js';
import { makeSampler, type Sampler } from '../../src/kernel/distributions.js';
import type { DistSpec } from '../../src/kernel/distribution-spec.js';
import { RunRecorder, windowGrid } from '../../src/metrics/run-recorder.js';
import { Station } from '../../src/fleet/station.js';
import { OpenArrivals } from '../../src/fleet/open-arrivals.js';
import {
  erlangC, md1MeanWait, mm1MeanWait, mmcMeanWait, mmcWaitQuantile,
} from '../../src/fleet/queueing-theory.js';

/** Two-sided Student-t quantiles t_{df, 1−a/2}: 95% with 19 df, 99% with 19 and 9 df. */
const T95_19 = 2.093024054408263;
const T99_19 = 2.860934606449914;
const T99_9 = 3.249835541592151;

interface Replicate {
  scalars: Map<string, number>;
  station: Station;
  sim: Simulation;
  inSystemAtWarmup: number;
}

/**
 * One replicate: open Poisson arrivals at rate `lambda` into a `servers`-server station with the
 * given service spec; ~`customers` arrivals after a warm-up of `warmup` seconds.
 */
function replicate(opts: {
  servers: number; lambda: number; service: DistSpec; seed: number; rep: number; customers: number; warmup: number;
}): Replicate {
  const rs = new RandomStreams(opts.seed, opts.rep);
  const sim = new Simulation({ warmup: opts.warmup });
  const horizon = opts.warmup + opts.customers / opts.lambda;
  const window = windowGrid(horizon, horizon / 10);
  const station = new Station(sim, {
    name: 'tools',
    servers: opts.servers,
    service: makeSampler(opts.service, rs.uniform('tools.service')),
    window,
  });
  let inSystemAtWarmup = NaN;
  sim.onWarmupEnd(() => (inSystemAtWarmup = station.inSystem));
  new OpenArrivals(sim, {
    name: 'arrivals',
    interarrival: makeSampler({ dist: 'exponential', mean: 1 / opts.lambda }, rs.uniform('arrivals')),
    target: station,
  }).start();
  sim.run({ until: horizon });
  const rec = new RunRecorder(window);
  station.report(rec);
  const res = rec.finish(sim.eventCount);
  const scalars = new Map(res.scalarNames.map((n, i) => [n, res.scalars[i]]));
  return { scalars, station, sim, inSystemAtWarmup };
}

/** Mean and standard error of the mean. */
function meanSe(xs: number[]): { mean: number; se: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(v / xs.length) };
}

const get = (r: Replicate, name: string): number => {
  const v = r.scalars.get(`tools.${name}`);
  if (v === undefined) throw new Error(`no scalar tools.${name}`);
  return v;
};

describe('Station against queueing theory', () => {
  // 20 replicates × 1e6 customers of M/M/8 at ρ = 0.9; the other tests reuse these runs.
  const mm8 = { servers: 8, lambda: 7.2, service: { dist: 'exponential', mean: 1 } as DistSpec, seed: 2024, customers: 1e6, warmup: 1000 };
  let runs: Replicate[] | undefined;
  const mm8Runs = (): Replicate[] => (runs ??= Array.from({ length: 20 }, (_, rep) => replicate({ ...mm8, rep })));

  it('M/M/8 at ρ = 0.9: the 95% CI of the mean wait holds the Erlang-C value and is within ±2% of it', () => {
    const exact = mmcMeanWait(7.2, 1, 8); // 0.87692
    const { mean, se } = meanSe(mm8Runs().map((r) => get(r, 'wait_mean_s')));
    const half = T95_19 * se;
    expect(Math.abs(mean - exact)).toBeLessThanOrEqual(half);
    expect(half / exact).toBeLessThanOrEqual(0.02);
  });

  it('M/M/8 at ρ = 0.9: utilisation is 0.9 within 0.5%', () => {
    const { mean } = meanSe(mm8Runs().map((r) => get(r, 'utilisation')));
    expect(Math.abs(mean - 0.9) / 0.9).toBeLessThanOrEqual(0.005);
  });

  it('M/M/8 at ρ = 0.9: P(wait > 0) matches Erlang C (99% CI)', () => {
    const exact = erlangC(8, 7.2); // 0.70153
    const { mean, se } = meanSe(mm8Runs().map((r) => get(r, 'wait_prob')));
    expect(Math.abs(mean - exact)).toBeLessThanOrEqual(T99_19 * se);
  });

  it('M/M/8 at ρ = 0.9: wait quantiles match C·e^(−(cμ−λ)t) within the 99% CI plus the histogram α = 1%', () => {
    for (const [q, name] of [[0.9, 'wait_p90_s'], [0.95, 'wait_p95_s'], [0.99, 'wait_p99_s']] as const) {
      const exact = mmcWaitQuantile(7.2, 1, 8, q);
      const { mean, se } = meanSe(mm8Runs().map((r) => get(r, name)));
      expect(Math.abs(mean - exact), name).toBeLessThanOrEqual(T99_19 * se + 0.01 * exact);
    }
    // P(wait = 0) = 1 − C ≈ 0.30 < 0.5, so the median wait is positive and below the mean.
    for (const r of mm8Runs()) expect(get(r, 'wait_p50_s')).toBeGreaterThan(0);
  });

  it("Little's law L = λW holds on the station's own outputs within 1%", () => {
    for (const r of mm8Runs()) {
      const lambda = get(r, 'throughput_per_s');
      expect(Math.abs(get(r, 'in_system_mean') - lambda * get(r, 'sojourn_mean_s')) / get(r, 'in_system_mean')).toBeLessThan(0.01);
      expect(Math.abs(get(r, 'queue_len_mean') - lambda * get(r, 'wait_mean_s')) / get(r, 'queue_len_mean')).toBeLessThan(0.01);
    }
  });

  it('conserves jobs: arrivals = completions + in system at the end', () => {
    for (const r of mm8Runs()) {
      const s = r.station;
      expect(s.arrivedTotal).toBe(s.completedTotal + s.inSystem);
      // The same over the measured interval, counting those present when it began.
      expect(get(r, 'arrivals') + r.inSystemAtWarmup).toBe(get(r, 'completions') + s.inSystem);
    }
  });

  it('M/M/1 at ρ = 0.8: mean wait 4 s within the 99% CI of 10 replicates (CI within ±5%)', () => {
    const runs1 = Array.from({ length: 10 }, (_, rep) =>
      replicate({ servers: 1, lambda: 0.8, service: { dist: 'exponential', mean: 1 }, seed: 2024, rep, customers: 1e6, warmup: 2000 }));
    const exact = mm1MeanWait(0.8, 1);
    const { mean, se } = meanSe(runs1.map((r) => get(r, 'wait_mean_s')));
    expect(Math.abs(mean - exact)).toBeLessThanOrEqual(T99_9 * se);
    expect((T99_9 * se) / exact).toBeLessThanOrEqual(0.05);
    expect(Math.abs(meanSe(runs1.map((r) => get(r, 'wait_prob'))).mean - 0.8)).toBeLessThan(0.005);
  });

  it('M/D/1 at ρ = 0.8: mean wait 2 s (Pollaczek–Khinchine) within the 99% CI of 10 replicates', () => {
    const runsD = Array.from({ length: 10 }, (_, rep) =>
      replicate({ servers: 1, lambda: 0.8, service: { dist: 'constant', value: 1 }, seed: 2024, rep, customers: 1e6, warmup: 2000 }));
    const exact = md1MeanWait(0.8, 1);
    const { mean, se } = meanSe(runsD.map((r) => get(r, 'wait_mean_s')));
    expect(Math.abs(mean - exact)).toBeLessThanOrEqual(T99_9 * se);
    expect((T99_9 * se) / exact).toBeLessThanOrEqual(0.05);
    // Constant service: the sojourn is the wait plus exactly 1 s.
    for (const r of runsD) expect(Math.abs(get(r, 'sojourn_mean_s') - get(r, 'wait_mean_s') - 1)).toBeLessThan(0.01);
  });
});

/** A station driven by hand: `at(t, job)` makes `job` arrive at time t. */
function handDriven(servers: number, service: Sampler, opts: { warmup?: number; window?: { width: number; count: number }; demand?: (job: number) => number } = {}) {
  const sim = new Simulation({ warmup: opts.warmup ?? 0 });
  const done: [number, number][] = [];
  const station = new Station(sim, {
    name: 'svc',
    servers,
    service,
    window: opts.window ?? { width: 1, count: 10 },
    onDone: (job) => done.push([sim.now, job]),
    initialQueueCapacity: 4,
    demand: opts.demand,
  });
  const kind = sim.register('test.arrive', (job) => station.arrive(job));
  const at = (t: number, job: number): void => void sim.scheduleAt(t, kind, job);
  return { sim, station, done, at };
}

const constant = (v: number): Sampler => ({ mean: v, sample: () => v });

describe('Station mechanics', () => {
  it('serves one server FIFO and reports each completion with its job id', () => {
    const { sim, station, done, at } = handDriven(1, constant(1));
    at(0, 10);
    at(0, 11);
    at(0.5, 12);
    sim.run({ until: 5 });
    expect(done).toEqual([[1, 10], [2, 11], [3, 12]]);
    const s = station.summary();
    // waits 0, 1, 1.5; sojourns 1, 2, 2.5
    expect(s.waitMeanS).toBeCloseTo(2.5 / 3, 14);
    expect(s.sojournMeanS).toBeCloseTo(5.5 / 3, 14);
    expect(s.waitProb).toBeCloseTo(2 / 3, 14);
    expect(s.waitMaxS).toBe(1.5);
  });

  it("adds a job's own demand to the sampled service time, asking once per job as its service starts", () => {
    const asked: [number, number][] = [];
    const { sim, station, done, at } = handDriven(1, constant(1), {
      demand: (job) => {
        asked.push([sim.now, job]);
        return 0.25 * job;
      },
    });
    at(0, 0);
    at(0, 1);
    at(0.5, 2);
    sim.run({ until: 10 });
    // services 1, 1.25, 1.5 back to back from 0: departures at 1, 2.25, 3.75
    expect(done).toEqual([[1, 0], [2.25, 1], [3.75, 2]]);
    expect(asked).toEqual([[0, 0], [1, 1], [2.25, 2]]);
    // waits 0, 1, 1.75
    expect(station.summary().waitMeanS).toBeCloseTo(2.75 / 3, 14);
  });

  it('runs c jobs in parallel and queues the next one', () => {
    const { sim, done, at, station } = handDriven(2, constant(1));
    for (const j of [1, 2, 3]) at(0, j);
    sim.run({ until: 0 });
    expect([station.busy, station.queueLength, station.inSystem]).toEqual([2, 1, 3]);
    sim.run({ until: 3 });
    expect(done).toEqual([[1, 1], [1, 2], [2, 3]]);
  });

  it('grows its queue past the initial capacity and keeps FIFO order across wrap-around', () => {
    const { sim, done, at } = handDriven(1, constant(1));
    // A few arrivals and departures first, so the ring's head is not at slot 0 when it grows.
    at(0, 0);
    at(0, 1);
    at(0, 2);
    for (let j = 3; j < 200; j++) at(2.5, j);
    sim.run();
    expect(done.map((d) => d[1])).toEqual(Array.from({ length: 200 }, (_, j) => j));
    expect(done[199][0]).toBe(200);
  });

  it('lets onDone send the job straight back in (closed loop) without corrupting state', () => {
    const sim = new Simulation();
    let completions = 0;
    const station: Station = new Station(sim, {
      name: 'loop', servers: 1, service: constant(2), window: { width: 10, count: 1 },
      onDone: (job) => {
        completions++;
        station.arrive(job);
      },
    });
    station.arrive(7);
    sim.run({ until: 10 });
    expect(completions).toBe(5);
    expect(station.summary().utilisation).toBe(1);
    expect(station.inSystem).toBe(1);
  });

  it('counts only after warm-up, and time-averages only over the measured interval', () => {
    const { sim, station, at } = handDriven(1, constant(1), { warmup: 2 });
    at(0, 0); // served [0,1): before warm-up
    at(1.5, 1); // served [1.5, 2.5): its departure counts, its wait (0, started before) does not
    at(3, 2); // served [3, 4)
    at(3, 3); // waits 1, served [4, 5)
    sim.run({ until: 6 });
    const s = station.summary();
    expect(s.arrivals).toBe(2);
    expect(s.completions).toBe(3);
    expect(s.started).toBe(2);
    expect(s.waitMeanS).toBe(0.5);
    expect(s.measuredS).toBe(4);
    // busy on [2, 2.5), [3, 5) of [2, 6]: 2.5 / 4
    expect(s.utilisation).toBeCloseTo(2.5 / 4, 14);
    expect(s.queueLenMean).toBeCloseTo(1 / 4, 14);
    expect(s.throughputPerS).toBe(3 / 4);
  });

  it('reports per-window series from time 0, warm-up included, and named scalars', () => {
    const window = { width: 1, count: 5 };
    const { sim, station, at } = handDriven(1, constant(1), { warmup: 1, window });
    at(0, 0);
    at(0.5, 1); // waits 0.5, served [1, 2)
    at(2.5, 2); // served [2.5, 3.5)
    sim.run({ until: 4.5 });
    const rec = new RunRecorder(window);
    station.report(rec);
    const res = rec.finish(sim.eventCount);
    const series = (m: string) => Array.from(res.seriesValues[res.seriesMetrics.indexOf(m)]);
    expect(res.seriesEntities.every((e) => e === 'svc')).toBe(true);
    expect(series('arrivals')).toEqual([2, 0, 1, 0, 0]);
    expect(series('completions')).toEqual([0, 1, 1, 1, 0]);
    expect(series('utilisation')).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(series('queue_len_mean')).toEqual([0.5, 0, 0, 0, 0]);
    const wait = series('wait_mean_s');
    expect(wait[0]).toBe(0);
    expect(wait[1]).toBe(0.5);
    expect(wait[2]).toBe(0);
    expect(wait[3]).toBeNaN();
    for (const name of ['arrivals', 'completions', 'throughput_per_s', 'wait_prob', 'wait_mean_s', 'wait_sd_s', 'wait_p50_s',
      'wait_p90_s', 'wait_p95_s', 'wait_p99_s', 'wait_max_s', 'sojourn_mean_s', 'sojourn_sd_s', 'utilisation',
      'queue_len_mean', 'in_system_mean']) {
      expect(res.scalarNames).toContain(`svc.${name}`);
    }
  });

  it('rejects a server count that is not a positive integer', () => {
    const sim = new Simulation();
    const base = { name: 'x', service: constant(1), window: { width: 1, count: 1 } };
    expect(() => new Station(sim, { ...base, servers: 0 })).toThrow(RangeError);
    expect(() => new Station(sim, { ...base, servers: 1.5 })).toThrow(RangeError);
  });

  it('refuses a negative service time instead of clamping it', () => {
    const { sim, at } = handDriven(1, constant(-1));
    at(0, 0);
    expect(() => sim.run()).toThrow(RangeError);
  });
});
