import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readMooncakeTrace, readMooncakeTraceFromText } from '../../../src/agents/traces/index.js';

const DIR = 'scenarios/traces/mooncake';

/**
 * Totals computed independently of fleetsim, with Python over the raw files:
 *   rows = [json.loads(l) for l in open(f)]
 *   len(rows), sum(r['input_length']), sum(r['output_length']), sum(len(r['hash_ids'])),
 *   rows[-1]['timestamp'], max(max(r['hash_ids']) for r in rows)
 */
const EXPECTED = {
  conversation_trace: { count: 12_031, input: 144_793_823, output: 4_122_048, blocks: 288_500, lastMs: 3_536_999, maxId: 182_789 },
  synthetic_trace: { count: 3_993, input: 61_194_628, output: 595_432, blocks: 121_877, lastMs: 1_022_025, maxId: 43_923 },
} as const;

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

describe.each(Object.entries(EXPECTED))('readMooncakeTrace(%s)', (name, exp) => {
  const trace = readMooncakeTrace(`${DIR}/${name}.jsonl`);

  it('has every request, with the totals Python finds', () => {
    expect(trace.name).toBe(name);
    expect(trace.count).toBe(exp.count);
    expect(trace.arrival).toHaveLength(exp.count);
    expect(sum(trace.inputTokens)).toBe(exp.input);
    expect(sum(trace.outputTokens)).toBe(exp.output);
    expect(trace.keys).toHaveLength(exp.blocks);
    expect(trace.keys.reduce((m, k) => Math.max(m, k), 0)).toBe(exp.maxId);
    expect(trace.blockTokens).toBe(512);
  });

  it('turns ms timestamps into seconds after the first request, never decreasing', () => {
    expect(trace.arrival[0]).toBe(0);
    expect(trace.arrival[trace.count - 1]).toBe(exp.lastMs / 1000);
    for (let i = 1; i < trace.count; i++) expect(trace.arrival[i] >= trace.arrival[i - 1]).toBe(true);
  });

  it('gives each request ceil(input_length / 512) block keys, laid out back to back', () => {
    let offset = 0;
    for (let i = 0; i < trace.count; i++) {
      expect(trace.keyCount[i]).toBe(Math.ceil(trace.inputTokens[i] / 512));
      expect(trace.keyOffset[i]).toBe(offset);
      offset += trace.keyCount[i];
    }
    expect(offset).toBe(trace.keys.length);
  });

  it('keeps the hash_ids of each line as its keys, in file order', () => {
    const lines = readFileSync(`${DIR}/${name}.jsonl`, 'utf8').trim().split('\n');
    for (const i of [0, 1, 7, Math.floor(exp.count / 2), exp.count - 1]) {
      const row = JSON.parse(lines[i]) as { input_length: number; hash_ids: number[] };
      expect(trace.inputTokens[i]).toBe(row.input_length);
      expect([...trace.keys.subarray(trace.keyOffset[i], trace.keyOffset[i] + trace.keyCount[i])]).toEqual(row.hash_ids);
    }
  });
});

describe('readMooncakeTrace', () => {
  it('reads the 3 MB conversation trace in well under a second', () => {
    const t0 = performance.now();
    readMooncakeTrace(`${DIR}/conversation_trace.jsonl`);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('stops after `limit` requests', () => {
    const trace = readMooncakeTrace(`${DIR}/conversation_trace.jsonl`, { limit: 100 });
    expect(trace.count).toBe(100);
    expect(trace.keyOffset[99] + trace.keyCount[99]).toBe(trace.keys.length);
  });

  it('keeps file order for equal timestamps and measures from the first request', () => {
    const text = [
      '{"timestamp": 6000, "input_length": 10, "output_length": 1, "hash_ids": [5]}',
      '{"timestamp": 6000, "input_length": 600, "output_length": 2, "hash_ids": [5, 9]}',
      '',
      '{"timestamp": 9500, "input_length": 1024, "output_length": 3, "hash_ids": [5, 9]}',
    ].join('\r\n');
    const trace = readMooncakeTraceFromText(text, 'tiny.jsonl');
    expect(trace.name).toBe('tiny');
    expect([...trace.arrival]).toEqual([0, 0, 3.5]);
    expect([...trace.outputTokens]).toEqual([1, 2, 3]);
    expect([...trace.keys]).toEqual([5, 5, 9, 5, 9]);
  });

  it('reads a trace with another block size when told', () => {
    const trace = readMooncakeTraceFromText('{"timestamp": 0, "input_length": 100, "output_length": 1, "hash_ids": [1, 2]}\n', 'b64.jsonl', { blockTokens: 64 });
    expect(trace.blockTokens).toBe(64);
    expect(trace.keyCount[0]).toBe(2);
  });
});
