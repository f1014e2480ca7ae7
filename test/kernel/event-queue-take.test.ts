import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/kernel/event-queue.js';
import { RandomStreams } from '../../src/kernel/random-streams.js';

/**
 * The dispatch path of `Simulation.run`: take the top, schedule while it is "being handled" (the
 * first push reuses the root's place), then close. Checked against a sorted reference, with a tiny
 * sequence limit so that renumbering happens hundreds of times.
 */
describe('EventQueue take/close and sequence renumbering', () => {
  it.each([
    ['default sequence space', undefined],
    ['renumbering every 64 pushes', 64],
  ])('matches a sorted reference when handlers schedule during dispatch (%s)', (_label, maxSeq) => {
    const u = new RandomStreams(5, 0).uniform('take-test');
    const q = new EventQueue(16, maxSeq ?? 2 ** 52);
    const live = new Map<number, [number, number, number]>(); // handle → [time, seq, target]
    let seq = 0;
    let now = 0;
    const push = (t: number, target: number) => live.set(q.push(t, 0, target), [t, seq++, target]);
    for (let i = 0; i < 50; i++) push(Math.floor(u() * 10) / 2, i);
    for (let step = 0; step < 20_000; step++) {
      // reference: the earliest live event by (time, seq)
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
      expect(q.size).toBeGreaterThanOrEqual(live.size); // cancelled entries linger until they reach the top
      // the "handler": 0–2 new events (ties with pending ones included), sometimes a cancel
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
    const q = new EventQueue();
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
