import { appendFileSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/metrics/run-recorder.js';
import { decodeValue, encodeValue } from '../../src/experiment/result-codec.js';
import { RecordAppender, encodeRecordFile, readRecordFile } from '../../src/experiment/record-file.js';

function result(k: number): RunResult {
  return {
    scalarNames: ['a.x_s', 'a.y'],
    scalars: Float64Array.from([k + 0.1, NaN]),
    window: { width: 60, count: 3 },
    seriesEntities: ['a'],
    seriesMetrics: ['util'],
    seriesValues: [Float64Array.from([-0, Infinity, k / 3])],
    events: 1000 + k,
    rows: [{ table: 'pools', labelNames: ['pool'], labels: ['p'], valueNames: ['v'], values: Float64Array.from([k]) }],
  } as RunResult;
}

const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

describe('result codec', () => {
  it('round-trips every bit: NaN, -0, ±Infinity, typed arrays anywhere, unknown fields', () => {
    const r = result(7);
    const back = decodeValue(encodeValue(r)) as RunResult;
    expect(back.scalarNames).toEqual(r.scalarNames);
    expect(bits(back.scalars)).toBe(bits(r.scalars));
    expect(bits(back.seriesValues[0])).toBe(bits(r.seriesValues[0]));
    expect(Object.is(back.seriesValues[0][0], -0)).toBe(true);
    expect(back.events).toBe(1007);
    expect(back.rows[0].values).toBeInstanceOf(Float64Array);
    expect(decodeValue(encodeValue({ n: NaN, z: -0, i: Int32Array.from([1, -2]) }))).toEqual({ n: NaN, z: -0, i: Int32Array.from([1, -2]) });
  });

  it('reads arrays from an unaligned view of a larger buffer', () => {
    const enc = encodeValue({ a: Float64Array.from([1, 2, 3]) });
    const shifted = new Uint8Array(enc.length + 3);
    shifted.set(enc, 3);
    expect((decodeValue(shifted.subarray(3)) as { a: Float64Array }).a).toEqual(Float64Array.from([1, 2, 3]));
  });
});

describe('job record files (checkpoints, shard results)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleetsim-records-'));

  it('appends records that read back in order', () => {
    const path = join(dir, 'a.bin');
    const w = new RecordAppender(path, 0);
    w.append(4, result(4));
    w.append(1, result(1));
    w.close();
    const c = readRecordFile(path);
    expect(c.records.map((r) => r.job)).toEqual([4, 1]);
    expect(c.tornBytes).toBe(0);
    expect(bits(c.records[1].result.scalars)).toBe(bits(result(1).scalars));
  });

  it('ignores a torn tail (a write cut short by kill -9) and appends after the last intact record', () => {
    const path = join(dir, 'b.bin');
    writeFileSync(path, encodeRecordFile([{ job: 0, result: result(0) }, { job: 1, result: result(1) }]));
    const full = readFileSync(path).length;
    truncateSync(path, full - 10);
    const c = readRecordFile(path);
    expect(c.records.map((r) => r.job)).toEqual([0]);
    expect(c.tornBytes).toBeGreaterThan(0);
    const w = new RecordAppender(path, c.validBytes);
    w.append(2, result(2));
    w.close();
    expect(readRecordFile(path).records.map((r) => r.job)).toEqual([0, 2]);
  });

  it('stops at a record whose checksum does not match', () => {
    const path = join(dir, 'c.bin');
    const bytes = encodeRecordFile([{ job: 0, result: result(0) }, { job: 1, result: result(1) }]);
    bytes[bytes.length - 5] ^= 0xff;
    writeFileSync(path, bytes);
    expect(readRecordFile(path).records.map((r) => r.job)).toEqual([0]);
  });

  it('refuses a file that is not a record file', () => {
    const path = join(dir, 'd.bin');
    writeFileSync(path, 'hello world, not records');
    expect(() => readRecordFile(path)).toThrow(/not a fleetsim job record file/);
    appendFileSync(join(dir, 'e.bin'), '');
    expect(readRecordFile(join(dir, 'e.bin')).records).toEqual([]);
  });
});
