import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const BAD = 'test/fixtures/scenarios/bad';
const expected: Record<string, { contains: string[]; set?: string[] }> = JSON.parse(readFileSync(join(BAD, 'expected.json'), 'utf8'));
const STACK = /\n\s+at .+:\d+:\d+\)?/;

describe('bad scenarios through `fleetsim run`', () => {
  it('the corpus has at least 20 cases', () => {
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(20);
  });

  it.each(Object.entries(expected))('%s: exit 2, an actionable message, no stack, nothing written', async (file, exp) => {
    const out = join(mkdtempSync(join(tmpdir(), 'fleetsim-bad-')), 'out');
    const args = ['run', join(BAD, file), '--out', out, '--workers', '1'];
    for (const s of exp.set ?? []) args.push('--set', s);
    const r = await cli(...args);
    expect(r.code).toBe(2);
    for (const c of exp.contains) expect(r.err).toContain(c);
    expect(r.err).not.toMatch(STACK);
    expect(r.err).not.toMatch(/internal error/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('bad flags', () => {
  it.each([
    [['run', 'scenarios/quickstart.yaml', '--workers', '0'], /--workers.*expected a whole number from 1/s],
    [['run', 'scenarios/quickstart.yaml', '--workers', 'two'], /expected a whole number/],
    [['run', 'scenarios/quickstart.yaml', '--seed', '-1'], /expected a whole number from 0/],
    [['run', 'scenarios/quickstart.yaml', '--wokers', '2'], /unknown option '--wokers'[\s\S]*Did you mean --workers\?/],
    [['rnu', 'scenarios/quickstart.yaml'], /unknown command 'rnu'[\s\S]*Did you mean run\?/],
    [['run'], /missing required argument 'file'/],
    [['run', 'scenarios/quickstart.yaml', '--set', 'stations[0].sevrers=3'], /stations\[0\]\.sevrers/],
  ])('%j exits 2 with a helpful message', async (argv, message) => {
    const r = await cli(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(STACK);
  });
});

describe('the installed command (a real process)', () => {
  const bin = join(process.cwd(), 'bin', 'fleetsim.mjs');
  const run = (...argv: string[]) => spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8', cwd: process.cwd() });

  it('exits with code 2 and no stack trace on a broken scenario, writing nothing', () => {
    const parent = mkdtempSync(join(tmpdir(), 'fleetsim-proc-'));
    const first = Object.keys(expected)[0];
    const r = run('run', join(BAD, first), '--out', join(parent, 'out'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(expected[first].contains[0]);
    expect(r.stderr).not.toMatch(STACK);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('validate reports every broken file and exits 2; a good file exits 0', () => {
    const files = Object.keys(expected).filter((f) => !expected[f].set).slice(0, 3).map((f) => join(BAD, f));
    const r = run('validate', ...files);
    expect(r.status).toBe(2);
    for (const f of files) expect(r.stderr).toContain(f.split('/').pop()!);
    const ok = run('validate', 'scenarios/quickstart.yaml');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/quickstart\.yaml: ok/);
  });
});
