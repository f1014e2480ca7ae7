import type { Simulation } from '../kernel/simulation.js';
import type { Sampler } from '../kernel/distributions.js';
import type { RunRecorder, WindowGrid } from '../metrics/run-recorder.js';
import { Welford } from '../metrics/welford.js';
import { LogHistogram } from '../metrics/log-histogram.js';
import { TimeWeighted } from '../metrics/time-weighted.js';
import { WindowedTimeWeighted } from '../metrics/windowed-time-weighted.js';
import { WindowedSum } from '../metrics/windowed-sum.js';
import type { ArrivalTarget } from './open-arrivals.js';

/** Options of {@link Station}. */
export interface StationOptions {
  /** Prefix of the station's scalars (`<name>.wait_mean_s`) and its series entity. */
  name: string;
  /** Number of identical servers c ≥ 1. */
  servers: number;
  /** Service time per job, seconds. */
  service: Sampler;
  /** Windows of the per-window series. */
  window: WindowGrid;
  /** Called with the job id when its service completes (after the station's own bookkeeping). */
  onDone?: (job: number) => void;
  /** Relative accuracy of the wait quantiles (see LogHistogram). Default 0.01. */
  quantileAccuracy?: number;
  /** Initial queue capacity (it grows as needed). Default 64. */
  initialQueueCapacity?: number;
}

/** The measured (post-warm-up) figures of a station; see {@link Station.report} for the names. */
export interface StationSummary {
  /** Jobs that arrived in the measured interval. */
  arrivals: number;
  /** Jobs that departed in the measured interval. */
  completions: number;
  /** Length of the measured interval [warm-up end, now], seconds. */
  measuredS: number;
  /** completions / measuredS. */
  throughputPerS: number;
  /** Jobs whose service started in the measured interval: the wait sample. */
  started: number;
  /** Share of `started` that found every server busy and queued (Erlang C for M/M/c). */
  waitProb: number;
  /** Mean, sample sd and maximum of the wait (time in queue) over `started`, seconds. */
  waitMeanS: number;
  waitSdS: number;
  waitMaxS: number;
  /** Wait quantiles from the log histogram (relative error ≤ `quantileAccuracy`), seconds. */
  waitP50S: number;
  waitP90S: number;
  waitP95S: number;
  waitP99S: number;
  /** Mean and sample sd of the time in system over `completions`, seconds. */
  sojournMeanS: number;
  sojournSdS: number;
  /** Time-average busy servers / servers. */
  utilisation: number;
  /** Time-average jobs waiting. */
  queueLenMean: number;
  /** Time-average jobs in the station (waiting or in service). */
  inSystemMean: number;
}

/**
 * A c-server FIFO queue with any service-time distribution (a CPU tool sandbox, a discovery index
 * server, a governance service). Jobs are integer ids; `arrive(job)` enqueues at `sim.now` and
 * `onDone(job)` reports completion.
 *
 * Which customers count (after warm-up; everything resets at warm-up end):
 * - arrivals and completions: events in the measured interval [warm-up, now];
 * - wait (time in queue, its mean, sd, quantiles and P(wait > 0)): customers whose service *starts*
 *   in the measured interval;
 * - sojourn (time in system): customers who *depart* in the measured interval;
 * - queue_len_mean, in_system_mean, utilisation: time-averages over the measured interval.
 * So Σ waits and ∫ queue length dt differ only by the pieces of waits that straddle the warm-up
 * or the horizon, and Little's law L_q = λ·W_q, L = λ·W holds on the outputs (λ = throughput) up
 * to an O(L·W/(T − warm-up)) finite-horizon error.
 *
 * Hot path: no allocation per customer. The FIFO is a growable ring of (job, arrival time) in
 * typed arrays; each server holds its job and that job's arrival time; idle servers sit on a stack;
 * a departure event's target is the server index, dispatched to a handler registered once.
 */
export class Station implements ArrivalTarget {
  /** Scalar prefix and series entity. */
  readonly name: string;
  /** Number of servers. */
  readonly servers: number;
  /** Jobs that arrived since time 0 (warm-up included). */
  arrivedTotal = 0;
  /** Jobs that completed since time 0 (warm-up included). */
  completedTotal = 0;

  private readonly sim: Simulation;
  private readonly service: Sampler;
  private readonly onDone: ((job: number) => void) | undefined;
  private readonly departKind: number;

  // FIFO ring: job id and arrival time; capacity a power of two.
  private qJob: Float64Array;
  private qArrival: Float64Array;
  private qHead = 0;
  private qLen = 0;
  private qMask: number;

