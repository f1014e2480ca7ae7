import { CalendarQueue } from './calendar-queue.js';
import { EventQueue } from './event-queue.js';

/**
 * The discrete-event clock and dispatcher. All state of one run hangs off one `Simulation`; nothing
 * is module-level, because worker threads run many jobs one after another.
 *
 * Handlers are registered once (`register`) and get an integer kind; events carry (kind, target),
 * so scheduling allocates no closure. Events at equal times fire in the order they were scheduled.
 */

/** A handler receives the integer target its event was scheduled with. */
export type EventHandler = (target: number) => void;

/** How a `run` ended. */
export type StopReason = 'until' | 'maxEvents' | 'empty' | 'stopped';

/** Options of {@link Simulation.run}. */
export interface RunOptions {
  /** Process events with time ≤ until, then set the clock to `until` (default: Infinity). */
  until?: number;
  /** Stop after this many events (default: unlimited). */
  maxEvents?: number;
}

/** What {@link Simulation.run} did. */
export interface RunOutcome {
  events: number;
  reason: StopReason;
}

/** Options of the {@link Simulation} constructor. */
export interface SimulationOptions {
  /** Metrics count only from this time on (seconds). Default 0. */
  warmup?: number;
  /** Initial capacity of the event queue (it grows as needed). */
  initialCapacity?: number;
  /** Pending-event set: the `CalendarQueue` (default) or the 4-ary heap `EventQueue`; both fire in the same (time, seq) order. */
  eventSet?: 'heap' | 'calendar';
}

export class Simulation {
  /** Current simulated time, seconds. */
  now = 0;
  /** Metrics count from this time on. */
  readonly warmup: number;
  /** Events dispatched so far (over all `run` calls). */
  eventCount = 0;

  private readonly queue: EventQueue | CalendarQueue;
  private handlers: EventHandler[] = [];
  private handlerNames: string[] = [];
  private warmupListeners: (() => void)[] = [];
  private warmupDone: boolean;
  private stopRequested = false;
  private readonly warmupKind: number;

  constructor(options: SimulationOptions = {}) {
    const warmup = options.warmup ?? 0;
    if (!(warmup >= 0) || !Number.isFinite(warmup)) throw new RangeError(`warmup must be a finite number ≥ 0, got ${warmup}`);
    this.warmup = warmup;
    const capacity = options.initialCapacity ?? 1024;
    // NOTE: the calendar queue is the default: ~2× the heap's events/s in bench/event-sets.ts at N ≥ 1e3
    this.queue = options.eventSet === 'heap' ? new EventQueue(capacity) : new CalendarQueue(capacity);
    this.warmupDone = warmup === 0;
    this.warmupKind = this.register('kernel.warmup', () => this.endWarmup());
    if (!this.warmupDone) this.queue.push(warmup, this.warmupKind, 0);
  }

  /** True once the warm-up period is over: metrics recorded now count. */
  get measuring(): boolean {
    return this.warmupDone;
  }

  /** Registers a handler; returns the integer kind to schedule it with. `name` is for diagnostics. */
  register(name: string, handler: EventHandler): number {
    this.handlers.push(handler);
    this.handlerNames.push(name);
    return this.handlers.length - 1;
  }

  /** Name a handler was registered under. */
  kindName(kind: number): string {
    return this.handlerNames[kind] ?? `kind ${kind}`;
  }

  /** Calls `listener` once when warm-up ends (metrics reset their accumulators there). */
  onWarmupEnd(listener: () => void): void {
    this.warmupListeners.push(listener);
  }

  /** Schedules `kind` for `target` after `delay` ≥ 0 seconds; returns a handle for `cancel`. */
  schedule(delay: number, kind: number, target: number): number {
    if (!(delay >= 0)) throw new RangeError(`schedule: delay must be ≥ 0, got ${delay} (${this.kindName(kind)})`);
    return this.queue.push(this.now + delay, kind, target);
  }

  /** Schedules `kind` for `target` at absolute `time` ≥ now; returns a handle. */
  scheduleAt(time: number, kind: number, target: number): number {
    if (!(time >= this.now)) throw new RangeError(`scheduleAt: time ${time} is before now (${this.now}) (${this.kindName(kind)})`);
    return this.queue.push(time, kind, target);
  }

  /** Cancels a pending event; false when it already fired or was cancelled. */
  cancel(handle: number): boolean {
    return this.queue.cancel(handle);
  }

  /** True while the event named by `handle` is pending. */
  isPending(handle: number): boolean {
    return this.queue.isPending(handle);
  }

  /** Events pending (including cancelled ones not yet discarded). */
  get pending(): number {
    return this.queue.size;
  }

  /** Asks `run` to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Runs events in (time, seq) order until a stop condition holds. */
  run(options: RunOptions = {}): RunOutcome {
    const until = options.until ?? Infinity;
    const maxEvents = options.maxEvents ?? Infinity;
    if (!(until >= this.now)) throw new RangeError(`run: until (${until}) is before now (${this.now})`);
    const q = this.queue;
    const handlers = this.handlers;
    this.stopRequested = false;
    let events = 0;
    let reason: StopReason = 'empty';
    try {
      for (;;) {
        if (events >= maxEvents) {
          reason = 'maxEvents';
          break;
        }
        const t = q.peekTime();
        if (t > until || t === Infinity) {
          reason = until === Infinity ? 'empty' : 'until';
          if (until !== Infinity) this.now = until;
          break;
        }
        q.takePeeked();
        this.now = t;
        events++;
        handlers[q.lastKind](q.lastTarget);
        if (this.stopRequested) {
          reason = 'stopped';
          break;
        }
      }
    } finally {
      // the taken root is removed here unless the handler's first schedule reused its place
      q.closeTop();
    }
    this.eventCount += events;
    return { events, reason };
  }

  private endWarmup(): void {
    this.warmupDone = true;
    for (const l of this.warmupListeners) l();
  }
}
