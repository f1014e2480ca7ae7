import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import pl from 'nodejs-polars';
import { readArrowTable } from '../../src/output/arrow-io.js';
import { mmcMeanWait } from '../../src/fleet/queueing-theory.js';
import { cli } from '../helpers/cli.js';

const TABLES = ['runs.arrow', 'summary.arrow', 'timeseries.arrow'];

describe('fleetsim run', () => {
  const root = mkdtempSync(join(tmpdir(), 'fleetsim-run-'));
  const one = join(root, 'w1');
  const two = join(root, 'w2');
  let printed = '';

  beforeAll(async () => {
    const a = await cli('run', 'test/cli/fixtures/stations.yaml', '--out', one, '--workers', '1');
    expect(a.err).toBe('');
    expect(a.code).toBe(0);
    printed = a.out;
    const b = await cli('run', 'test/cli/fixtures/stations.yaml', '--out', two, '--workers', '2');
    expect(b.code).toBe(0);
  });

  it('writes byte-identical Arrow tables with 1 and 2 worker threads', () => {
    for (const f of TABLES) {
      expect(readFileSync(join(one, f)).equals(readFileSync(join(two, f))), f).toBe(true);
    }
  });

  it('prints a summary naming the scenario and its metrics', () => {
    expect(printed).toMatch(/stations: 8 run\(s\), seed 42/);
    expect(printed).toMatch(/tools\.wait_mean_s/);
  });

  it('stamps every table with format version, fleetsim version, scenario hash and seed', () => {
    const manifest = JSON.parse(readFileSync(join(one, 'manifest.json'), 'utf8'));
    for (const f of TABLES) {
      const meta = readArrowTable(join(one, f)).schema.metadata;
      expect(meta.get('fleetsim.format_version')).toBe('1');
      expect(meta.get('fleetsim.version')).toBe(manifest.fleetsim_version);
      expect(meta.get('fleetsim.scenario_hash')).toBe(manifest.scenario.hash);
      expect(meta.get('fleetsim.seed')).toBe('42');
    }
    expect(manifest.scenario.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes tables an independent Arrow reader (polars) opens, with one row per replicate', () => {
    const runs = pl.readIPC(readFileSync(join(one, 'runs.arrow')));
    expect(runs.height).toBe(8);
    expect(runs.getColumn('replicate').toArray()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const summary = pl.readIPC(readFileSync(join(one, 'summary.arrow')));
    expect(summary.columns).toEqual(['variant', 'metric', 'n', 'mean', 'sd', 'ci95_lo', 'ci95_hi', 'ci95_half']);
    const ts = pl.readIPC(readFileSync(join(one, 'timeseries.arrow')));
    // 2 h in 5 min windows = 24 windows, per station, per replicate
    expect(ts.height).toBe(24 * 2 * 8);
  });

  it('refuses to overwrite existing results without --force, and keeps them', async () => {
    const before = readFileSync(join(one, 'runs.arrow'));
    const r = await cli('run', 'test/cli/fixtures/stations.yaml', '--out', one, '--workers', '1', '--seed', '5');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/already exists/);
    expect(readFileSync(join(one, 'runs.arrow')).equals(before)).toBe(true);
  });

  it('--seed changes the numbers, --set changes the scenario hash', async () => {
    const s = join(root, 'seed5');
    expect((await cli('run', 'test/cli/fixtures/stations.yaml', '--out', s, '--workers', '1', '--seed', '5')).code).toBe(0);
    expect(readFileSync(join(s, 'runs.arrow')).equals(readFileSync(join(one, 'runs.arrow')))).toBe(false);
    const t = join(root, 'set');
    expect((await cli('run', 'test/cli/fixtures/stations.yaml', '--out', t, '--workers', '1', '--set', 'stations[0].servers=20')).code).toBe(0);
    const h1 = JSON.parse(readFileSync(join(one, 'manifest.json'), 'utf8')).scenario.hash;
    const h2 = JSON.parse(readFileSync(join(t, 'manifest.json'), 'utf8')).scenario.hash;
    expect(h2).not.toBe(h1);
  });
});

describe('M/M/8 through the whole pipeline', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'fleetsim-mm8-')), 'mm8');
  beforeAll(async () => {
    const r = await cli('run', 'test/cli/fixtures/mm8.yaml', '--out', out, '--workers', '2');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it("satisfies Little's law on the written runs table: L = λW within 1% in every run", () => {
    const runs = pl.readIPC(readFileSync(join(out, 'runs.arrow')));
    const L = runs.getColumn('tools.in_system_mean').toArray() as number[];
    const lambda = runs.getColumn('tools.throughput_per_s').toArray() as number[];
    const W = runs.getColumn('tools.sojourn_mean_s').toArray() as number[];
    expect(L).toHaveLength(4);
    for (let i = 0; i < L.length; i++) expect(Math.abs(L[i] - lambda[i] * W[i]) / L[i]).toBeLessThan(0.01);
  });

  it('has a summary CI of the mean wait that contains the Erlang-C value (4 × ~360k customers)', () => {
    const s = pl.readIPC(readFileSync(join(out, 'summary.arrow'))).filter(pl.col('metric').eq(pl.lit('tools.wait_mean_s')));
    const lo = s.getColumn('ci95_lo').toArray()[0] as number;
    const hi = s.getColumn('ci95_hi').toArray()[0] as number;
    const wq = mmcMeanWait(7.2, 1, 8);
    expect(lo).toBeLessThan(wq);
    expect(hi).toBeGreaterThan(wq);
  });

  it('leaves no temporary folder beside the results', () => {
    expect(readdirSync(dirname(out))).toEqual(['mm8']);
  });
});
