import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeResultsDir, checkResultsDir } from '../../src/output/results-dir.js';
import { UserError } from '../../src/errors.js';

describe('results folder', () => {
  it('writes all files under the final name and leaves no temporary folder', () => {
    const parent = mkdtempSync(join(tmpdir(), 'fleetsim-res-'));
    const dir = join(parent, 'run');
    writeResultsDir(dir, { 'a.txt': 'A', 'b.bin': new Uint8Array([1, 2]) }, false);
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.bin']);
    expect(readdirSync(parent)).toEqual(['run']);
  });

  it('refuses to replace a non-empty folder without force and leaves it untouched', () => {
    const parent = mkdtempSync(join(tmpdir(), 'fleetsim-res-'));
    const dir = join(parent, 'run');
    mkdirSync(dir);
    writeFileSync(join(dir, 'old.txt'), 'old');
    expect(() => writeResultsDir(dir, { 'new.txt': 'new' }, false)).toThrow(UserError);
    expect(readdirSync(dir)).toEqual(['old.txt']);
    expect(readdirSync(parent)).toEqual(['run']);
  });

  it('replaces a folder whole with force: no file of the old run survives', () => {
    const parent = mkdtempSync(join(tmpdir(), 'fleetsim-res-'));
    const dir = join(parent, 'run');
    writeResultsDir(dir, { 'old.txt': 'old', 'shared.txt': '1' }, false);
    writeResultsDir(dir, { 'shared.txt': '2' }, true);
    expect(readdirSync(dir)).toEqual(['shared.txt']);
    expect(readFileSync(join(dir, 'shared.txt'), 'utf8')).toBe('2');
    expect(readdirSync(parent)).toEqual(['run']);
  });

  it('accepts an empty existing folder and a missing one', () => {
    const parent = mkdtempSync(join(tmpdir(), 'fleetsim-res-'));
    mkdirSync(join(parent, 'empty'));
    expect(() => checkResultsDir(join(parent, 'empty'), false)).not.toThrow();
    expect(() => checkResultsDir(join(parent, 'missing'), false)).not.toThrow();
    expect(existsSync(join(parent, 'missing'))).toBe(false);
  });
});
