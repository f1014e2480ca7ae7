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
 */
import type { UniformSource } from '../kernel/random-streams.js';

/** Arrival process kinds. */
export const GOAL_PROCESSES = ['poisson', 'diurnal', 'bursty'] as const;
export type GoalProcess = (typeof GOAL_PROCESSES)[number];

/** A goal arrival process (per agent; see the file comment). Times in seconds, rates per second. */
export interface GoalArrivalSpec {
  readonly process: GoalProcess;
  /** Mean goals per agent per second. */
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

  constructor(private readonly spec: GoalArrivalSpec, agents: number, private readonly u: UniformSource) {
    this.total = spec.rate * agents;
    this.peakRate = this.total * (1 + spec.amplitude);
    const s = spec.burstShare;
    this.calmRate = this.total / (s * spec.burstFactor + 1 - s);
    this.burstRate = this.calmRate * spec.burstFactor;
    this.meanCalm = (spec.burstLength * (1 - s)) / s;
    if (spec.process === 'bursty') {
      // start in the stationary distribution of the modulating chain
      this.inBurst = this.u() < s;
      this.switchAt = this.exp(this.inBurst ? spec.burstLength : this.meanCalm);
    }
  }

  /** The time of the next goal after `now`. */
  next(now: number): number {
    const spec = this.spec;
    switch (spec.process) {
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
