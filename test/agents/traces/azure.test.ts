import { describe, expect, it } from 'vitest';
import { readAzureTrace, readAzureTraceFromText } from '../../../src/agents/traces/index.js';

const DIR = 'scenarios/traces/azure-llm-2023';

/**
 * Figures computed independently of fleetsim, with Python's csv and decimal modules:
 * rows, sum(ContextTokens), sum(GeneratedTokens); arrivals as float(Decimal(t_i) − Decimal(t_0))
 * (exact decimal arithmetic, then one rounding) for the rows listed; and the coefficient of
 * variation of inter-arrival times, statistics.pstdev(ia) / statistics.mean(ia).
 */
const EXPECTED = {
  code: { count: 8_819, input: 18_059_974, output: 245_896, arrivals: { 1: 0.052, 1000: 521.680821, 4321: 1412.488226, 8818: 3435.948056 }, cv: 13.151290974387244 },
  conv: { count: 19_366, input: 22_361_870, output: 4_088_665, arrivals: { 1: 4.314579, 1000: 216.174389, 4321: 878.992155, 19365: 3501.721937 }, cv: 1.0941699818434751 },
} as const;

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** Coefficient of variation of the gaps between consecutive arrivals (population standard deviation). */
function interArrivalCv(arrival: Float64Array): number {
  const n = arrival.length - 1;
  let mean = 0;
  let m2 = 0;
  for (let i = 1; i <= n; i++) {
    const x = arrival[i] - arrival[i - 1];
    const d = x - mean;
    mean += d / i;
    m2 += d * (x - mean);
  }
  return Math.sqrt(m2 / n) / mean;
}

describe.each(Object.entries(EXPECTED))('readAzureTrace(%s)', (kind, exp) => {
  const trace = readAzureTrace(`${DIR}/AzureLLMInferenceTrace_${kind}.csv`);

  it('has every row, with the totals Python finds', () => {
    expect(trace.name).toBe(`AzureLLMInferenceTrace_${kind}`);
    expect(trace.count).toBe(exp.count);
    expect(sum(trace.inputTokens)).toBe(exp.input);
    expect(sum(trace.outputTokens)).toBe(exp.output);
  });

  it('gives arrivals equal to exact decimal differences from the first row', () => {
    expect(trace.arrival[0]).toBe(0);
    for (const [i, t] of Object.entries(exp.arrivals)) expect(trace.arrival[Number(i)]).toBe(t);
  });

  it('has no block keys (the trace carries no prefix information)', () => {
    expect(trace.blockTokens).toBe(0);
    expect(trace.keys).toHaveLength(0);
    expect(trace.keyCount.every((c) => c === 0)).toBe(true);
    expect(trace.keyOffset).toHaveLength(exp.count);
  });

  it('has the inter-arrival CV Python finds', () => {
    expect(interArrivalCv(trace.arrival)).toBeCloseTo(exp.cv, 6);
  });
});

describe('readAzureTrace', () => {
  it('finds the code trace very bursty (inter-arrival CV ≈ 13, as the data README says)', () => {
    const cv = interArrivalCv(readAzureTrace(`${DIR}/AzureLLMInferenceTrace_code.csv`).arrival);
    expect(cv).toBeGreaterThan(12.5);
    expect(cv).toBeLessThan(13.5);
  });

  it('keeps 100 ns resolution across midnight, the new year and a leap day', () => {
    const text = [
      'TIMESTAMP,ContextTokens,GeneratedTokens',
      '2023-12-31 23:59:59.9999999,10,1',
      '2024-01-01 00:00:00.0000000,10,1',
      '2024-01-01 00:00:00.0000001,10,1',
      '2024-02-28 23:59:59.9999999,10,1',
      '2024-03-01 00:00:00,10,1',
    ].join('\n');
    const trace = readAzureTraceFromText(text, 'edges.csv');
    expect([...trace.arrival]).toEqual([0, 1e-7, 2e-7, 59 * 86400, 60 * 86400 + 1e-7]);
  });

  it('finds columns by name, skips a byte-order mark and blank lines, and stops at `limit`', () => {
    const text = '\ufeffGeneratedTokens,TIMESTAMP,ContextTokens\r\n5,2023-11-16 18:17:03.5,100\r\n\r\n7,2023-11-16 18:17:04.25,200\r\n9,2023-11-16 18:17:05,300\r\n';
    const trace = readAzureTraceFromText(text, 'reordered.csv', { limit: 2 });
    expect(trace.count).toBe(2);
    expect([...trace.arrival]).toEqual([0, 0.75]);
    expect([...trace.inputTokens]).toEqual([100, 200]);
    expect([...trace.outputTokens]).toEqual([5, 7]);
  });
});
