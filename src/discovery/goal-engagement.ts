/**
 * What a cohort's goal does between its plan and its subtasks when the cohort uses a registry
 * (`discovery:`) and/or audits its transactions (`audit:`): it engages a provider.
 *
 *   plan → [lookup: a job on the registry's station, service = lookup cost + the station's own
 *   overhead; static wiring: none] → [identity check: a job on the verification station, or a
 *   local delay of `check` with no shared queue] → audit record appended → subtasks.
 *
 * A misrouted engagement (stale version, or a search that missed the best provider) costs the
 * goal its first subtask attempt: the model call and tool call are made, and their result is
 * discarded. The failure names the provider's current version (or the next candidate of the
 * search), so the goal re-engages — a new transaction: identity check and audit record again, no
 * second lookup — and repeats the attempt with the same draws (so under common random numbers it
 * faces the same luck it would have had), outside its retry budget.
 *
 * The cohort calls in at three points ({@link beforeSubtasks}, {@link misrouted} + {@link reengage},
 * {@link goalFinished}); the engagement calls back through {@link EngagementHost}. State is typed
 * arrays over teams; nothing is allocated per goal.
 */
import type { Simulation } from '../kernel/simulation.js';
import type { ArrivalTarget } from '../fleet/open-arrivals.js';
import { KeyedUniform } from '../agents/keyed-uniform.js';
import { LogHistogram } from '../metrics/log-histogram.js';
import { Welford } from '../metrics/welford.js';
import type { AuditSpec } from '../scenario/discovery-schema.js';
import { CHECK_JOB, LOOKUP_JOB, engagementJobId } from './engagement-jobs.js';
import { MISSED, Registry, ROUTED, STALE } from './registry.js';

/** What the cohort offers the engagement. */
export interface EngagementHost {
  /** The provider is engaged: the goal of `team` starts its subtasks. */
  startSubtasks(team: number): void;
  /** Re-engaged after a misroute: the goal of `team` repeats its first subtask attempt. */
  retryMisrouted(team: number): void;
}

/** Options of {@link GoalEngagement}. */
export interface GoalEngagementOptions {
  /** Index among the run's engagements (job ids). */
  index: number;
  /** The cohort's name (event names). */
  name: string;
  teams: number;
  /** Real agents per simulated agent (population scaling). */
  cells: number;
  registry: Registry | null;
  /** Station the lookups run on (null for static wiring or no registry). */
  lookupStation: ArrivalTarget | null;
  audit: AuditSpec | null;
  /** Shared verification station; null = local checks. */
  checkStation: ArrivalTarget | null;
  /** Base seed of the goals' lookup draws. */
  seed: number;
}

const FIRST = 0, AGAIN = 1;

/** See the file comment. */
export class GoalEngagement {
  readonly o: GoalEngagementOptions;
  private host: EngagementHost | null = null;
  private readonly sim: Simulation;
  private readonly draws: KeyedUniform;
  private readonly kChecked: number;

  // per team
  private readonly tStart: Float64Array;
  private readonly tLookupS: Float64Array;
  private readonly tCheckS: Float64Array;
  private readonly tMisroute: Uint8Array;
  private readonly tPhase: Uint8Array;
  /** The current goal's provider: its popularity rank (1 = most popular; 0 = no lookup yet). */
  private readonly tRank: Float64Array;
  /** The current goal engaged a stale or wrong provider (kept after it found out, for its goal row). */
  private readonly tMisrouted: Uint8Array;

  // measured (after warm-up)
  lookups = 0;
  stale = 0;
  missed = 0;
  hottest = 0;
  top1pct = 0;
  checks = 0;
  reengaged = 0;
  goals = 0;
  goalLatencyS = 0;
  goalLookupS = 0;
  goalCheckS = 0;
  readonly lookupLatency = new LogHistogram();
  readonly lookupLatencyW = new Welford();
  readonly checkLatencyW = new Welford();

  constructor(sim: Simulation, options: GoalEngagementOptions) {
    this.sim = sim;
    this.o = options;
    const n = options.teams;
    this.draws = new KeyedUniform(options.seed);
    this.tStart = new Float64Array(n);
    this.tLookupS = new Float64Array(n);
    this.tCheckS = new Float64Array(n);
    this.tMisroute = new Uint8Array(n);
    this.tPhase = new Uint8Array(n);
    this.tRank = new Float64Array(n);
    this.tMisrouted = new Uint8Array(n);
    this.kChecked = sim.register(`${options.name}.identity-check`, (team) => this.checked(team));
    sim.onWarmupEnd(() => this.resetMeasured());
  }

  /** Connects the cohort (built before its engagement). */
  attach(host: EngagementHost): void {
    this.host = host;
  }

