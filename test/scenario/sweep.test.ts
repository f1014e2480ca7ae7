import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { expandJobs } from '../../src/experiment/job.js';
import { loadExperimentText } from '../../src/scenario/load-experiment.js';
import { loadScenarioText } from '../../src/scenario/load.js';

const BASE = `
seed: 5
horizon: 1h
replicates: 3
stations:
  - { name: tools, servers: 8, service: { dist: exponential, mean: 1s } }
  - { name: browser, servers: 4, service: { dist: exponential, mean: 5s } }
arrivals:
  - { name: calls, to: tools, rate: 6/s }
  - { name: browse, to: browser, rate: 0.5/s }
`;

const load = (sweep: string) => loadExperimentText(BASE + sweep, 'inline.yaml');

/** The formatted error of an experiment that should be rejected. */
function failure(sweep: string): string {
  try {
    load(sweep);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(2);
    return (e as UserError).format();
  }
  throw new Error('expected the experiment to be rejected');
}

describe('sweep expansion', () => {
  it('a scenario without a sweep is the single variant base', () => {
    const e = load('');
    expect(e.variants.map((v) => v.name)).toEqual(['base']);
    expect(e.variants[0].overrides).toEqual([]);
    expect(e.variants[0].scenario.stations[0].servers).toBe(8);
  });

  it('grid: cartesian product, first path slowest, names from the values, units resolved in the scenario', () => {
    const e = load(`
sweep:
  grid:
    stations.tools.servers: [8, 10]
    arrivals[0].rate: [5/s, 6/s, 7/s]
`);
    expect(e.variants.map((v) => v.name)).toEqual([
      'servers=8,rate=5/s',
      'servers=8,rate=6/s',
      'servers=8,rate=7/s',
      'servers=10,rate=5/s',
      'servers=10,rate=6/s',
      'servers=10,rate=7/s',
    ]);
    const v = e.variants[4];
    expect(v.scenario.stations[0].servers).toBe(10);
    expect(v.scenario.arrivals[0].interarrival).toEqual({ dist: 'exponential', mean: 1 / 6 });
    expect(v.overrides).toEqual([
      { path: 'stations.tools.servers', value: 10, text: '10', number: 10 },
      { path: 'arrivals[0].rate', value: '6/s', text: '6/s', number: 6 },
    ]);
    // the variant scenario is a plain scenario: no sweep in it
    expect(v.scenario.sweep).toBeUndefined();
  });

  it('zip pairs the i-th values; paths sharing a last key get longer labels', () => {
    const e = load(`
sweep:
  zip:
    stations.tools.servers: [10, 8]
    stations.browser.servers: [2, 4]
`);
    expect(e.variants.map((v) => v.name)).toEqual(['tools.servers=10,browser.servers=2', 'tools.servers=8,browser.servers=4']);
    expect(e.variants[1].scenario.stations.map((s) => s.servers)).toEqual([8, 4]);
  });

  it('grid × zip × random combine as a product', () => {
    const e = load(`
sweep:
  grid: { horizon: [1h, 2h] }
  zip: { stations.tools.servers: [8, 9, 10] }
  random: { n: 2, params: { arrivals.calls.rate: { dist: uniform, min: 5/s, max: 6/s } } }
`);
    expect(e.variants).toHaveLength(12);
    expect(new Set(e.variants.map((v) => v.name)).size).toBe(12);
  });

  it('random samples are seeded, reproducible, within bounds, and one path never shifts another', () => {
    const RATE = '      arrivals.calls.rate: { dist: log-uniform, min: 1/s, max: 100/s }\n';
    const SERVERS = '      stations.tools.servers: { dist: uniform, min: 4, max: 12, integer: true }\n';
    const random = (params: string) => load(`sweep:\n  random:\n    n: 20\n    seed: 9\n    params:\n${params}`);
    const one = random(RATE + SERVERS);
    const again = random(RATE + SERVERS);
    const onlyRate = random(RATE);
    const rates = (e: typeof one) => e.variants.map((v) => v.overrides[0].number as number);
    expect(rates(one)).toHaveLength(20);
    expect(rates(one)).toEqual(rates(again));
    expect(rates(one)).toEqual(rates(onlyRate));
    for (const r of rates(one)) expect(r >= 1 && r <= 100).toBe(true);
    const servers = one.variants.map((v) => v.scenario.stations[0].servers);
    for (const s of servers) expect(Number.isInteger(s) && s >= 4 && s <= 12).toBe(true);
    expect(new Set(servers).size).toBeGreaterThan(3);
  });

  it('choice picks among written values (any YAML, e.g. distributions)', () => {
    const e = load(`
sweep:
  random:
    n: 6
    params:
      stations.tools.service: { dist: choice, values: [{ dist: exponential, mean: 1s }, { dist: constant, value: 1s }] }
`);
    const kinds = e.variants.map((v) => v.scenario.stations[0].service.dist);
    expect(kinds).toHaveLength(6);
    expect(kinds.every((k) => k === 'exponential' || k === 'constant')).toBe(true);
    expect(e.variants[0].name).toMatch(/^service=\{dist:(exponential,mean:1s|constant,value:1s)\}/);
  });

  it('common random numbers: a job’s seed and replicate never depend on its variant', () => {
    const e = load(`
sweep:
  grid: { stations.tools.servers: [8, 10, 12] }
`);
    const jobs = expandJobs(e.scenario, e.variants);
    expect(jobs).toHaveLength(9);
    expect(jobs.map((j) => [j.variant, j.replicate, j.seed])).toEqual([
      [0, 0, 5], [0, 1, 5], [0, 2, 5],
      [1, 0, 5], [1, 1, 5], [1, 2, 5],
      [2, 0, 5], [2, 1, 5], [2, 2, 5],
    ]);
  });

  it('the scenario hash covers the sweep and compare blocks; a scenario without them hashes as before', () => {
    const plain = loadScenarioText(BASE, 'inline.yaml');
    expect(load('').scenario.source.hash).toBe(plain.source.hash);
    const a = load('sweep: { grid: { stations.tools.servers: [8, 10] } }');
    const b = load('sweep: { grid: { stations.tools.servers: [8, 12] } }');
    expect(a.scenario.source.hash).not.toBe(b.scenario.source.hash);
    expect(a.scenario.source.hash).not.toBe(plain.source.hash);
  });

  it('a null value in a sweep removes the setting in that variant (its default applies)', () => {
    const e = loadExperimentText(BASE + 'warmup: 10m\nsweep:\n  grid:\n    warmup: [null, 30m]\n', 'inline.yaml');
    expect(e.variants.map((v) => v.scenario.warmup)).toEqual([0, 1800]);
  });
});

