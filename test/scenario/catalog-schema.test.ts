import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load.js';
import { runJob } from '../../src/experiment/world.js';
import { UserError } from '../../src/errors.js';

const SCENARIO = `
horizon: 2m
accelerators:
  - { name: X1, flops: 1.5P, hbm: 96GB, hbmBandwidth: 4TB/s, tdpW: 800, idleW: 100, usdPerHour: 2.5, linkBandwidth: 450GB/s }
models:
  - { name: tiny-7b-fp8, params: 7G, layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 8, headDim: 128, bytesPerParam: 1, kvBytesPerElement: 1, capability: 0.6, apiClass: small }
pools:
  - { name: p, accelerator: X1, model: tiny-7b-fp8, count: 1 }
workloads:
  - { name: w, pool: p, interarrival: { dist: constant, value: 10s }, prompt: { dist: constant, value: 100 }, output: { dist: constant, value: 200 } }
`;

describe('scenario-defined accelerators and models', () => {
  it('resolve units and derive KV bytes per token from the shape and KV precision', () => {
    const s = loadScenarioText(SCENARIO, 'custom.yaml');
    expect(s.accelerators[0]).toMatchObject({ name: 'X1', flops: 1.5e15, hbmBytes: 96e9, hbmBandwidth: 4e12, gpusPerNode: 8 });
    // 32 layers · 8 KV heads · 128 dims · (K and V) · 1 byte (FP8)
    expect(s.models[0].kvBytesPerToken).toBe(32 * 8 * 128 * 2 * 1);
  });

  it('serve requests with the roofline of the custom hardware: a lone request decodes at the memory-bound step time', () => {
    const s = loadScenarioText(SCENARIO, 'custom.yaml');
    const r = runJob(s, { index: 0, variant: 0, variantName: 'base', replicate: 0, seed: 1, overrides: [] });
    const tpot = r.scalars[r.scalarNames.indexOf('p.tpot_mean_s')];
    // requests never overlap (10 s apart, ~0.6 s each): each decode step reads the 7 GB of weights
    // and ~100–300 tokens of KV at 80% of 4 TB/s, plus the 0.5 ms step overhead
    const weights = 7e9 / (4e12 * 0.8);
    expect(tpot).toBeGreaterThan(weights + 0.5e-3);
    expect(tpot).toBeLessThan(weights + 0.5e-3 + 0.05e-3);
  });

  it('a pool naming an accelerator that neither the scenario nor the catalog has lists both', () => {
    const bad = SCENARIO.replace('accelerator: X1', 'accelerator: X2');
    expect(() => loadScenarioText(bad, 'custom.yaml')).toThrow(UserError);
    try {
      loadScenarioText(bad, 'custom.yaml');
    } catch (e) {
      expect((e as UserError).format()).toMatch(/custom\.yaml:8:\d+: error: pools\[0\]\.accelerator: unknown accelerator 'X2' \(expected one of X1, H100/);
    }
  });

  it('an accelerator idling above its full-load power, or query heads not a multiple of KV heads, is an error at the field', () => {
    const bad = SCENARIO.replace('tdpW: 800, idleW: 100', 'tdpW: 800, idleW: 900').replace('heads: 32, kvHeads: 8', 'heads: 30, kvHeads: 8');
    let text = '';
    try {
      loadScenarioText(bad, 'custom.yaml');
    } catch (e) {
      text = (e as UserError).format();
    }
    expect(text).toMatch(/custom\.yaml:4:\d+: error: accelerators\[0\]\.idleW: idleW \(900\) must not exceed tdpW \(800\) \(expected a number ≤ tdpW \(800\)\)/);
    expect(text).toMatch(/custom\.yaml:6:\d+: error: models\[0\]\.kvHeads: heads \(30\) must be a whole multiple of kvHeads \(8\)/);
  });
});
