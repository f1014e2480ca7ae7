import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import pl from 'nodejs-polars';
import { cli } from '../helpers/cli.js';
import { loadExperiment } from '../../src/scenario/load-experiment.js';
import { runExperiment } from '../../src/experiment/run-experiment.js';
import { JobsFailedError } from '../../src/experiment/jobs-failed-error.js';
import { workDirFor } from '../../src/experiment/work-dir.js';
import { readRecordFile } from '../../src/experiment/record-file.js';
import { runJob } from '../../src/experiment/world.js';
import type { Job } from '../../src/experiment/job.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { ProgressBar, wantsProgress } from '../../src/cli/progress.js';

const SMALL = 'test/fixtures/scenarios/sweep/small.yaml';
const FILES = ['runs.arrow', 'summary.arrow', 'timeseries.arrow', 'compare.arrow', 'experiment.json'];
const STACK = /\n\s+at .+:\d+:\d+\)?/;

const same = (a: string, b: string) => FILES.every((f) => readFileSync(join(a, f)).equals(readFileSync(join(b, f))));

describe('a sweep through the CLI: 1 worker, 2 workers, 4 shards merged', () => {
  const root = mkdtempSync(join(tmpdir(), 'fleetsim-sweep-'));
  const one = join(root, 'w1');
  const two = join(root, 'w2');
  const shards = join(root, 'shards');
  const merged = join(root, 'merged');
  let printed = '';

  beforeAll(async () => {
    const a = await cli('run', SMALL, '--out', one, '--workers', '1');
    expect(a.err).toBe('');
    expect(a.code).toBe(0);
    printed = a.out;
    expect((await cli('run', SMALL, '--out', two, '--workers', '2')).code).toBe(0);
    for (let i = 0; i < 4; i++) {
      const s = await cli('run', SMALL, '--out', shards, '--shard', `${i}/4`, '--workers', '1');
      expect(s.code, s.err).toBe(0);
    }
    const m = await cli('merge', shards, '--out', merged);
    expect(m.code, m.err).toBe(0);
  });

  it('writes byte-identical tables for any worker count and any shard split', () => {
    expect(same(one, two)).toBe(true);
    expect(same(one, merged)).toBe(true);
    expect(readdirSync(shards)).toEqual(['shard-0-of-4', 'shard-1-of-4', 'shard-2-of-4', 'shard-3-of-4']);
  });

  it('names variants by their values and adds a column per swept path', () => {
    const runs = pl.readIPC(readFileSync(join(one, 'runs.arrow')));
    expect(runs.height).toBe(12);
    expect(runs.columns.slice(0, 5)).toEqual(['variant', 'stations.tools.servers', 'arrivals.calls.rate', 'replicate', 'seed']);
    expect(runs.getColumn('variant').toArray().slice(0, 4)).toEqual(['servers=7,rate=5/s', 'servers=7,rate=5/s', 'servers=7,rate=6/s', 'servers=7,rate=6/s']);
    expect(runs.getColumn('arrivals.calls.rate').toArray().slice(0, 4)).toEqual([5, 5, 6, 6]);
    const summary = pl.readIPC(readFileSync(join(one, 'summary.arrow')));
    expect(summary.columns.slice(0, 4)).toEqual(['variant', 'stations.tools.servers', 'arrivals.calls.rate', 'metric']);
  });

  it('under common random numbers, replicate r of every variant with the same rate sees the same arrivals', () => {
    const runs = pl.readIPC(readFileSync(join(one, 'runs.arrow')));
    const rows = runs.toRecords() as Record<string, number | string>[];
    expect(rows).toHaveLength(12);
    for (const r of rows) {
      // the three server counts at this rate and replicate (r among them)
      const twin = rows.filter((o) => o.replicate === r.replicate && o['arrivals.calls.rate'] === r['arrivals.calls.rate']);
      expect(twin).toHaveLength(3);
      expect(new Set(twin.map((o) => o['tools.arrivals'])).size).toBe(1);
    }
    // and different rates do see different arrivals (the check above could not fail if all were equal)
    expect(new Set(rows.filter((o) => o.replicate === 0).map((o) => o['tools.arrivals'])).size).toBe(2);
  });

  it('prints one table row per variant and the comparison with the baseline, with a Pareto front', () => {
    expect(printed).toMatch(/small-sweep: 6 variants × 2 replicate\(s\) = 12 run\(s\)/);
    expect(printed).toMatch(/compared with servers=8,rate=6\/s \(paired by replicate/);
    expect(printed).toMatch(/servers=9,rate=6\/s .* better/);
    expect(printed).toMatch(/Pareto front of tools\.wait_mean_s and tools\.utilisation/);
  });

  it('compare recomputes against another baseline and writes compare.arrow', async () => {
    const dir = join(root, 'cmp');
    expect((await cli('run', SMALL, '--out', dir, '--workers', '1')).code).toBe(0);
    const r = await cli('compare', dir, '--baseline', 'servers=7,rate=5/s', '--metric', 'tools.wait_mean_s');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/compared with servers=7,rate=5\/s/);
    const c = pl.readIPC(readFileSync(join(dir, 'compare.arrow')));
    expect(c.height).toBe(6);
    expect(c.columns).toContain('unpaired_ci95_half');
    // the manifest keeps describing the folder: its digest of compare.arrow is the new file's
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: Record<string, string> };
    expect(manifest.files['compare.arrow']).toBe(createHash('sha256').update(readFileSync(join(dir, 'compare.arrow'))).digest('hex'));
    expect(manifest.files['runs.arrow']).toBe(createHash('sha256').update(readFileSync(join(dir, 'runs.arrow'))).digest('hex'));
    const bad = await cli('compare', dir, '--baseline', 'servers=7,rate=5');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--baseline: error: no variant is named 'servers=7,rate=5'[\s\S]*did you mean 'servers=7,rate=5\/s'/);
  });

  it('check passes against itself and fails (exit 1) on a real regression', async () => {
    const ok = await cli('check', one, '--baseline', two, '--max-regression', 'tools.wait_mean_s=5%');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/no regression/);
    // the same sweep at lower load is a baseline the current results are clearly worse than
    const easy = join(root, 'easy');
    expect((await cli('run', SMALL, '--out', easy, '--workers', '1', '--set', 'stations.tools.service.mean=0.8s')).code).toBe(0);
    const bad = await cli('check', one, '--baseline', join(easy, 'runs.arrow'), '--max-regression', 'tools.wait_mean_s=5%', '--max-regression', 'tools.utilisation=10%');
    expect(bad.code).toBe(1);
    // utilisation is 25% higher, certainly (tight paired CI): a regression
    expect(bad.err).toMatch(/6 regression\(s\):\n  tools\.utilisation of servers=7,rate=5\/s/);
    // waits are ~4× longer, but two replicates cannot rule out noise (t(0.975, 1) = 12.7): not failed
    expect(bad.out).toMatch(/ok +servers=7,rate=5\/s +tools\.wait_mean_s/);
    const typo = await cli('check', one, '--baseline', two, '--max-regression', 'tools.wiat_mean_s=5%');
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/did you mean 'tools.wait_mean_s'/);
  });

  it('report writes one self-contained page with SVG charts and nothing to fetch', async () => {
    const r = await cli('report', one);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(join(one, 'report.html'), 'utf8');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(html).not.toMatch(/<script/);
    expect(html.replace(/xmlns(:xlink)?="http:\/\/www\.w3\.org\/[^"]+"/g, '')).not.toMatch(/https?:\/\//);
    expect(html).toContain('Pareto front');
  });
});