  // Servers: the job in service and its arrival time; stack of idle servers.
  private readonly srvJob: Float64Array;
  private readonly srvArrival: Float64Array;
  private readonly idle: Int32Array;
  private idleTop: number;

  // Measured since warm-up end.
  private arrivals = 0;
  private completions = 0;
  private queued = 0;
  private readonly wait = new Welford();
  private readonly waitHist: LogHistogram;
  private readonly sojourn = new Welford();
  private readonly busyAvg: TimeWeighted;
  private readonly queueAvg: TimeWeighted;

  // Per window, from time 0.
  private readonly winArrivals: WindowedSum;
  private readonly winCompletions: WindowedSum;
  private readonly winWait: WindowedSum;
  private readonly winBusy: WindowedTimeWeighted;
  private readonly winQueue: WindowedTimeWeighted;

  constructor(sim: Simulation, options: StationOptions) {
    const c = options.servers;
    if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`station ${options.name}: servers must be an integer ≥ 1, got ${c}`);
    this.name = options.name;
    this.servers = c;
    this.sim = sim;
    this.service = options.service;
    this.onDone = options.onDone;
    this.departKind = sim.register(`${options.name}.departure`, (server) => this.depart(server));

    let cap = 16;
    while (cap < (options.initialQueueCapacity ?? 64)) cap *= 2;
    this.qJob = new Float64Array(cap);
    this.qArrival = new Float64Array(cap);
    this.qMask = cap - 1;

    this.srvJob = new Float64Array(c);
    this.srvArrival = new Float64Array(c);
    this.idle = new Int32Array(c);
    // Server 0 on top: the lowest-numbered idle server serves first at the start.
    for (let s = 0; s < c; s++) this.idle[s] = c - 1 - s;
    this.idleTop = c;