  /** Service demand (CPU seconds) of a station job of `kind`. */
  demand(kind: number): number {
    if (kind === LOOKUP_JOB) return this.o.registry!.lookupSeconds;
    return this.o.audit!.check;
  }

  /** A station finished a job of `kind` for `team`. */
  onStationDone(kind: number, team: number): void {
    if (kind === LOOKUP_JOB) this.looked(team);
    else this.checked(team);
  }

  /**
   * The goal of `team` has its plan: engage a provider, then start the subtasks. The provider draws
   * are keyed by the goal's arrival ordinal, so every design compared in a sweep engages the same
   * providers for the same goals, whatever happened to earlier goals.
   */
  beforeSubtasks(team: number, ordinal: number): void {
    const reg = this.o.registry;
    if (reg === null) return this.check(team, FIRST);
    const d = this.draws;
    d.reseed(ordinal);
    const rank = reg.resolve(this.sim.now, d.next(), d.next());
    const outcome = reg.outcome;
    this.tMisroute[team] = outcome === ROUTED ? 0 : 1;
    this.tMisrouted[team] = this.tMisroute[team];
    this.tRank[team] = rank;
    if (this.sim.measuring) {
      this.lookups++;
      if (outcome === STALE) this.stale++;
      else if (outcome === MISSED) this.missed++;
      if (rank === 1) this.hottest++;
      if (rank <= reg.top1pct) this.top1pct++;
    }
    if (this.o.lookupStation === null) return this.check(team, FIRST);
    this.tStart[team] = this.sim.now;
    this.o.lookupStation.arrive(engagementJobId(this.o.index, LOOKUP_JOB, team));
  }

  /** Whether the goal of `team` engaged a stale or wrong provider and has not yet found out; finding out clears it. */
  misrouted(team: number): boolean {
    if (this.tMisroute[team] === 0) return false;
    this.tMisroute[team] = 0;
    return true;
  }

  /** After a misroute: engage the right provider (a new transaction), then repeat the attempt. */
  reengage(team: number): void {
    if (this.sim.measuring) this.reengaged++;
    this.check(team, AGAIN);
  }

  /** The provider rank of the goal of `team` (1 = most popular; 0 = it made no lookup). */
  providerRank(team: number): number {
    return this.tRank[team];
  }

  /** Whether the goal of `team` engaged a stale or wrong provider. */
  wasMisrouted(team: number): boolean {
    return this.tMisrouted[team] === 1;
  }

  /** Seconds the goal of `team` has spent in lookups and identity checks. */
  discoverySeconds(team: number): number {
    return this.tLookupS[team] + this.tCheckS[team];
  }

  /** The goal of `team` ended after `latency` seconds (call after reading its figures above). */
  goalFinished(team: number, latency: number): void {
    if (this.sim.measuring) {
      this.goals++;
      this.goalLatencyS += latency;
      this.goalLookupS += this.tLookupS[team];
      this.goalCheckS += this.tCheckS[team];
    }
    this.tLookupS[team] = 0;
    this.tCheckS[team] = 0;
    this.tMisroute[team] = 0;
    this.tMisrouted[team] = 0;
    this.tRank[team] = 0;
  }

  private looked(team: number): void {
    const latency = this.sim.now - this.tStart[team];
    this.tLookupS[team] += latency;
    if (this.sim.measuring) {
      this.lookupLatency.add(latency);
      this.lookupLatencyW.add(latency);
    }
    this.check(team, FIRST);
  }

  /** Identity check of the counterparty (phase FIRST or AGAIN), when the cohort audits. */
  private check(team: number, phase: number): void {
    const audit = this.o.audit;
    if (audit === null) return this.proceed(team, phase);
    this.tPhase[team] = phase;
    this.tStart[team] = this.sim.now;
    if (this.o.checkStation !== null) this.o.checkStation.arrive(engagementJobId(this.o.index, CHECK_JOB, team));
    else this.sim.schedule(audit.check, this.kChecked, team);
  }

  private checked(team: number): void {
    const latency = this.sim.now - this.tStart[team];
    this.tCheckS[team] += latency;
    if (this.sim.measuring) {
      this.checks++;
      this.checkLatencyW.add(latency);
    }
    // the audit record is appended (buffered: off the goal's path)
    this.proceed(team, this.tPhase[team]);
  }

  private proceed(team: number, phase: number): void {
    if (phase === FIRST) this.host!.startSubtasks(team);
    else this.host!.retryMisrouted(team);
  }

  private resetMeasured(): void {
    this.lookups = this.stale = this.missed = this.hottest = this.top1pct = this.checks = this.reengaged = this.goals = 0;
    this.goalLatencyS = this.goalLookupS = this.goalCheckS = 0;
    this.lookupLatency.reset();
    this.lookupLatencyW.reset();
    this.checkLatencyW.reset();
  }
}
