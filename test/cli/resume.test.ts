import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecordFile } from '../../src/experiment/record-file.js';
import { workDirFor } from '../../src/experiment/work-dir.js';
import { cli } from '../helpers/cli.js';

const SMALL = 'test/fixtures/scenarios/sweep/small.yaml';
// 6 variants × 4 replicates of ~0.1 s each: long enough to be killed halfway.
const BIGGER = ['--set', 'horizon=20h', '--set', 'replicates=4'];
const FILES = ['runs.arrow', 'summary.arrow', 'timeseries.arrow', 'compare.arrow', 'experiment.json'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('kill -9 halfway through a sweep, then --resume', () => {
  it('finishes with the tables of an uninterrupted run, and runs no finished job again', async () => {
    const root = mkdtempSync(join(tmpdir(), 'fleetsim-kill-'));
    const out = join(root, 'sweep');
    const checkpoint = join(workDirFor(out), 'checkpoint.bin');
    const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'fleetsim.mjs'), 'run', SMALL, ...BIGGER, '--out', out, '--workers', '1'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Wait until a few jobs are in the checkpoint, then kill without warning.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (existsSync(checkpoint) && readRecordFile(checkpoint).records.length >= 4) break;
      await sleep(20);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false);
    const before = readRecordFile(checkpoint);
    const done = new Set(before.records.map((r) => r.job));
    expect(done.size).toBe(before.records.length);
    expect(done.size).toBeGreaterThanOrEqual(4);
    expect(done.size).toBeLessThan(24);

    const resumed = await cli('run', SMALL, ...BIGGER, '--out', out, '--workers', '2', '--resume');
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.err).toContain(`resuming: ${done.size} of 24 job(s) done before, ${24 - done.size} to run`);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.run).toEqual({ resumed: true, jobs_from_checkpoint: done.size, jobs_run: 24 - done.size });
    expect(existsSync(workDirFor(out))).toBe(false);

    const reference = join(root, 'reference');
    expect((await cli('run', SMALL, ...BIGGER, '--out', reference, '--workers', '2')).code).toBe(0);
    for (const f of FILES) expect(readFileSync(join(out, f)).equals(readFileSync(join(reference, f))), f).toBe(true);
  });
});