describe('bad sweeps: exit 2, located, with a did-you-mean', () => {
  it('an unknown path points at the sweep key and suggests the right one', () => {
    const err = failure(`
sweep:
  grid:
    stations.tools.sevrers: [8, 10]
`);
    expect(err).toContain('inline.yaml:14:5');
    expect(err).toContain("stations[0].sevrers: unknown key 'sevrers' in stations[0]");
    expect(err).toContain("did you mean 'servers'?");
  });

  it('an unknown list item name gets the names', () => {
    expect(failure('sweep: { grid: { stations.tols.servers: [8] } }')).toMatch(/no item of stations is named 'tols'[\s\S]*did you mean 'tools'\?/);
  });

  it('an empty grid, and a grid path with no values', () => {
    expect(failure('sweep:\n  grid: {}\n')).toMatch(/inline\.yaml:12:9: error: sweep\.grid: is empty: it names no path/);
    expect(failure('sweep:\n  grid:\n    horizon: []\n')).toMatch(/inline\.yaml:13:14: error: sweep\.grid\.horizon: needs at least one value/);
    expect(failure('sweep: {}\n')).toMatch(/sweep: names no variants \(expected grid:, zip: or random:\)/);
  });

  it('zip lists of different lengths', () => {
    expect(failure('sweep:\n  zip:\n    horizon: [1h, 2h]\n    seed: [1]\n')).toMatch(/sweep\.zip\.seed: has 1 value but horizon has 2/);
  });

  it('a bad value is reported where the sweep wrote it, naming the variant', () => {
    const err = failure('sweep:\n  grid:\n    stations.tools.servers: [8, 0]\n');
    expect(err).toContain('inline.yaml:13:33: error: stations[0].servers: must be ≥ 1, got 0');
    expect(err).toContain("in sweep variant 'servers=0'");
  });

  it('a path swept twice, and sections that cannot be swept', () => {
    expect(failure('sweep:\n  grid: { horizon: [1h] }\n  zip: { horizon: [2h] }\n')).toMatch(/horizon is already swept by sweep\.grid\.horizon/);
    expect(failure('sweep:\n  grid: { extends: [a.yaml] }\n')).toMatch(/extends cannot be swept/);
  });

  it('a random sampler with max below min, or an unknown kind', () => {
    expect(failure('sweep:\n  random: { n: 2, params: { horizon: { dist: uniform, min: 2h, max: 1h } } }\n')).toMatch(/max: must be ≥ min/);
    expect(failure('sweep:\n  random: { n: 2, params: { horizon: { dist: unifrom, min: 1h, max: 2h } } }\n')).toMatch(/did you mean 'uniform'\?/);
  });

  it('a compare baseline that names no variant', () => {
    const err = failure('sweep: { grid: { stations.tools.servers: [8, 10] } }\ncompare: { baseline: servers=9 }\n');
    expect(err).toMatch(/inline\.yaml:12:22: error: compare\.baseline: no variant is named 'servers=9'/);
    expect(err).toMatch(/did you mean 'servers=8'\?/);
  });

  it('refuses a path inside another swept path', () => {
    expect(failure('sweep:\n  grid: { stations.tools.service.mean: [1s, 2s] }\n  zip:\n    stations[0].service: [{ dist: constant, value: 1s }]\n')).toMatch(
      /stations\[0\]\.service\.mean lies inside stations\[0\]\.service, and both are swept/,
    );
  });
});

describe('the sweep example in README.md', () => {
  it('loads: 2 grid values × 5 zip rows × 20 random samples = 200 variants', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync('README.md', 'utf8');
    const block = /```yaml\n(sweep:[\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const base = `horizon: 1h
stations:
  - { name: tools, servers: 16, service: { dist: lognormal, mean: 2s, cv: 1.5 } }
  - { name: browser, servers: 8, service: { dist: exponential, mean: 5s } }
arrivals:
  - { name: tool-calls, to: tools, rate: 5.6/s }
`;
    const e = loadExperimentText(base + block, 'README.md');
    expect(e.variants).toHaveLength(200);
    expect(e.scenario.compare?.pareto).toEqual(['tools.wait_p95_s', 'browser.wait_p95_s']);
  });
});

describe('integer random sweeps', () => {
  it('refuse bounds around no whole number (the sampler would return a value outside them)', () => {
    expect(failure('sweep:\n  random:\n    n: 3\n    params:\n      tools.servers: { dist: uniform, min: 4.2, max: 4.8, integer: true }\n')).toMatch(
      /integer: no whole number lies between min \(4\.2\) and max \(4\.8\)/,
    );
  });
});
