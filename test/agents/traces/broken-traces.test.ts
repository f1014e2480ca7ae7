import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { readAgenticSessions, readAzureTrace, readMooncakeTrace } from '../../../src/agents/traces/index.js';

const DIR = 'test/fixtures/traces';
/** Where each broken fixture should be reported and what the message should say. */
const expected: Record<string, { line: number; col: number; path?: string; contains: string[] }> = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8'));

function read(file: string): unknown {
  if (file.endsWith('.jsonl')) return readMooncakeTrace(file);
  if (file.endsWith('.csv')) return readAzureTrace(file);
  return readAgenticSessions([file]);
}

function errorOf(run: () => unknown): UserError {
  try {
    run();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError, but reading succeeded');
}

describe('broken traces', () => {
  it('every fixture has an expectation', () => {
    const fixtures = readdirSync(DIR).filter((f) => f !== 'expected.json').sort();
    expect(fixtures).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s: a UserError at the right file:line:col, field and message', (name, exp) => {
    const file = join(DIR, name);
    const e = errorOf(() => read(file));
    expect(e.exitCode).toBe(2);
    expect(e.details.location).toEqual({ file, line: exp.line, col: exp.col });
    expect(e.details.path).toBe(exp.path);
    const text = e.format();
    expect(text.startsWith(`${file}:${exp.line}:${exp.col}: error: ${exp.path ? `${exp.path}: ` : ''}`)).toBe(true);
    for (const c of exp.contains) expect(text).toContain(c);
    expect(text).toMatch(/\(expected .+\)/);
  });

  it.each([
    ['a missing Mooncake file', () => readMooncakeTrace('test/fixtures/traces/nope.jsonl'), 'nope.jsonl: error: no such file or directory (expected a Mooncake trace'],
    ['a directory given as an Azure file', () => readAzureTrace('test/fixtures/traces'), 'traces: error: this is a directory, not a trace file'],
    ['a missing session directory', () => readAgenticSessions('test/fixtures/no-such-dir'), 'no-such-dir: error: no such file or directory'],
    ['a directory with no session files', () => readAgenticSessions('test/helpers'), 'helpers: error: no .json files in this directory'],
    ['an empty list of session files', () => readAgenticSessions([]), 'error: no session files given'],
  ])('%s is a clear UserError', (_, run, message) => {
    const e = errorOf(run);
    expect(e.exitCode).toBe(2);
    expect(e.format()).toContain(message);
  });
});
