import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/kernel/simulation.js';

describe('Simulation', () => {
  it.each(['heap', 'calendar'] as const)('fires simultaneous events in the order they were scheduled (eventSet: %s)', (eventSet) => {
    const sim = new Simulation({ eventSet });
    const seen: string[] = [];
    const a = sim.register('a', (t) => seen.push(`a${t}`));
    const b = sim.register('b', (t) => seen.push(`b${t}`));
    sim.schedule(1, b, 1);
    sim.schedule(1, a, 2);
    sim.schedule(0.5, a, 0);
    sim.schedule(1, b, 3);
    sim.run();
    expect(seen).toEqual(['a0', 'b1', 'a2', 'b3']);
  });

  it('events scheduled for now from a handler run after those already due now', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    const k = sim.register('k', (t) => {
      seen.push(t);
      if (t === 1) sim.schedule(0, k, 3);
    });
    sim.schedule(1, k, 1);
    sim.schedule(1, k, 2);
    sim.run();
    expect(seen).toEqual([1, 2, 3]);
  });

  it('advances the clock to each event time and passes the target', () => {
    const sim = new Simulation();
    const seen: [number, number][] = [];
    const k = sim.register('k', (t) => seen.push([sim.now, t]));
    sim.schedule(2.5, k, 7);
    sim.scheduleAt(1.25, k, 8);
    sim.run();
    expect(seen).toEqual([[1.25, 8], [2.5, 7]]);
    expect(sim.now).toBe(2.5);
  });

  it('rejects negative delays and times in the past', () => {
    const sim = new Simulation();
    const k = sim.register('k', () => {});
    expect(() => sim.schedule(-1, k, 0)).toThrow(RangeError);
    expect(() => sim.schedule(NaN, k, 0)).toThrow(RangeError);
    sim.schedule(2, k, 0);
    sim.run();
    expect(() => sim.scheduleAt(1, k, 0)).toThrow(RangeError);
  });

  it('cancel stops a pending event; a stale handle cancels nothing after slot reuse', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    const k = sim.register('k', (t) => seen.push(t));
    const h1 = sim.schedule(1, k, 1);
    sim.schedule(2, k, 2);
    expect(sim.cancel(h1)).toBe(true);
    expect(sim.isPending(h1)).toBe(false);
    expect(sim.cancel(h1)).toBe(false);
    sim.run();
    expect(seen).toEqual([2]);
    const h3 = sim.schedule(1, k, 3);
    sim.run();
    // h3's slot is free again; the next event reuses it and h3 must not reach it.
    const h4 = sim.schedule(1, k, 4);
    expect(sim.cancel(h3)).toBe(false);
    expect(sim.isPending(h4)).toBe(true);
    sim.run();
    expect(seen).toEqual([2, 3, 4]);
  });

  it('run({ until }) processes events up to and at until, then sets the clock to until', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    const k = sim.register('k', (t) => seen.push(t));
    for (const t of [1, 2, 3, 4]) sim.schedule(t, k, t);
    const out = sim.run({ until: 3 });
    expect(out).toEqual({ events: 3, reason: 'until' });
    expect(seen).toEqual([1, 2, 3]);
    expect(sim.now).toBe(3);
    expect(sim.pending).toBe(1);
    expect(sim.run({ until: 10 })).toEqual({ events: 1, reason: 'until' });
    expect(sim.now).toBe(10);
    expect(sim.eventCount).toBe(4);
  });

  it('run({ until }) before now is an error', () => {
    const sim = new Simulation();
    sim.run({ until: 5 });
    expect(() => sim.run({ until: 4 })).toThrow(RangeError);
  });

  it('run({ maxEvents }) stops after that many events and resumes where it stopped', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    const k = sim.register('k', (t) => seen.push(t));
    for (let t = 1; t <= 10; t++) sim.schedule(t, k, t);
    expect(sim.run({ maxEvents: 4 })).toEqual({ events: 4, reason: 'maxEvents' });
    expect(sim.now).toBe(4);
    expect(sim.run()).toEqual({ events: 6, reason: 'empty' });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('stop() from a handler ends the run after that event, deterministically', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    const k = sim.register('k', (t) => {
      seen.push(t);
      if (t === 2) sim.stop();
    });
    for (let t = 1; t <= 5; t++) sim.schedule(t, k, t);
    expect(sim.run()).toEqual({ events: 2, reason: 'stopped' });
    expect(sim.now).toBe(2);
    expect(sim.run()).toEqual({ events: 3, reason: 'empty' });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('calls warm-up listeners once at the warm-up time, before other events at that time', () => {
    const sim = new Simulation({ warmup: 10 });
    const log: string[] = [];
    const k = sim.register('k', (t) => log.push(`e${t}:${sim.measuring}`));
    sim.schedule(10, k, 1);
    sim.schedule(5, k, 0);
    sim.onWarmupEnd(() => log.push(`warmup@${sim.now}:${sim.measuring}`));
    expect(sim.measuring).toBe(false);
    sim.run({ until: 20 });
    expect(log).toEqual(['e0:false', 'warmup@10:true', 'e1:true']);
    sim.run({ until: 30 });
    expect(log.filter((l) => l.startsWith('warmup'))).toHaveLength(1);
  });

  it('measures from time 0 when there is no warm-up', () => {
    const sim = new Simulation();
    let called = 0;
    sim.onWarmupEnd(() => called++);
    expect(sim.measuring).toBe(true);
    sim.run({ until: 1 });
    expect(called).toBe(0);
  });

  it('rejects a negative or infinite warm-up', () => {
    expect(() => new Simulation({ warmup: -1 })).toThrow(RangeError);
    expect(() => new Simulation({ warmup: Infinity })).toThrow(RangeError);
  });

  it('holds many more pending events than its initial capacity', () => {
    const sim = new Simulation({ initialCapacity: 16 });
    const seen: number[] = [];
    const k = sim.register('k', (t) => seen.push(t));
    const n = 5000;
    for (let i = n - 1; i >= 0; i--) sim.schedule(i, k, i);
    expect(sim.pending).toBe(n);
    sim.run();
    expect(seen).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('names handlers for diagnostics', () => {
    const sim = new Simulation();
    const k = sim.register('tools.departure', () => {});
    expect(sim.kindName(k)).toBe('tools.departure');
    expect(() => sim.schedule(-1, k, 0)).toThrow(/tools\.departure/);
  });
});