describe('bad sweep input: exit 2, a located message, nothing written', () => {
  const root = mkdtempSync(join(tmpdir(), 'fleetsim-sweep-bad-'));

  it.each([
    ['unknown sweep path', ['run', 'test/fixtures/scenarios/sweep/unknown-path.yaml'], /unknown-path\.yaml:8:5: error: stations\[0\]\.sevrers: unknown key 'sevrers' in stations\[0\]\n  hint: did you mean 'servers'\?/],
    ['empty grid', ['run', 'test/fixtures/scenarios/sweep/empty-grid.yaml'], /empty-grid\.yaml:7:9: error: sweep\.grid: is empty: it names no path/],
    ['shard 5/4', ['run', SMALL, '--shard', '5/4'], /--shard <i\/n>' argument '5\/4' is invalid\. shard index 5 is out of range for 4 shards/],
    ['--shards without an index', ['run', SMALL, '--shards', '4'], /--shards 4 needs the shard index/],
  ])('%s', async (_name, argv, message) => {
    const out = join(root, `out-${_name.replace(/\W+/g, '-')}`);
    const r = await cli(...(argv as string[]), '--out', out, '--workers', '1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(STACK);
    expect(existsSync(out)).toBe(false);
  });

  it('merging shards of different scenarios (hash mismatch) is refused and writes nothing', async () => {
    const shards = join(root, 'mixed');
    expect((await cli('run', SMALL, '--out', shards, '--shard', '0/2', '--workers', '1')).code).toBe(0);
    expect((await cli('run', SMALL, '--out', shards, '--shard', '1/2', '--workers', '1', '--set', 'horizon=20m')).code).toBe(0);
    const out = join(root, 'mixed-out');
    const r = await cli('merge', shards, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/shard-1-of-2: error: shards of different experiments: scenario hash [0-9a-f]{12}… here, [0-9a-f]{12}… in .*shard-0-of-2/);
    expect(existsSync(out)).toBe(false);
    // even with --force, an existing results folder survives a refused merge
    const existing = join(root, 'mixed-existing');
    expect((await cli('run', SMALL, '--out', existing, '--workers', '1', '--set', 'horizon=10m')).code).toBe(0);
    const before = readFileSync(join(existing, 'runs.arrow'));
    const forced = await cli('merge', shards, '--out', existing, '--force');
    expect(forced.code).toBe(2);
    expect(readFileSync(join(existing, 'runs.arrow')).equals(before)).toBe(true);
  });

  it('merging an incomplete set of shards names the missing ones; an existing output is not overwritten', async () => {
    const shards = join(root, 'partial');
    expect((await cli('run', SMALL, '--out', shards, '--shard', '2/3', '--workers', '1')).code).toBe(0);
    const r = await cli('merge', shards, '--out', join(root, 'partial-out'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing shard\(s\) 0\/3, 1\/3 of 3/);
    const existing = join(root, 'existing');
    writeFileSync(join(root, 'marker'), 'x');
    expect((await cli('run', SMALL, '--out', existing, '--workers', '1', '--set', 'horizon=10m')).code).toBe(0);
    const before = readFileSync(join(existing, 'runs.arrow'));
    const again = await cli('merge', shards, '--out', existing);
    expect(again.code).toBe(2);
    expect(readFileSync(join(existing, 'runs.arrow')).equals(before)).toBe(true);
  });
});

describe('failed jobs and the checkpoint (library)', () => {
  it('reports the failed job with its variant and seed, keeps the others, and --resume runs only the failed one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'fleetsim-fail-'));
    const { scenario, variants } = loadExperiment(SMALL);
    const clean = await runExperiment(scenario, { workers: 0, variants, outDir: join(root, 'clean') });
    const out = join(root, 'flaky');
    const calls: number[] = [];
    const failing = (s: Scenario, j: Job) => {
      calls.push(j.index);
      if (j.variantName === 'servers=8,rate=5/s' && j.replicate === 1) throw new Error('simulated crash');
      return runJob(s, j);
    };
    let error: unknown;
    try {
      await runExperiment(scenario, { workers: 0, variants, outDir: out, runInThread: failing });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JobsFailedError);
    const text = (error as JobsFailedError).format();
    expect(text).toMatch(/1 of 12 job\(s\) failed:\n  variant servers=8,rate=5\/s, replicate 1, seed 21: simulated crash/);
    expect(text).toMatch(/11 of 12 job\(s\) are done and kept in .*\.flaky\.work; fix the cause and rerun with --resume/);
    expect((error as JobsFailedError).exitCode).toBe(1);
    expect(calls).toHaveLength(12);
    expect(existsSync(out)).toBe(false);
    expect(readRecordFile(join(workDirFor(out), 'checkpoint.bin')).records).toHaveLength(11);

    const resumedCalls: number[] = [];
    const outcome = await runExperiment(scenario, {
      workers: 0,
      variants,
      outDir: out,
      resume: true,
      runInThread: (s, j) => (resumedCalls.push(j.index), runJob(s, j)),
    });
    expect(resumedCalls).toEqual([5]);
    expect(outcome.fromCheckpoint).toBe(11);
    for (const f of FILES) expect(readFileSync(join(out, f)).equals(Buffer.from(clean.files[f] as Uint8Array | string)), f).toBe(true);
    expect(existsSync(workDirFor(out))).toBe(false);
  });

  it('refuses to start over a checkpoint without --resume or --force, and to resume another experiment', async () => {
    const root = mkdtempSync(join(tmpdir(), 'fleetsim-ckpt-'));
    const out = join(root, 'r');
    const { scenario, variants } = loadExperiment(SMALL);
    await expect(runExperiment(scenario, { workers: 0, variants, outDir: out, runInThread: () => { throw new Error('x'); } })).rejects.toThrow(JobsFailedError);
    const again = await cli('run', SMALL, '--out', out, '--workers', '1');
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/\.r\.work: error: an interrupted run left a checkpoint here \(0 job\(s\) done\)\n  hint: pass --resume to continue it, or --force to start over/);
    const other = await cli('run', SMALL, '--out', out, '--workers', '1', '--resume', '--set', 'horizon=20m');
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/the checkpoint belongs to another experiment \(scenario hash/);
    const forced = await cli('run', SMALL, '--out', out, '--workers', '1', '--force');
    expect(forced.code, forced.err).toBe(0);
  });
});

describe('progress bar', () => {
  it('is drawn only on a terminal outside CI', () => {
    expect(wantsProgress(true, {})).toBe(true);
    expect(wantsProgress(true, { CI: 'true' })).toBe(false);
    expect(wantsProgress(false, {})).toBe(false);
    expect(wantsProgress(undefined, {})).toBe(false);
  });

  it('shows done/total, elapsed and an ETA from the jobs run so far', () => {
    let t = 0;
    let drawn = '';
    const bar = new ProgressBar((s) => (drawn += s), 10, 2, () => t);
    t = 4;
    bar.tick();
    bar.tick();
    expect(bar.line()).toBe('[##########..............] 4/10 jobs · 0:04 elapsed · ETA 0:12');
    bar.finish();
    expect(drawn.endsWith('\n')).toBe(true);
  });
});
