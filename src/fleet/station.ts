import type { Simulation } from '../kernel/simulation.js';
import type { Sampler } from '../kernel/distributions.js';
import type { RunRecorder, WindowGrid } from '../metrics/run-recorder.js';
import { Welford } from '../metrics/welford.js';
import { LogHistogram } from '../metrics/log-histogram.js';
import { TimeWeighted } from '../metrics/time-weighted.js';
import { WindowIncrements } from '../metrics/window-increments.js';
import type { ArrivalTarget } from './open-arrivals.js';

// Channels of the per-window totals.
const ARRIVED = 0, COMPLETED = 1, BUSY_AREA = 2, QUEUE_AREA = 3, WAIT_SUM = 4, STARTED = 5, CHANNELS = 6;

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
  /**
   * Work a job brings of its own, in seconds, added to the sampled service time (e.g. a registry
   * lookup whose cost grows with the registry: the station's own service is then its per-request
   * overhead). Absent: every job takes the sampled service time.
   */
  demand?: (job: number) => number;
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
 * Per-window series (from time 0, warm-up included) are increments of running totals — arrivals,
 * completions, ∫ busy dt, ∫ queue dt, Σ waits, service starts — taken at window boundaries
 * (WindowIncrements); a window's wait_mean_s covers the services that started in it.
 *
 * Hot path: no allocation per customer. The FIFO is a growable ring of (job, arrival time) in
 * typed arrays; each server holds its job and that job's arrival time; idle servers sit on a stack;
 * a departure event's target is the server index, dispatched to a handler registered once; window
 * bookkeeping costs one compare per event.
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
  private readonly demand: ((job: number) => number) | undefined;
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

  // Totals since time 0 for the per-window series (arrivedTotal and completedTotal are public).
  private startedTotal = 0;
  /** Σ waits since time 0. NOTE: a Float64Array, not a number field, which V8 would box. */
  private readonly waitSumTotal = new Float64Array(1);
  private readonly windows: WindowIncrements;
  /** Writes the totals as they stood at `at` (no event since the last one): see WindowIncrements. */
  private readonly sampleTotals: (at: number, out: Float64Array) => void;

  constructor(sim: Simulation, options: StationOptions) {
    const c = options.servers;
    if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`station ${options.name}: servers must be an integer ≥ 1, got ${c}`);
    this.name = options.name;
    this.servers = c;
    this.sim = sim;
    this.service = options.service;
    this.onDone = options.onDone;
    this.demand = options.demand;
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
    this.busyAvg = new TimeWeighted(sim.now);
    this.queueAvg = new TimeWeighted(sim.now);
    this.windows = new WindowIncrements(options.window, CHANNELS);
    this.sampleTotals = (at, out) => {
      out[ARRIVED] = this.arrivedTotal;
      out[COMPLETED] = this.completedTotal;
      out[BUSY_AREA] = this.busyAvg.integral(at);
      out[QUEUE_AREA] = this.queueAvg.integral(at);
      out[WAIT_SUM] = this.waitSumTotal[0];
      out[STARTED] = this.startedTotal;
    };
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
    if (this.windows.due(now)) this.windows.close(now, this.sampleTotals);
    this.arrivedTotal++;
    this.arrivals++;
    if (this.idleTop > 0) {
      const server = this.idle[--this.idleTop];
      this.busyAvg.update(now, this.servers - this.idleTop);
      this.begin(server, job, now, now);
    } else {
      if (this.qLen > this.qMask) this.growQueue();
      const tail = (this.qHead + this.qLen) & this.qMask;
      this.qJob[tail] = job;
      this.qArrival[tail] = now;
      this.queueAvg.update(now, ++this.qLen);
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
    const inc = this.windows.incrementsAt(now, this.sampleTotals);
    const elapsed = this.windows.elapsedAt(now);
    const n = elapsed.length;
    const util = new Float64Array(n), queue = new Float64Array(n), wait = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      util[i] = elapsed[i] > 0 ? inc[BUSY_AREA][i] / (elapsed[i] * this.servers) : NaN;
      queue[i] = elapsed[i] > 0 ? inc[QUEUE_AREA][i] / elapsed[i] : NaN;
      wait[i] = inc[STARTED][i] > 0 ? inc[WAIT_SUM][i] / inc[STARTED][i] : NaN;
    }
    rec.series(p, 'arrivals', inc[ARRIVED]);
    rec.series(p, 'completions', inc[COMPLETED]);
    rec.series(p, 'utilisation', util);
    rec.series(p, 'queue_len_mean', queue);
    rec.series(p, 'wait_mean_s', wait);
  }

  /** Starts `job` (arrived at `arrival`) on `server` at `now`. */
  private begin(server: number, job: number, arrival: number, now: number): void {
    this.srvJob[server] = job;
    this.srvArrival[server] = arrival;
    const w = now - arrival;
    this.wait.add(w);
    this.waitHist.add(w);
    this.waitSumTotal[0] += w;
    this.startedTotal++;
    const service = this.service.sample();
    this.sim.schedule(this.demand === undefined ? service : service + this.demand(job), this.departKind, server);
  }

  private depart(server: number): void {
    const now = this.sim.now;
    if (this.windows.due(now)) this.windows.close(now, this.sampleTotals);
    const job = this.srvJob[server];
    this.sojourn.add(now - this.srvArrival[server]);
    this.completions++;
    this.completedTotal++;
    if (this.qLen > 0) {
      const head = this.qHead;
      const next = this.qJob[head];
      const arrival = this.qArrival[head];
      this.qHead = (head + 1) & this.qMask;
      this.queueAvg.update(now, --this.qLen);
      this.queued++;
      this.begin(server, next, arrival, now);
    } else {
      this.idle[this.idleTop++] = server;
      this.busyAvg.update(now, this.servers - this.idleTop);
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
