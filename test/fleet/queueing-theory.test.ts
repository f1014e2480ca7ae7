import { describe, expect, it } from 'vitest';
import {
  erlangB, erlangC, md1MeanWait, mg1MeanWait, mm1MeanInSystem, mm1MeanSojourn, mm1MeanWait,
  mmcMeanInSystem, mmcMeanQueueLength, mmcMeanSojourn, mmcMeanWait, mmcWaitProbability,
  mmcWaitQuantile, mmcWaitTail, utilisation,
} from '../../src/fleet/queueing-theory.js';

// Reference values: exact rational arithmetic of the textbook sum forms (Python fractions), and
// for c = 1e4 a log-space sum with lgamma.
describe('queueing theory', () => {
  it('Erlang B matches the sum form', () => {
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 14);
    expect(erlangB(10, 5)).toBeCloseTo(0.018384570336648132, 14);
    expect(erlangB(0, 3)).toBe(1);
  });

  it('Erlang C matches the sum form for M/M/8 at ρ = 0.9 and M/M/2 at ρ = 0.5', () => {
    expect(erlangC(8, 7.2)).toBeCloseTo(0.7015329901462569, 13);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 14);
    expect(erlangC(1000, 950)).toBeCloseTo(0.06825341537714143, 12);
  });

  it('Erlang C stays finite and accurate for c = 10 000 (no factorial overflow)', () => {
    expect(erlangC(10_000, 9_900)).toBeCloseTo(0.2227769288672963, 10);
    expect(erlangC(10_000, 9_990)).toBeCloseTo(0.8805417113757038, 10);
  });

  it('Erlang C of one server is the utilisation, and 1 when unstable', () => {
    expect(erlangC(1, 0.8)).toBeCloseTo(0.8, 15);
    expect(erlangC(4, 4)).toBe(1);
    expect(erlangC(4, 5)).toBe(1);
  });

  it('M/M/c mean wait, sojourn and lengths agree with each other and with M/M/1', () => {
    const [l, m, c] = [7.2, 1, 8];
    const wq = mmcMeanWait(l, m, c);
    expect(wq).toBeCloseTo(0.7015329901462569 / 0.8, 12);
    expect(mmcWaitProbability(l, m, c)).toBeCloseTo(0.7015329901462569, 13);
    expect(mmcMeanSojourn(l, m, c)).toBeCloseTo(wq + 1, 14);
    expect(mmcMeanQueueLength(l, m, c)).toBeCloseTo(l * wq, 12);
    expect(mmcMeanInSystem(l, m, c)).toBeCloseTo(l * wq + l, 12);
    expect(mmcMeanWait(0.8, 1, 1)).toBeCloseTo(mm1MeanWait(0.8, 1), 14);
  });

  it('M/M/1 closed forms at ρ = 0.8', () => {
    expect(mm1MeanWait(0.8, 1)).toBeCloseTo(4, 13);
    expect(mm1MeanSojourn(0.8, 1)).toBeCloseTo(5, 13);
    expect(mm1MeanInSystem(0.8, 1)).toBeCloseTo(4, 13);
  });

  it('Pollaczek–Khinchine gives M/M/1 at SCV 1 and half of it for M/D/1', () => {
    expect(mg1MeanWait(0.8, 1, 1)).toBeCloseTo(mm1MeanWait(0.8, 1), 13);
    expect(md1MeanWait(0.8, 1)).toBeCloseTo(2, 13);
    // Same ρ with twice the service time: the wait scales with it.
    expect(mg1MeanWait(0.4, 2, 0)).toBeCloseTo(4, 13);
  });

  it('the M/M/c wait tail and quantile are inverse to each other', () => {
    const [l, m, c] = [7.2, 1, 8];
    expect(mmcWaitTail(l, m, c, 0)).toBeCloseTo(erlangC(8, 7.2), 14);
    for (const p of [0.5, 0.9, 0.99]) {
      const t = mmcWaitQuantile(l, m, c, p);
      expect(mmcWaitTail(l, m, c, t)).toBeCloseTo(1 - p, 12);
    }
    // P(wait = 0) = 1 − C ≈ 0.298, so the 20th percentile of the wait is 0.
    expect(mmcWaitQuantile(l, m, c, 0.2)).toBe(0);
  });

  it('unstable systems have infinite waits', () => {
    expect(mmcMeanWait(8, 1, 8)).toBe(Infinity);
    expect(mm1MeanWait(1.2, 1)).toBe(Infinity);
    expect(mg1MeanWait(1, 1, 0)).toBe(Infinity);
    expect(mmcMeanQueueLength(9, 1, 8)).toBe(Infinity);
  });

  it('utilisation is λ/(cμ) and bad inputs throw', () => {
    expect(utilisation(7.2, 1, 8)).toBeCloseTo(0.9, 15);
    expect(() => utilisation(1, 0, 1)).toThrow(RangeError);
    expect(() => mmcMeanWait(1, 1, 1.5)).toThrow(RangeError);
    expect(() => erlangB(-1, 1)).toThrow(RangeError);
    expect(() => mg1MeanWait(0.5, 1, -1)).toThrow(RangeError);
  });
});
