import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario, scalar } from '../helpers/run-scenario.js';
import { findAccelerator } from '../../src/catalog/lookup.js';

/**
 * scenarios/trace-replay-azure.yaml, reduced to two pool sizes: the replay conserves both traces —
 * every row a request, its ContextTokens and GeneratedTokens the pool's input and output tokens,
 * summed here straight from the CSVs — reads nothing from cache (the traces carry no prefix
 * information), and more GPUs shorten the bursty code trace's tail.
 */
const run = (set: string[]) => runScenario('scenarios', 'trace-replay-azure.yaml', ['warmup=0', ...set]);
const rows = (file: string) =>
  readFileSync(`scenarios/traces/azure-llm-2023/${file}`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));

describe('scenarios/trace-replay-azure.yaml (reduced: two pool sizes)', () => {
  const small = run(['pools.code.count=4', 'pools.conv.count=4']);
  const large = run(['pools.code.count=16', 'pools.conv.count=16']);

  it.each([
    ['code', 'AzureLLMInferenceTrace_code.csv', 8819],
    ['conv', 'AzureLLMInferenceTrace_conv.csv', 19366],
  ])('%s: every request and token of the trace, no cache reads', (pool, file, published) => {
    const t = rows(file);
    expect(t.length).toBe(published);
    for (const r of [small, large]) {
      expect(scalar(r, `${pool}.requests`)).toBe(t.length);
      expect(scalar(r, `${pool}.input_tokens`)).toBe(t.reduce((s, x) => s + x[1], 0));
      expect(scalar(r, `${pool}.output_tokens`)).toBe(t.reduce((s, x) => s + x[2], 0));
      expect(scalar(r, `${pool}.cache_read_tokens`)).toBe(0);
    }
  });

  it('four times the GPUs cut the code trace’s TTFT p99 at least 3×; cost per token rises with idle hardware', () => {
    expect(scalar(large, 'code.ttft_p99_s')).toBeLessThan(scalar(small, 'code.ttft_p99_s') / 3); // regression guard
    expect(scalar(large, 'conv.ttft_p99_s')).toBeLessThan(scalar(small, 'conv.ttft_p99_s'));
    expect(scalar(large, 'code.usd_per_mtok')).toBeGreaterThan(2 * scalar(small, 'code.usd_per_mtok'));
  });

  it('provisioned cost = GPUs × the catalog price × hours + energy × $0.08/kWh, and the same tokens cost per GPU-hour', () => {
    const h100 = findAccelerator('H100');
    for (const [r, count] of [[small, 4], [large, 16]] as const) {
      const hours = scalar(r, 'sim.measured_s') / 3600;
      expect(scalar(r, 'code.cost_usd') / (count * h100.usdPerHour * hours + scalar(r, 'code.energy_kwh') * 0.08)).toBeCloseTo(1, 9);
    }
    // identical tokens (the trace), so the cost per token scales with the provisioned hardware (4×)
    // and the energy — at most 4× too, since a less busy GPU draws less: at most 4, and near it
    // because energy is a small share of the bill
    expect(scalar(large, 'code.input_tokens')).toBe(scalar(small, 'code.input_tokens'));
    const ratio = scalar(large, 'code.usd_per_mtok') / scalar(small, 'code.usd_per_mtok');
    expect(ratio).toBeGreaterThan(3.5);
    expect(ratio).toBeLessThanOrEqual(4 + 1e-9);
  });
});