    this.waitHist = new LogHistogram({ relativeAccuracy: options.quantileAccuracy ?? 0.01 });
    const start = sim.measuring ? sim.now : sim.warmup;
    this.busyAvg = new TimeWeighted(start);
    this.queueAvg = new TimeWeighted(start);
    this.winArrivals = new WindowedSum(options.window);
    this.winCompletions = new WindowedSum(options.window);
    this.winWait = new WindowedSum(options.window);
    this.winBusy = new WindowedTimeWeighted(options.window);
    this.winQueue = new WindowedTimeWeighted(options.window);
    if (!sim.measuring) sim.onWarmupEnd(() => this.resetMeasures());
  }

  /** Jobs waiting (not in service). */
  get queueLength(): number {
    return this.qLen;
  }

  /** Servers busy. */
  get busy(): number {
    return this.servers - this.idleTop;
  }

  /** Jobs in the station (waiting or in service). */
  get inSystem(): number {
    return this.qLen + this.servers - this.idleTop;
  }

  /** A job arrives now: it starts service on an idle server or joins the back of the queue. */
  arrive(job: number): void {
    const now = this.sim.now;
    this.arrivedTotal++;
    this.arrivals++;
    this.winArrivals.add(now);
    if (this.idleTop > 0) {
      const server = this.idle[--this.idleTop];
      const busy = this.servers - this.idleTop;
      this.busyAvg.update(now, busy);
      this.winBusy.update(now, busy);
      this.begin(server, job, now, now);
    } else {
      if (this.qLen > this.qMask) this.growQueue();
      const tail = (this.qHead + this.qLen) & this.qMask;
      this.qJob[tail] = job;
      this.qArrival[tail] = now;
      const len = ++this.qLen;
      this.queueAvg.update(now, len);
      this.winQueue.update(now, len);
    }
  }

  /** The measured figures so far (closing the time-averages at `sim.now`). */
  summary(): StationSummary {
    const now = this.sim.now;
    const span = now - this.busyAvg.since;
    const busyMean = this.busyAvg.mean(now);
    const queueMean = this.queueAvg.mean(now);
    const h = this.waitHist;
    const w = this.wait;
    return {
      arrivals: this.arrivals,
      completions: this.completions,
      measuredS: span,
      throughputPerS: span > 0 ? this.completions / span : NaN,
      started: w.count,
      waitProb: w.count > 0 ? this.queued / w.count : NaN,
      waitMeanS: w.meanOrNaN,
      waitSdS: w.sd,
      waitMaxS: w.count > 0 ? w.max : NaN,
      waitP50S: h.quantile(0.5),
      waitP90S: h.quantile(0.9),
      waitP95S: h.quantile(0.95),
      waitP99S: h.quantile(0.99),
      sojournMeanS: this.sojourn.meanOrNaN,
      sojournSdS: this.sojourn.sd,
      utilisation: busyMean / this.servers,
      queueLenMean: queueMean,
      inSystemMean: busyMean + queueMean,
    };
  }

  /**
   * Writes the measured figures as scalars `<name>.<metric>` — arrivals, completions,
   * throughput_per_s, wait_prob, wait_mean_s, wait_sd_s, wait_p50_s, wait_p90_s, wait_p95_s,
   * wait_p99_s, wait_max_s, sojourn_mean_s, sojourn_sd_s, utilisation, queue_len_mean,
   * in_system_mean — and the per-window series arrivals, completions, utilisation, queue_len_mean,
   * wait_mean_s (windows from time 0, warm-up included). Call after `sim.run({ until: horizon })`
   * so that the time-averages close at the horizon.
   */
  report(rec: RunRecorder): void {
    const s = this.summary();
    const p = this.name;
    rec.scalar(`${p}.arrivals`, s.arrivals);
    rec.scalar(`${p}.completions`, s.completions);
    rec.scalar(`${p}.throughput_per_s`, s.throughputPerS);
    rec.scalar(`${p}.wait_prob`, s.waitProb);
    rec.scalar(`${p}.wait_mean_s`, s.waitMeanS);
    rec.scalar(`${p}.wait_sd_s`, s.waitSdS);
    rec.scalar(`${p}.wait_p50_s`, s.waitP50S);
    rec.scalar(`${p}.wait_p90_s`, s.waitP90S);
    rec.scalar(`${p}.wait_p95_s`, s.waitP95S);
    rec.scalar(`${p}.wait_p99_s`, s.waitP99S);
    rec.scalar(`${p}.wait_max_s`, s.waitMaxS);
    rec.scalar(`${p}.sojourn_mean_s`, s.sojournMeanS);
    rec.scalar(`${p}.sojourn_sd_s`, s.sojournSdS);
    rec.scalar(`${p}.utilisation`, s.utilisation);
    rec.scalar(`${p}.queue_len_mean`, s.queueLenMean);
    rec.scalar(`${p}.in_system_mean`, s.inSystemMean);

    const now = this.sim.now;
    rec.series(p, 'arrivals', this.winArrivals.counts.slice());
    rec.series(p, 'completions', this.winCompletions.counts.slice());
    const util = this.winBusy.meansInto(now);
    for (let i = 0; i < util.length; i++) util[i] /= this.servers;
    rec.series(p, 'utilisation', util);
    rec.series(p, 'queue_len_mean', this.winQueue.meansInto(now));
    rec.series(p, 'wait_mean_s', this.winWait.meansInto());
  }

  /** Starts `job` (arrived at `arrival`) on `server` at `now`. */
  private begin(server: number, job: number, arrival: number, now: number): void {
    this.srvJob[server] = job;
    this.srvArrival[server] = arrival;
    const w = now - arrival;
    this.wait.add(w);
    this.waitHist.add(w);
    this.winWait.add(now, w);
    this.sim.schedule(this.service.sample(), this.departKind, server);
  }

  private depart(server: number): void {
    const now = this.sim.now;
    const job = this.srvJob[server];
    this.sojourn.add(now - this.srvArrival[server]);
    this.completions++;
    this.completedTotal++;
    this.winCompletions.add(now);
    if (this.qLen > 0) {
      const head = this.qHead;
      const next = this.qJob[head];
      const arrival = this.qArrival[head];
      this.qHead = (head + 1) & this.qMask;
      const len = --this.qLen;
      this.queueAvg.update(now, len);
      this.winQueue.update(now, len);
      this.queued++;
      this.begin(server, next, arrival, now);
    } else {
      this.idle[this.idleTop++] = server;
      const busy = this.servers - this.idleTop;
      this.busyAvg.update(now, busy);
      this.winBusy.update(now, busy);
    }
    if (this.onDone !== undefined) this.onDone(job);
  }

  private growQueue(): void {
    const cap = this.qJob.length;
    const job = new Float64Array(2 * cap);
    const arrival = new Float64Array(2 * cap);
    for (let i = 0; i < this.qLen; i++) {
      const j = (this.qHead + i) & this.qMask;
      job[i] = this.qJob[j];
      arrival[i] = this.qArrival[j];
    }
    this.qJob = job;
    this.qArrival = arrival;
    this.qHead = 0;
    this.qMask = 2 * cap - 1;
  }

  private resetMeasures(): void {
    const now = this.sim.now;
    this.arrivals = 0;
    this.completions = 0;
    this.queued = 0;
    this.wait.reset();
    this.waitHist.reset();
    this.sojourn.reset();
    this.busyAvg.reset(now);
    this.queueAvg.reset(now);
  }
}
