import type { Simulation } from '../kernel/simulation.js';
import type { Sampler } from '../kernel/distributions.js';

/** Anything that accepts jobs by integer id at the simulation's current time (a station, a pool). */
export interface ArrivalTarget {
  arrive(job: number): void;
}

/** Options of {@link OpenArrivals}. */
export interface OpenArrivalsOptions {
  /** Names the event kind, for diagnostics. */
  name: string;
  /** Time between consecutive arrivals, seconds (exponential for a Poisson stream). */
  interarrival: Sampler;
  /** Receives each job. */
  target: ArrivalTarget;
  /** Id of the first job; later ones count up by 1. Default 0. */
  firstJob?: number;
  /** Stop after this many jobs. Default: never. */
  limit?: number;
}

/**
 * An open (renewal) arrival source: jobs arrive one interarrival apart, the first one interarrival
 * after `start()`, with ids counting up from `firstJob`. One event is pending at a time and its
 * handler is registered once, so a stream of any length allocates nothing per job.
 */
export class OpenArrivals {
  /** Jobs issued so far. */
  issued = 0;
  private readonly sim: Simulation;
  private readonly interarrival: Sampler;
  private readonly target: ArrivalTarget;
  private readonly firstJob: number;
  private readonly limit: number;
  private readonly kind: number;
  private handle = -1;

  constructor(sim: Simulation, options: OpenArrivalsOptions) {
    const limit = options.limit ?? Infinity;
    if (!(limit >= 0)) throw new RangeError(`${options.name}: limit must be ≥ 0, got ${limit}`);
    this.sim = sim;
    this.interarrival = options.interarrival;
    this.target = options.target;
    this.firstJob = options.firstJob ?? 0;
    this.limit = limit;
    this.kind = sim.register(`${options.name}.arrival`, () => this.fire());
  }

  /** Schedules the first arrival one interarrival from now (scheduling happens here, not in the constructor). */
  start(): void {
    if (this.handle >= 0 && this.sim.isPending(this.handle)) throw new Error('open arrivals: already started');
    if (this.issued < this.limit) this.handle = this.sim.schedule(this.interarrival.sample(), this.kind, 0);
  }

  /** Cancels the pending arrival; `start()` resumes the stream later with the next id. */
  stop(): void {
    if (this.handle >= 0) this.sim.cancel(this.handle);
    this.handle = -1;
  }

  private fire(): void {
    const job = this.firstJob + this.issued++;
    // Schedule the next arrival before handing the job over, so a target that stops the source
    // from inside `arrive` cancels the right event.
    this.handle = this.issued < this.limit ? this.sim.schedule(this.interarrival.sample(), this.kind, 0) : -1;
    this.target.arrive(job);
  }
}
