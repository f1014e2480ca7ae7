import { describe, expect, it } from 'vitest';
import { findAccelerator } from '../../src/catalog/index.js';
import {
  DEFAULT_PUE, JOULES_PER_KWH, acceleratorPowerW, energyKWh, facilityPowerW, poolEnergyKWh,
} from '../../src/fleet/power.js';

const H100 = findAccelerator('H100'); // idle 100 W, TDP 700 W

describe('power', () => {
  it('board power runs linearly from idle to TDP with utilisation', () => {
    expect(acceleratorPowerW(H100, 0)).toBe(100);
    expect(acceleratorPowerW(H100, 1)).toBe(700);
    expect(acceleratorPowerW(H100, 0.5)).toBe(400);
    expect(acceleratorPowerW({ idleW: 16, tdpW: 72 }, 0.25)).toBe(30);
  });

  it('facility power multiplies by the count and the PUE', () => {
    // 8 × 400 W × 1.2 = 3840 W
    expect(facilityPowerW(H100, 8, 0.5, 1.2)).toBeCloseTo(3840, 9);
    expect(facilityPowerW(H100, 8, 0.5)).toBeCloseTo(3200 * DEFAULT_PUE, 9);
    expect(facilityPowerW(H100, 0, 1, 1.5)).toBe(0);
  });

  it('energy is power × time in kWh', () => {
    expect(JOULES_PER_KWH).toBe(3_600_000);
    expect(energyKWh(1000, 3600)).toBe(1);
    expect(energyKWh(3840, 3600)).toBeCloseTo(3.84, 12);
  });

  it('pool energy over a day at mean utilisation 0.25: 8 × (100 + 600·0.25) W × 1.1 × 24 h = 52.8 kWh', () => {
    expect(poolEnergyKWh({ accel: H100, count: 8, seconds: 86_400, meanUtilisation: 0.25, pue: 1.1 })).toBeCloseTo(52.8, 9);
  });

  it('a time-varying utilisation gives the same energy as its mean (power is linear)', () => {
    const halves = energyKWh(facilityPowerW(H100, 4, 0.9, 1.3), 1800) + energyKWh(facilityPowerW(H100, 4, 0.1, 1.3), 1800);
    expect(poolEnergyKWh({ accel: H100, count: 4, seconds: 3600, meanUtilisation: 0.5, pue: 1.3 })).toBeCloseTo(halves, 12);
  });

  it('rejects utilisation outside [0, 1], PUE below 1 and negative counts or durations', () => {
    expect(() => acceleratorPowerW(H100, 1.5)).toThrow(RangeError);
    expect(() => acceleratorPowerW(H100, Number.NaN)).toThrow(/utilisation/);
    expect(() => facilityPowerW(H100, 1, 0.5, 0.9)).toThrow(/PUE/);
    expect(() => facilityPowerW(H100, -1, 0.5)).toThrow(/count/);
    expect(() => poolEnergyKWh({ accel: H100, count: 1, seconds: -1, meanUtilisation: 0 })).toThrow(/seconds/);
  });
});
