import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Schema, Table, tableToIPC, tableFromArrays } from 'apache-arrow';
import { encodeArrowTable, readArrowTable } from '../../src/output/arrow-io.js';
import { UserError } from '../../src/errors.js';
import { OUTPUT_FORMAT_VERSION } from '../../src/version.js';

describe('arrow io', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleetsim-arrow-'));

  it('round-trips typed-array and string columns with metadata', () => {
    const bytes = encodeArrowTable(
      { name: ['a', 'b', 'c'], n: Int32Array.from([1, 2, 3]), x: Float64Array.from([0.5, NaN, 1e300]) },
      { 'fleetsim.table': 'test' },
    );
    const path = join(dir, 't.arrow');
    writeFileSync(path, bytes);
    const t = readArrowTable(path);
    expect(t.numRows).toBe(3);
    expect(t.getChild('name')!.toArray()).toEqual(['a', 'b', 'c']);
    expect(Array.from(t.getChild('n')!.toArray() as Int32Array)).toEqual([1, 2, 3]);
    const x = t.getChild('x')!.toArray() as Float64Array;
    expect(x[0]).toBe(0.5);
    expect(Number.isNaN(x[1])).toBe(true);
    expect(x[2]).toBe(1e300);
    expect(t.schema.metadata.get('fleetsim.table')).toBe('test');
    expect(t.schema.metadata.get('fleetsim.format_version')).toBe('1');
  });

  it('encodes the same columns to the same bytes', () => {
    const cols = () => ({ v: ['x'], y: Float64Array.from([1]) });
    expect(Buffer.from(encodeArrowTable(cols(), { k: 'v' })).equals(Buffer.from(encodeArrowTable(cols(), { k: 'v' })))).toBe(true);
  });

  it('refuses a table that is not fleetsim output, saying why', () => {
    const path = join(dir, 'foreign.arrow');
    writeFileSync(path, tableToIPC(tableFromArrays({ a: Float64Array.from([1]) }), 'file'));
    expect(() => readArrowTable(path)).toThrow(UserError);
    expect(() => readArrowTable(path)).toThrow(/no format version/);
  });

  it('refuses a table of another format version, naming both versions', () => {
    const path = join(dir, 'future.arrow');
    const bare = tableFromArrays({ a: Float64Array.from([1]) });
    const meta = new Map([['fleetsim.format_version', '999']]);
    writeFileSync(path, tableToIPC(new Table(new Schema(bare.schema.fields, meta), bare.batches), 'file'));
    expect(() => readArrowTable(path)).toThrow(UserError);
    expect(() => readArrowTable(path)).toThrow(`written in fleetsim output format 999; this fleetsim reads format ${OUTPUT_FORMAT_VERSION}`);
  });

  it('rejects columns of different lengths', () => {
    expect(() => encodeArrowTable({ a: ['x'], b: Float64Array.from([1, 2]) }, {})).toThrow(/rows/);
  });
});
