import { describe, expect, it } from 'vitest';
import { findApiPrice } from '../../src/catalog/index.js';
import {
  DEFAULT_USD_PER_KWH, apiCost, cacheReadShare, provisionedCost, totalTokens, usdPerGoal, usdPerMillionTokens,
} from '../../src/fleet/cost.js';
import { facilityPowerW, energyKWh } from '../../src/fleet/power.js';
import { H100 } from '../../src/catalog/accelerators.js';

describe('provisioned cost', () => {
  it('8 GPUs × $3/h × 24 h + 92.16 kWh × $0.08 = $576 + $7.3728', () => {
    const c = provisionedCost({ accelerators: 8, usdPerAcceleratorHour: 3, hours: 24, energyKWh: 92.16, usdPerKWh: 0.08 });
    expect(c.hardwareUsd).toBe(576);
    expect(c.energyUsd).toBeCloseTo(7.3728, 12);
    expect(c.totalUsd).toBeCloseTo(583.3728, 10);
  });

  it('electricity defaults to 8 ¢/kWh and can be switched off when the rent includes it', () => {
    expect(DEFAULT_USD_PER_KWH).toBe(0.08);
    expect(provisionedCost({ accelerators: 1, usdPerAcceleratorHour: 2, hours: 1, energyKWh: 10 }).energyUsd).toBeCloseTo(0.8, 12);
    expect(provisionedCost({ accelerators: 1, usdPerAcceleratorHour: 2, hours: 1, energyKWh: 10, usdPerKWh: 0 }).totalUsd).toBe(2);
  });

  it('composes with the power model: an H100 node flat out for an hour at PUE 1.2', () => {
    const kwh = energyKWh(facilityPowerW(H100, 8, 1, 1.2), 3600); // 8 × 700 W × 1.2 = 6.72 kW
    expect(kwh).toBeCloseTo(6.72, 12);
    expect(provisionedCost({ accelerators: 8, usdPerAcceleratorHour: H100.usdPerHour, hours: 1, energyKWh: kwh }).totalUsd)
      .toBeCloseTo(24 + 6.72 * 0.08, 10);
  });
});

describe('API-price view', () => {
  const tokens = { freshInput: 1e6, cachedInput: 9e6, output: 0.5e6 };

  it('prices fresh, cached and output tokens separately (small class: $0.22, $0.022, $0.22 per M)', () => {
    const c = apiCost(findApiPrice('small'), tokens);
    expect(c.freshInputUsd).toBeCloseTo(0.22, 12);
    expect(c.cachedInputUsd).toBeCloseTo(0.198, 12);
    expect(c.outputUsd).toBeCloseTo(0.11, 12);
    expect(c.totalUsd).toBeCloseTo(0.528, 12);
  });

  it('a custom price with separate input and output rates', () => {
    const c = apiCost({ inputPerMTok: 3, cachedInputPerMTok: 0.3, outputPerMTok: 15 }, { freshInput: 2000, cachedInput: 50_000, output: 1000 });
    // 2000·3/1e6 + 50 000·0.3/1e6 + 1000·15/1e6 = 0.006 + 0.015 + 0.015
    expect(c.totalUsd).toBeCloseTo(0.036, 12);
  });

  it('cost per million tokens, per goal and the cache-read share', () => {
    expect(totalTokens(tokens)).toBe(10.5e6);
    expect(usdPerMillionTokens(0.528, 10.5e6)).toBeCloseTo(0.528 / 10.5, 12);
    expect(usdPerGoal(583.3728, 1000)).toBeCloseTo(0.5833728, 12);
    expect(cacheReadShare(tokens)).toBeCloseTo(9 / 10.5, 12);
  });

  it('ratios over nothing are NaN, not zero', () => {
    expect(usdPerMillionTokens(1, 0)).toBeNaN();
    expect(usdPerGoal(1, 0)).toBeNaN();
    expect(cacheReadShare({ freshInput: 0, cachedInput: 0, output: 0 })).toBeNaN();
  });
});
