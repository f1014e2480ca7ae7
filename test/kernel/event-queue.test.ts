import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/kernel/event-queue.js';
import { RandomStreams } from '../../src/kernel/random-streams.js';

/** Pops everything, returning [time, kind, target] triples. */
function drain(q: EventQueue): [number, number, number][] {
  const out: [number, number, number][] = [];
  while (q.popInto()) out.push([q.lastTime, q.lastKind, q.lastTarget]);
  return out;
}

describe('EventQueue', () => {
  it('pops in time order', () => {
    const q = new EventQueue();
    for (const t of [5, 1, 4, 2, 3]) q.push(t, 0, t * 10);
    expect(drain(q).map((e) => e[0])).toEqual([1, 2, 3, 4, 5]);
  });

  it('pops simultaneous events in the order they were pushed', () => {
    const q = new EventQueue();
    for (let i = 0; i < 50; i++) q.push(i % 2 === 0 ? 1 : 2, 0, i);
    const targets = drain(q).map((e) => e[2]);
    const evens = Array.from({ length: 25 }, (_, k) => 2 * k);
    const odds = Array.from({ length: 25 }, (_, k) => 2 * k + 1);
    expect(targets).toEqual([...evens, ...odds]);
  });

  it('carries kind and target through to the pop', () => {
    const q = new EventQueue();
    q.push(2, 7, 42);
    q.push(1, 3, -5);
    expect(drain(q)).toEqual([[1, 3, -5], [2, 7, 42]]);
  });

  it('cancel removes a pending event and reports whether it did', () => {
    const q = new EventQueue();
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
    const q = new EventQueue(16);
    const old = q.push(1, 0, 1);
    expect(q.popInto()).toBe(true);
    // The freed slot goes back on the free stack and is the next one handed out.
    const fresh = q.push(2, 0, 2);
    expect(fresh % (1 << 24)).toBe(old % (1 << 24));
    expect(q.cancel(old)).toBe(false);
    expect(q.isPending(old)).toBe(false);
    expect(q.isPending(fresh)).toBe(true);
    expect(drain(q).map((e) => e[2])).toEqual([2]);
  });

  it('peekTime skips cancelled events at the top', () => {
    const q = new EventQueue();
    const a = q.push(1, 0, 1);
    q.push(2, 0, 2);
    q.cancel(a);
    expect(q.peekTime()).toBe(2);
    q.popInto();
    expect(q.peekTime()).toBe(Infinity);
    expect(q.popInto()).toBe(false);
  });

  it('grows past its initial capacity and keeps order', () => {
    const q = new EventQueue(16);
    const n = 10_000;
    for (let i = 0; i < n; i++) q.push((i * 7919) % n, 0, i);
    expect(q.size).toBe(n);
    const times = drain(q).map((e) => e[0]);
    expect(times).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('clear drops every event and leaves old handles stale', () => {
    const q = new EventQueue(16);
    const hs = [q.push(1, 0, 0), q.push(2, 0, 1)];
    q.clear();
    expect(q.size).toBe(0);
    expect(hs.map((h) => q.cancel(h))).toEqual([false, false]);
    q.push(3, 0, 9);
    expect(drain(q)).toEqual([[3, 0, 9]]);
  });

  it('matches a sorted reference under random pushes, pops and cancels (seed 11)', () => {
    const u = new RandomStreams(11, 0).uniform('event-queue-test');
    const q = new EventQueue(16);
    // Reference: live events as [time, seq, target]; the seq breaks ties like the heap must.
    const live = new Map<number, [number, number, number]>();
    let seq = 0;
    let now = 0;
    const popped: number[] = [];
    const expected: number[] = [];
    for (let step = 0; step < 20_000; step++) {
      const r = u();
      if (r < 0.55 || live.size === 0) {
        // Coarse times make many ties, which exercises the seq order.
        const t = now + Math.floor(u() * 20) / 4;
        const target = step;
        const h = q.push(t, 0, target);
        live.set(h, [t, seq++, target]);
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
});
