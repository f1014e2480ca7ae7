import { describe, expect, it } from 'vitest';
import { CalendarQueue } from '../../src/kernel/calendar-queue.js';
import { EventQueue } from '../../src/kernel/event-queue.js';
import { RandomStreams, type UniformSource } from '../../src/kernel/random-streams.js';
import { Simulation } from '../../src/kernel/simulation.js';

type Queue = EventQueue | CalendarQueue;
type Make = (initialCapacity?: number, maxSeq?: number) => Queue;

const QUEUES: [string, Make][] = [
  ['EventQueue', (c, m) => new EventQueue(c, m)],
  ['CalendarQueue', (c, m) => new CalendarQueue(c, m)],
];

/** Pops everything, returning [time, kind, target] triples. */
function drain(q: Queue): [number, number, number][] {
  const out: [number, number, number][] = [];
  while (q.popInto()) out.push([q.lastTime, q.lastKind, q.lastTarget]);
  return out;
}

const exp = (u: UniformSource, mean: number): number => -mean * Math.log(1 - u());

// The heap's own tests (event-queue.test.ts and event-queue-take.test.ts), run on both queues.
describe.each(QUEUES)('%s: the event-queue reference tests', (_name, make) => {
  it('pops in time order', () => {
    const q = make();
    for (const t of [5, 1, 4, 2, 3]) q.push(t, 0, t * 10);
    expect(drain(q).map((e) => e[0])).toEqual([1, 2, 3, 4, 5]);
  });

  it('pops simultaneous events in the order they were pushed', () => {
    const q = make();
    for (let i = 0; i < 50; i++) q.push(i % 2 === 0 ? 1 : 2, 0, i);
    const targets = drain(q).map((e) => e[2]);
    const evens = Array.from({ length: 25 }, (_, k) => 2 * k);
    const odds = Array.from({ length: 25 }, (_, k) => 2 * k + 1);
    expect(targets).toEqual([...evens, ...odds]);
  });

  it('carries kind and target through to the pop', () => {
    const q = make();
    q.push(2, 7, 42);
    q.push(1, 3, -5);
    expect(drain(q)).toEqual([[1, 3, -5], [2, 7, 42]]);
  });

  it('cancel removes a pending event and reports whether it did', () => {
    const q = make();
    const a = q.push(1, 0, 1);
    const b = q.push(2, 0, 2);
    q.push(3, 0, 3);
    expect(q.isPending(b)).toBe(true);
    expect(q.cancel(b)).toBe(true);
    expect(q.isPending(b)).toBe(false);
    expect(q.cancel(b)).toBe(false);
    expect(drain(q).map((e) => e[2])).toEqual([1, 3]);
    expect(q.cancel(a)).toBe(false);
  });

  it('a stale handle cancels nothing after its slot is reused', () => {
    const q = make(16);
    const old = q.push(1, 0, 1);
    expect(q.popInto()).toBe(true);
    const fresh = q.push(2, 0, 2);
    expect(fresh % (1 << 24)).toBe(old % (1 << 24));
    expect(q.cancel(old)).toBe(false);
    expect(q.isPending(old)).toBe(false);
    expect(q.isPending(fresh)).toBe(true);
    expect(drain(q).map((e) => e[2])).toEqual([2]);
  });

  it('peekTime skips cancelled events at the top', () => {
    const q = make();
    const a = q.push(1, 0, 1);
    q.push(2, 0, 2);
    q.cancel(a);
    expect(q.peekTime()).toBe(2);
    q.popInto();
    expect(q.peekTime()).toBe(Infinity);
    expect(q.popInto()).toBe(false);
  });

  it('grows past its initial capacity and keeps order', () => {
    const q = make(16);
    const n = 10_000;
    for (let i = 0; i < n; i++) q.push((i * 7919) % n, 0, i);
    expect(q.size).toBe(n);
    const times = drain(q).map((e) => e[0]);
    expect(times).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('clear drops every event and leaves old handles stale', () => {
    const q = make(16);
    const hs = [q.push(1, 0, 0), q.push(2, 0, 1)];
    q.clear();
    expect(q.size).toBe(0);
    expect(hs.map((h) => q.cancel(h))).toEqual([false, false]);
    q.push(3, 0, 9);
    expect(drain(q)).toEqual([[3, 0, 9]]);
  });

  it('matches a sorted reference under random pushes, pops and cancels (seed 11)', () => {
    const u = new RandomStreams(11, 0).uniform('event-queue-test');
    const q = make(16);
    const live = new Map<number, [number, number, number]>();
    let seq = 0;
    let now = 0;
    const popped: number[] = [];
    const expected: number[] = [];
    for (let step = 0; step < 20_000; step++) {
      const r = u();
      if (r < 0.55 || live.size === 0) {
        const t = now + Math.floor(u() * 20) / 4;
        const h = q.push(t, 0, step);
        live.set(h, [t, seq++, step]);
      } else if (r < 0.65) {
        const handles = [...live.keys()];
        const h = handles[Math.floor(u() * handles.length)];
        expect(q.cancel(h)).toBe(true);
        live.delete(h);
      } else {
        let best: number | undefined;
        for (const [h, e] of live) {
          const b = best === undefined ? undefined : live.get(best)!;
          if (b === undefined || e[0] < b[0] || (e[0] === b[0] && e[1] < b[1])) best = h;
        }
        const e = live.get(best!)!;
        live.delete(best!);
        expected.push(e[2]);
        expect(q.popInto()).toBe(true);
        popped.push(q.lastTarget);
        now = q.lastTime;
        expect(now).toBe(e[0]);
      }
    }
    const rest = [...live.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((e) => e[2]);
    expected.push(...rest);
    popped.push(...drain(q).map((e) => e[2]));
    expect(popped).toEqual(expected);
  });

  it.each([
    ['default sequence space', undefined],
    ['renumbering every 64 pushes', 64],
  ])('matches a sorted reference when handlers schedule during dispatch (%s)', (_label, maxSeq) => {
    const u = new RandomStreams(5, 0).uniform('take-test');
    const q = make(16, maxSeq ?? 2 ** 52);
    const live = new Map<number, [number, number, number]>();
    let seq = 0;
    let now = 0;
    const push = (t: number, target: number) => live.set(q.push(t, 0, target), [t, seq++, target]);
    for (let i = 0; i < 50; i++) push(Math.floor(u() * 10) / 2, i);
    for (let step = 0; step < 20_000; step++) {
      let best: number | undefined;
      for (const [h, e] of live) {
        const b = best === undefined ? undefined : live.get(best)!;
        if (b === undefined || e[0] < b[0] || (e[0] === b[0] && e[1] < b[1])) best = h;
      }
      if (best === undefined) break;
      const e = live.get(best)!;
      live.delete(best);
      expect(q.takeTop()).toBe(true);
      expect([q.lastTime, q.lastTarget]).toEqual([e[0], e[2]]);
      now = q.lastTime;
      expect(q.size).toBeGreaterThanOrEqual(live.size);
      const k = Math.floor(u() * 3);
      for (let j = 0; j < k; j++) push(now + Math.floor(u() * 8) / 2, 100_000 + step * 3 + j);
      if (u() < 0.1 && live.size > 0) {
        const h = [...live.keys()][Math.floor(u() * live.size)];
        expect(q.cancel(h)).toBe(true);
        live.delete(h);
      }
      q.closeTop();
      expect(q.size).toBeGreaterThanOrEqual(live.size);
    }
  });

  it('a handle of the taken event is no longer pending, and cancelling it does nothing', () => {
    const q = make();
    const h = q.push(1, 0, 7);
    q.push(2, 0, 8);
    q.takeTop();
    expect(q.isPending(h)).toBe(false);
    expect(q.cancel(h)).toBe(false);
    q.closeTop();
    expect(q.popInto()).toBe(true);
    expect(q.lastTarget).toBe(8);
  });
});

/**
 * Drives an `EventQueue` and a `CalendarQueue` with the same operations and checks that every
 * observable — handles, results, lastTime/Kind/Target, size — is identical at every step. The
 * heap is checked against a sorted reference above, so this checks the calendar's exact order.
 * Comparisons go through `expect` only on a mismatch, to keep 1e5-step runs fast.
 */
class Lockstep {
  readonly heap: EventQueue;
  readonly cal: CalendarQueue;
  /** Recent handles, for cancels. */
  readonly recent: number[] = [];
  taken = 0;

  constructor(initialCapacity = 16, maxSeq = 2 ** 52) {
    this.heap = new EventQueue(initialCapacity, maxSeq);
    this.cal = new CalendarQueue(initialCapacity, maxSeq);
  }

  private same(a: unknown, b: unknown, what: string): void {
    if (a !== b) expect(b, `${what} after ${this.taken} takes`).toBe(a);
  }

  push(time: number, target: number): number {
    const h = this.heap.push(time, target & 7, target);
    this.same(h, this.cal.push(time, target & 7, target), `handle of push(${time})`);
    this.same(this.heap.size, this.cal.size, 'size');
    if (this.recent.length < 64) this.recent.push(h);
    else this.recent[h % 64] = h;
    return h;
  }

  /** takeTop on both; returns the time taken, or undefined when empty. */
  take(): number | undefined {
    const ok = this.heap.takeTop();
    this.same(ok, this.cal.takeTop(), 'takeTop');
    this.same(this.heap.size, this.cal.size, 'size');
    if (!ok) return undefined;
    this.taken++;
    this.same(this.heap.lastTime, this.cal.lastTime, 'lastTime');
    this.same(this.heap.lastKind, this.cal.lastKind, 'lastKind');
    this.same(this.heap.lastTarget, this.cal.lastTarget, 'lastTarget');
    return this.heap.lastTime;
  }

  close(): void {
    this.heap.closeTop();
    this.cal.closeTop();
    this.same(this.heap.size, this.cal.size, 'size after closeTop');
  }

  peek(): number {
    const t = this.heap.peekTime();
    this.same(t, this.cal.peekTime(), 'peekTime');
    return t;
  }

  cancelRecent(u: UniformSource): void {
    if (this.recent.length === 0) return;
    const h = this.recent[Math.floor(u() * this.recent.length)];
    this.same(this.heap.isPending(h), this.cal.isPending(h), 'isPending');
    this.same(this.heap.cancel(h), this.cal.cancel(h), 'cancel');
  }

  /** Pops both queues empty, comparing each event. */
  drain(): void {
    while (this.take() !== undefined) this.close();
    this.close();
  }
}

/**
 * The hold model in lockstep: take the earliest event, push its successor at now + delay(target)
 * while it is taken (as a handler does), sometimes cancel a recent event, close.
 */
function hold(ls: Lockstep, u: UniformSource, steps: number, delay: (target: number, now: number) => number, cancelRate = 0.02): void {
  for (let step = 0; step < steps; step++) {
    const now = ls.take();
    if (now === undefined) break;
    const target = ls.heap.lastTarget;
    ls.push(now + delay(target, now), target);
    if (u() < cancelRate) ls.cancelRecent(u);
    ls.close();
    if (step % 97 === 0) ls.peek();
  }
}

describe('CalendarQueue matches EventQueue step by step', () => {
  it('in the hold model with Exp(1) increments, N = 1000 and N = 20000 (seed 1)', () => {
    for (const n of [1000, 20_000]) {
      const u = new RandomStreams(1, 0).uniform(`hold-${n}`);
      const ls = new Lockstep();
      for (let i = 0; i < n; i++) ls.push(exp(u, 1), i);
      hold(ls, u, 60_000, () => exp(u, 1));
      ls.drain();
    }
  });

  it('with many exact ties: whole-second times, zero delays and same-time bursts (seed 2)', () => {
    const u = new RandomStreams(2, 0).uniform('ties');
    const ls = new Lockstep();
    for (let i = 0; i < 3000; i++) ls.push(Math.floor(u() * 3), i);
    hold(ls, u, 40_000, (target, now) => {
      if (target % 50 === 0 && u() < 0.05) for (let j = 0; j < 500; j++) ls.push(now + 1, 100_000 + j);
      return u() < 0.3 ? 0 : Math.floor(u() * 4);
    });
    ls.drain();
  });

  it('with far-future events: a warm-up, a horizon, huge and infinite times (seed 3)', () => {
    const u = new RandomStreams(3, 0).uniform('far');
    const ls = new Lockstep();
    ls.push(3600, 1); // warm-up
    ls.push(1e9, 2); // horizon
    ls.push(1e300, 3);
    ls.push(Infinity, 4);
    ls.push(Infinity, 5);
    for (let i = 8; i < 2008; i++) ls.push(exp(u, 1), i);
    hold(ls, u, 50_000, (target) => (target < 8 ? 1e6 : u() < 0.001 ? 1e5 * u() : exp(u, 1)));
    for (let i = 0; i < 100; i++) ls.cancelRecent(u);
    // past the warm-up, the horizon and 1e300; events at Infinity stay (peekTime is Infinity)
    ls.drain();
    expect(ls.peek()).toBe(Infinity);
  });

  it('with bursts of thousands of events within nanoseconds (seed 4)', () => {
    const u = new RandomStreams(4, 0).uniform('bursts');
    const ls = new Lockstep();
    for (let i = 0; i < 1000; i++) ls.push(exp(u, 1), i);
    let burst = 0;
    hold(ls, u, 60_000, (_target, now) => {
      if (++burst % 5000 === 0) for (let j = 0; j < 3000; j++) ls.push(now + j * 1e-9, 10_000 + j);
      return exp(u, 1);
    });
    ls.drain();
  });

  it('with 1e-5 s steps alongside 1e3 s timers (seed 5)', () => {
    const u = new RandomStreams(5, 0).uniform('scales');
    const ls = new Lockstep();
    for (let i = 0; i < 4000; i++) ls.push(exp(u, i % 2 === 0 ? 1e-5 : 1e3), i);
    hold(ls, u, 80_000, (target) => exp(u, target % 2 === 0 ? 1e-5 : 1e3));
    ls.drain();
  });

  it('with a heavy-tailed (Pareto α = 1.1) increment (seed 6)', () => {
    const u = new RandomStreams(6, 0).uniform('pareto');
    const ls = new Lockstep();
    const pareto = () => 0.1 * (1 - u()) ** (-1 / 1.1);
    for (let i = 0; i < 5000; i++) ls.push(pareto(), i);
    hold(ls, u, 60_000, pareto);
    ls.drain();
  });

  it('with a cluster of simultaneous timers ahead of fast traffic (seed 7)', () => {
    const u = new RandomStreams(7, 0).uniform('cluster');
    const ls = new Lockstep();
    for (let i = 0; i < 5000; i++) ls.push(50, 10_000 + i);
    for (let i = 0; i < 100; i++) ls.push(exp(u, 0.01), i);
    hold(ls, u, 30_000, (target) => (target >= 10_000 ? exp(u, 100) : exp(u, 0.01)));
    ls.drain();
  });

  it('with pushes earlier than the last pop: decreasing, negative and −Infinity times (seed 8)', () => {
    const u = new RandomStreams(8, 0).uniform('rewind');
    const ls = new Lockstep();
    for (let i = 2000; i > 0; i--) ls.push(i * 0.5, i);
    for (let step = 0; step < 20_000; step++) {
      const r = u();
      if (r < 0.5) ls.push((u() - 0.3) * 2000, step);
      else if (r < 0.52) ls.push(-1e6 * u(), step);
      else if (r < 0.521) ls.push(-Infinity, step);
      else if (r < 0.53) ls.cancelRecent(u);
      else {
        ls.take();
        ls.close();
      }
    }
    ls.drain();
  });

  it('when most events are cancelled before they fire (seed 9)', () => {
    const u = new RandomStreams(9, 0).uniform('cancel');
    const ls = new Lockstep();
    for (let i = 0; i < 5000; i++) ls.push(exp(u, 1), i);
    hold(ls, u, 40_000, () => exp(u, 1), 0.9);
    ls.drain();
  });

  it('with sequence renumbering every 256 pushes (seed 10)', () => {
    const u = new RandomStreams(10, 0).uniform('renumber');
    const ls = new Lockstep(16, 256);
    for (let i = 0; i < 200; i++) ls.push(Math.floor(u() * 10), i);
    hold(ls, u, 20_000, () => Math.floor(u() * 5) * 0.5);
    ls.drain();
  });

  it('across clear() (handles then differ; order must not)', () => {
    const u = new RandomStreams(12, 0).uniform('clear');
    const h = new EventQueue(16), c = new CalendarQueue(16);
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 3000; i++) {
        const t = round * 100 + exp(u, 10);
        h.push(t, 0, i);
        c.push(t, 0, i);
      }
      for (let i = 0; i < 1000; i++) expect([c.popInto(), c.lastTarget]).toEqual([h.popInto(), h.lastTarget]);
      h.clear();
      c.clear();
      expect(c.size).toBe(0);
      expect(c.peekTime()).toBe(Infinity);
    }
  });
});

describe('CalendarQueue resizing', () => {
  it('doubles its buckets when the size passes nb and halves them below nb/4, keeping order', () => {
    const u = new RandomStreams(13, 0).uniform('resize');
    const ls = new Lockstep();
    const q = ls.cal;
    const takeOne = () => {
      ls.take();
      ls.close();
    };
    expect(q.bucketCount).toBe(16);
    for (let i = 0; i < 16; i++) ls.push(exp(u, 1), i);
    expect(q.bucketCount).toBe(16);
    ls.push(exp(u, 1), 16);
    expect(q.bucketCount).toBe(32);
    for (let i = 17; i < 32; i++) ls.push(exp(u, 1), i);
    expect(q.bucketCount).toBe(32);
    ls.push(exp(u, 1), 32);
    expect(q.bucketCount).toBe(64);
    // 33 pending, 64 buckets: halves when a take leaves fewer than 16, then fewer than 8
    while (q.size > 16) takeOne();
    expect(q.bucketCount).toBe(64);
    takeOne();
    expect(q.size).toBe(15);
    expect(q.bucketCount).toBe(32);
    while (q.size > 8) takeOne();
    expect(q.bucketCount).toBe(32);
    takeOne();
    expect(q.bucketCount).toBe(16);
    while (q.size > 0) takeOne();
    expect(q.bucketCount).toBe(16);
    // and again from empty, with pushes during dispatch
    for (let i = 0; i < 100; i++) ls.push(exp(u, 1), i);
    expect(q.bucketCount).toBe(128);
    ls.drain();
  });

  it('oscillating around a threshold neither loses order nor rebuilds on every operation', () => {
    const u = new RandomStreams(14, 0).uniform('oscillate');
    const ls = new Lockstep();
    for (let i = 0; i < 1024; i++) ls.push(exp(u, 1), i);
    expect(ls.cal.bucketCount).toBe(1024);
    const before = ls.cal.rebuildCount;
    for (let step = 0; step < 20_000; step++) {
      if (step % 2 === 0) ls.push((ls.heap.lastTime || 0) + exp(u, 1), step);
      else {
        ls.take();
        ls.close();
      }
    }
    expect(ls.cal.rebuildCount - before).toBeLessThan(5);
    ls.drain();
  });

  it('sets the day width to 4 × the mean gap at the head (Brown, with a longer year)', () => {
    const q = new CalendarQueue();
    // evenly spaced by 0.01: a width of 0.04
    for (let i = 0; i < 10_000; i++) q.push(i * 0.01, 0, i);
    expect(q.dayWidth).toBeCloseTo(0.04, 6);
    expect(q.bucketCount).toBe(16_384);
  });
});

describe('CalendarQueue worst cases', () => {
  it('a horizon and a warm-up event wait in the overflow and leave the day width alone', () => {
    const u = new RandomStreams(20, 0).uniform('horizon');
    const q = new CalendarQueue();
    q.push(3600, 0, -1);
    q.push(1e9, 0, -2);
    for (let i = 0; i < 10_000; i++) q.push(exp(u, 1), 0, i);
    for (let i = 0; i < 100_000; i++) {
      q.takeTop();
      q.push(q.lastTime + exp(u, 1), 0, q.lastTarget);
    }
    expect(q.overflowCount).toBeGreaterThanOrEqual(2);
    // N = 1e4 pending at density ~1e4 per second near the head: width ≈ 4e-4
    expect(q.dayWidth).toBeGreaterThan(1e-4);
    expect(q.dayWidth).toBeLessThan(1e-3);
    expect(q.rebuildCount).toBeLessThan(20);
  });

  it('keeps 1e3 s timers in the overflow while 1e-5 s steps use the buckets', () => {
    const u = new RandomStreams(21, 0).uniform('spread');
    const q = new CalendarQueue();
    for (let i = 0; i < 2000; i++) q.push(exp(u, i % 2 === 0 ? 1e-5 : 1e3), 0, i);
    for (let i = 0; i < 200_000; i++) {
      q.takeTop();
      q.push(q.lastTime + exp(u, q.lastTarget % 2 === 0 ? 1e-5 : 1e3), 0, q.lastTarget);
    }
    expect(q.dayWidth).toBeLessThan(1e-4);
    expect(q.overflowCount).toBeGreaterThan(900);
    expect(q.rebuildCount).toBeLessThan(20);
  });

  it('re-estimates the day width after a burst leaves it too narrow', () => {
    const u = new RandomStreams(22, 0).uniform('burst');
    const q = new CalendarQueue();
    for (let i = 0; i < 1000; i++) q.push(exp(u, 1), 0, i);
    for (let i = 0; i < 20_000; i++) {
      q.takeTop();
      q.push(q.lastTime + exp(u, 1), 0, q.lastTarget);
    }
    const calm = q.dayWidth;
    const now = q.lastTime;
    for (let j = 0; j < 5000; j++) q.push(now + j * 1e-7, 1, j);
    expect(q.dayWidth).toBeLessThan(calm / 100);
    for (let i = 0; i < 30_000; i++) {
      q.takeTop();
      if (q.lastKind === 0) q.push(q.lastTime + exp(u, 1), 0, q.lastTarget);
    }
    expect(q.size).toBe(1000);
    expect(q.dayWidth).toBeGreaterThan(calm / 3);
    expect(q.dayWidth).toBeLessThan(calm * 3);
  });

  it('does not rebuild over and over for a cluster of simultaneous events no width can split', () => {
    const u = new RandomStreams(23, 0).uniform('tie-cluster');
    const q = new CalendarQueue();
    for (let i = 0; i < 20_000; i++) q.push(10, 1, i);
    for (let i = 0; i < 200; i++) q.push(exp(u, 0.01), 0, i);
    const before = q.rebuildCount;
    // fast traffic up to and past the cluster: pushes into the cluster's day walk past it
    for (let i = 0; i < 200_000 && q.size > 0; i++) {
      q.takeTop();
      if (q.lastKind === 0) q.push(q.lastTime + exp(u, 0.01), 0, q.lastTarget);
    }
    expect(q.rebuildCount - before).toBeLessThan(30);
  });
});

describe('Simulation with eventSet: calendar', () => {
  /** An M/M/2 queue with reneging (cancelled timeouts), a warm-up and runs in pieces; returns its trace. */
  function trace(eventSet: 'heap' | 'calendar'): string[] {
    const sim = new Simulation({ warmup: 5, eventSet, initialCapacity: 16 });
    const u = new RandomStreams(30, 0).uniform('mm2');
    const log: string[] = [];
    const timeouts = new Map<number, number>();
    let busy = 0;
    const waiting: number[] = [];
    let next = 0;
    const start = (c: number) => {
      busy++;
      sim.schedule(exp(u, 1.8), depart, c);
    };
    const arrive = sim.register('arrive', () => {
      const c = next++;
      log.push(`a${c}@${sim.now}`);
      if (busy < 2) start(c);
      else {
        waiting.push(c);
        timeouts.set(c, sim.schedule(Math.floor(u() * 4), renege, c));
      }
      sim.schedule(exp(u, 1), arrive, 0);
    });
    const depart = sim.register('depart', (c) => {
      log.push(`d${c}@${sim.now}:${sim.measuring}`);
      busy--;
      const w = waiting.shift();
      if (w !== undefined) {
        sim.cancel(timeouts.get(w)!);
        start(w);
      }
    });
    const renege = sim.register('renege', (c) => {
      log.push(`r${c}@${sim.now}`);
      waiting.splice(waiting.indexOf(c), 1);
    });
    sim.schedule(0, arrive, 0);
    sim.run({ until: 100 });
    sim.run({ maxEvents: 500 });
    sim.run({ until: sim.now + 200 });
    log.push(`end@${sim.now}:${sim.eventCount}:${sim.pending}`);
    return log;
  }

  it('produces the same trace as the heap, event for event', () => {
    const heap = trace('heap');
    expect(heap.length).toBeGreaterThan(1000);
    expect(trace('calendar')).toEqual(heap);
  });
  // simultaneous events under both event sets: simulation.test.ts
});
