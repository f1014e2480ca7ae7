/**
 * When goals arrive to a cohort. Each of a cohort's n simulated agents (or teams) receives goals
 * at `rate` on average; the merged stream is generated once for the cohort and each goal is
 * handed to a uniformly chosen agent — by the marking theorem, that is the same as n independent
 * per-agent processes of the same kind (for the modulated ones, sharing one modulation: the day,
 * or a burst that hits the whole cohort). Arrivals are open: they do not wait for the fleet, so
 * every design compared in a sweep sees the same goals at the same times.
 *
 * - poisson: rate λ.
 * - diurnal: λ(t) = λ·(1 + A·cos(2π(t − peak)/period)), by thinning (Lewis & Shedler 1979) from
 *   the peak rate λ(1 + A); the mean rate over a period is λ.
 * - bursty: a two-state Markov-modulated Poisson process. Bursts last `burstLength` on average,
 *   take `burstShare` of the time, and arrive `burstFactor` times faster than calm periods;
 *   the calm rate is set so that the long-run mean rate is λ.
 * - trace: the arrival times of a recorded trace (Mooncake or Azure: each request is a goal),
 *   played at recorded speed × `speedup`, or rescaled so the mean rate is λ when a rate is given.
 *   Played in a loop of period P = span · n/(n − 1) (the span plus one mean gap), so the stream
 *   lasts any horizon; without `loop`, goals stop when the trace ends.
 */
import type { UniformSource } from '../kernel/random-streams.js';

/** Arrival process kinds. */
export const GOAL_PROCESSES = ['poisson', 'diurnal', 'bursty', 'trace'] as const;
export type GoalProcess = (typeof GOAL_PROCESSES)[number];

/** Trace formats whose request times can drive goal arrivals. */
export const GOAL_TRACE_FORMATS = ['mooncake', 'azure'] as const;
export type GoalTraceFormat = (typeof GOAL_TRACE_FORMATS)[number];

/** The recorded trace behind `process: trace`. */
export interface GoalTraceSpec {
  readonly format: GoalTraceFormat;
  /** The path as written in the scenario. */
  readonly file: string;
  /** The path resolved against the scenario file (set by the loader); null before. */
  readonly tracePath: string | null;
  /** Use only the first N requests; null = all. */
  readonly limit: number | null;
  /** Play this many times faster than recorded (ignored when a rate is given). */
  readonly speedup: number;
  /** Replay the trace in a loop (true) or stop when it ends. */
  readonly loop: boolean;
}

/** A goal arrival process (per agent; see the file comment). Times in seconds, rates per second. */
export interface GoalArrivalSpec {
  readonly process: GoalProcess;
  /** Mean goals per agent per second; NaN for a trace played at its own speed. */
  readonly rate: number;
  /** diurnal: relative amplitude A in [0, 1]. */
  readonly amplitude: number;
  /** diurnal: time of day (from t = 0) of the peak, s. */
  readonly peak: number;
  /** diurnal: the period (one day), s. */
  readonly period: number;
  /** bursty: rate in a burst / rate when calm, ≥ 1. */
  readonly burstFactor: number;
  /** bursty: long-run share of time in bursts, in (0, 1). */
  readonly burstShare: number;
  /** bursty: mean length of a burst, s. */
  readonly burstLength: number;
  /** trace: the recorded trace; null for the other processes. */
  readonly trace: GoalTraceSpec | null;
}

/** The merged goal stream of `agents` agents: call {@link next} for each arrival time. */
export class GoalArrivals {
  private readonly total: number;
  private readonly peakRate: number;
  // bursty state: current state (1 = burst), when it ends, and the two rates
  private inBurst = false;
  private switchAt = 0;
  private readonly calmRate: number;
  private readonly burstRate: number;
  private readonly meanCalm: number;
  // trace state: recorded times (from 0), their time scale, the loop period and position
  private readonly times: Float64Array;
  private readonly scale: number;
  private readonly period: number;
  private index = 0;
  private loops = 0;

  /**
   * `times`: for `process: trace`, the recorded arrival times, seconds from the first (non-decreasing,
   * at least two); ignored otherwise.
   */
  constructor(private readonly spec: GoalArrivalSpec, agents: number, private readonly u: UniformSource, times: Float64Array = new Float64Array(0)) {
    this.total = spec.rate * agents;
    this.peakRate = this.total * (1 + spec.amplitude);
    const s = spec.burstShare;
    this.calmRate = this.total / (s * spec.burstFactor + 1 - s);
    this.burstRate = this.calmRate * spec.burstFactor;
    this.meanCalm = (spec.burstLength * (1 - s)) / s;
    this.times = times;
    this.period = 0;
    this.scale = 1;
    if (spec.process === 'trace') {
      const n = times.length;
      if (n < 2 || !(times[n - 1] > times[0])) throw new RangeError(`a goal trace needs at least two distinct arrival times, got ${n}`);
      const span = times[n - 1] - times[0];
      this.period = (span * n) / (n - 1);
      // recorded mean rate n / P; a given rate λ for `agents` agents rescales time to make it λ·agents
      this.scale = Number.isFinite(spec.rate) ? n / this.period / this.total : 1 / (spec.trace?.speedup ?? 1);
    }
    if (spec.process === 'bursty') {
      // start in the stationary distribution of the modulating chain
      this.inBurst = this.u() < s;
      this.switchAt = this.exp(this.inBurst ? spec.burstLength : this.meanCalm);
    }
  }

  /** The time of the next goal after `now`; Infinity when a trace played once has ended. */
  next(now: number): number {
    const spec = this.spec;
    switch (spec.process) {
      case 'trace': {
        const times = this.times;
        if (this.index === times.length) {
          if (!spec.trace?.loop) return Infinity;
          this.index = 0;
          this.loops++;
        }
        const t = (this.loops * this.period + times[this.index++] - times[0]) * this.scale;
        return Math.max(now, t);
      }
      case 'poisson':
        return now + this.exp(1 / this.total);
      case 'diurnal': {
        const w = (2 * Math.PI) / spec.period;
        let t = now;
        for (;;) {
          t += this.exp(1 / this.peakRate);
          const rate = this.total * (1 + spec.amplitude * Math.cos(w * (t - spec.peak)));
          if (this.u() * this.peakRate < rate) return t;
        }
      }
      case 'bursty': {
        let t = now;
        for (;;) {
          // memoryless: a draw that overshoots the switch is discarded and redrawn in the new state
          const candidate = t + this.exp(1 / (this.inBurst ? this.burstRate : this.calmRate));
          if (candidate < this.switchAt) return candidate;
          t = this.switchAt;
          this.inBurst = !this.inBurst;
          this.switchAt = t + this.exp(this.inBurst ? spec.burstLength : this.meanCalm);
        }
      }
    }
  }

  private exp(mean: number): number {
    return -mean * Math.log(1 - this.u());
  }
}
