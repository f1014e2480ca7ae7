import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { defaultScenarioName, loadScenario, loadScenarioText } from '../../src/scenario/load.js';

const GOOD = join(import.meta.dirname, '../fixtures/scenarios/good');

/** Loads text that should fail and returns the formatted error. */
function failure(text: string, opts = {}): string {
  try {
    loadScenarioText(text, 'inline.yaml', opts);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as UserError).format();
  }
  throw new Error('expected the scenario to be rejected');
}

const MINIMAL = `
horizon: 10h
stations:
  - { name: tools, servers: 8, service: { dist: exponential, mean: 1s } }
arrivals:
  - { name: calls, to: tools, rate: 7.2/s }
`;

describe('loadScenario on the foundation example', () => {
  const s = loadScenario(join(GOOD, 'mm8.yaml'));

  it('resolves every unit to seconds and per-second rates', () => {
    expect(s).toMatchObject({
      name: 'mm8',
      description: 'Eight tool sandboxes under Poisson load',
      seed: 42,
      horizon: 36000,
      warmup: 1800,
      window: 60,
      replicates: 20,
      stations: [{ name: 'tools', servers: 8, service: { dist: 'exponential', mean: 1 } }],
      arrivals: [
        { name: 'calls', to: 'tools', interarrival: { dist: 'exponential', mean: 1 / 7.2 } },
        { name: 'batch', to: 'tools', interarrival: { dist: 'lognormal', mean: 2, cv: 3 } },
      ],
    });
  });

  it('carries its source file and a sha256 hash', () => {
    expect(s.source.file).toBe(join(GOOD, 'mm8.yaml'));
    expect(s.source.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is deep-frozen', () => {
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.stations)).toBe(true);
    expect(Object.isFrozen(s.stations[0].service)).toBe(true);
    expect(Object.isFrozen(s.source)).toBe(true);
    expect(() => {
      (s.stations[0] as { servers: number }).servers = 1;
    }).toThrow(TypeError);
  });

  it('turns rate into an exponential interarrival and keeps no rate field', () => {
    expect(Object.keys(s.arrivals[0]).sort()).toEqual(['interarrival', 'name', 'to']);
  });
});

describe('defaults', () => {
  const s = loadScenarioText(MINIMAL, 'some/dir/quick-check.yaml');
  it('fill seed, warmup, replicates, description, and name from the file', () => {
    expect(s).toMatchObject({ name: 'quick-check', seed: 1, warmup: 0, replicates: 1, description: '' });
  });
  it('make the window a hundredth of the horizon', () => {
    expect(s.window).toBe(360);
  });
  it('turn a file name into a valid scenario name', () => {
    expect(defaultScenarioName('runs/my scenario (v2).yaml')).toBe('my-scenario-v2-');
    expect(defaultScenarioName('.yaml')).toBe('.yaml');
  });
});

describe('every distribution kind', () => {
  const s = loadScenario(join(GOOD, 'distributions.yaml'));
  const service = Object.fromEntries(s.stations.map((st) => [st.name, st.service]));
  it('resolves units inside parameters', () => {
    expect(service).toEqual({
      constant: { dist: 'constant', value: 0.25 },
      uniform: { dist: 'uniform', min: 1, max: 60 },
      exponential: { dist: 'exponential', mean: 2.5 },
      normal: { dist: 'normal', mean: 10, sd: 0.5 },
      lognormal: { dist: 'lognormal', mean: 2, cv: 3 },
      'lognormal-mu': { dist: 'lognormal', mu: 0.5, sigma: 1.2 },
      gamma: { dist: 'gamma', shape: 2, scale: 0.0015 },
      pareto: { dist: 'pareto', alpha: 1.5, xm: 0.1 },
      bernoulli: { dist: 'bernoulli', p: 0.25 },
      poisson: { dist: 'poisson', mean: 3 },
      zipf: { dist: 'zipf', n: 1000, s: 1.1 },
      empirical: { dist: 'empirical', values: [1, 2, 60], weights: [1, 2, 1] },
      'empirical-cdf': { dist: 'empirical', cdf: [[0, 0], [0.5, 0.5], [2, 1]] },
    });
  });
  it('accepts a per-day rate', () => {
    expect(s.arrivals[0].interarrival).toEqual({ dist: 'exponential', mean: 864 });
  });
});

describe('hash', () => {
  const base = loadScenarioText(MINIMAL, 'h.yaml');
  it('is stable under key reordering and different spellings of the same value', () => {
    const reordered = `
arrivals:
  - { rate: 432/min, to: tools, name: calls }
stations:
  - service: { mean: 1000ms, dist: exponential }
    servers: 8
    name: tools
horizon: 600m
`;
    expect(loadScenarioText(reordered, 'h.yaml').source.hash).toBe(base.source.hash);
  });
  it('changes when a value changes', () => {
    expect(loadScenarioText(MINIMAL.replace('servers: 8', 'servers: 9'), 'h.yaml').source.hash).not.toBe(base.source.hash);
    expect(loadScenarioText(MINIMAL, 'h.yaml', { seed: 2 }).source.hash).not.toBe(base.source.hash);
  });
  it('does not depend on where the file lives, only on what it says', () => {
    expect(loadScenarioText(MINIMAL, 'elsewhere/h.yaml').source.hash).toBe(base.source.hash);
  });
});

describe('extends', () => {
  it('merges mappings key by key and replaces lists and values', () => {
    const s = loadScenario(join(GOOD, 'child.yaml'));
    expect(s).toMatchObject({ name: 'child', description: 'base', seed: 7, horizon: 7200, warmup: 300, window: 30 });
    expect(s.stations.map((st) => st.name)).toEqual(['tools', 'web']);
    expect(s.arrivals).toEqual([{ name: 'browse', to: 'web', interarrival: { dist: 'gamma', shape: 2, scale: 1.5 } }]);
  });

  it('chains, with base paths relative to the file that names them', () => {
    const s = loadScenario(join(GOOD, 'variants/grandchild.yaml'));
    expect(s).toMatchObject({ name: 'deep', horizon: 7200, warmup: 600, window: 30, seed: 7 });
  });

  it('resolves relative to the label of loadScenarioText', () => {
    const s = loadScenarioText('extends: base.yaml\nreplicates: 3\n', join(GOOD, 'inline.yaml'));
    expect(s).toMatchObject({ name: 'inline', replicates: 3, horizon: 3600 });
  });

  it('replaces a distribution whose kind changes instead of mixing parameters', () => {
    const text = `
extends: base.yaml
stations:
  - name: tools
    servers: 4
    service: { dist: constant, value: 1s }
`;
    expect(loadScenarioText(text, join(GOOD, 'x.yaml')).stations).toEqual([{ name: 'tools', servers: 4, service: { dist: 'constant', value: 1 } }]);
  });
});

describe('--set overrides', () => {
  it('apply after extends, by index or by name, later ones winning', () => {
    const s = loadScenario(join(GOOD, 'child.yaml'), {
      set: ['stations[0].servers=16', 'stations.web.servers=3', 'horizon=3h', 'horizon=4h', 'seed=11'],
    });
    expect(s.stations.map((st) => st.servers)).toEqual([16, 3]);
    expect(s.horizon).toBe(4 * 3600);
    expect(s.seed).toBe(11);
  });

  it('read the value as YAML, so a whole distribution can be replaced', () => {
    const s = loadScenarioText(MINIMAL, 'x.yaml', { set: ['stations[0].service={dist: uniform, min: 1s, max: 3s}'] });
    expect(s.stations[0].service).toEqual({ dist: 'uniform', min: 1, max: 3 });
  });

  it('can add a setting the file does not have', () => {
    expect(loadScenarioText(MINIMAL, 'x.yaml', { set: ['warmup=15m'] }).warmup).toBe(900);
  });

  it('remove a setting with null, so its default applies (optional blocks are dropped)', () => {
    const withWarmup = MINIMAL + 'warmup: 15m\n';
    expect(loadScenarioText(withWarmup, 'x.yaml').warmup).toBe(900);
    expect(loadScenarioText(withWarmup, 'x.yaml', { set: ['warmup=null'] }).warmup).toBe(loadScenarioText(MINIMAL, 'x.yaml').warmup);
    expect(failure(MINIMAL, { set: ['stations[0].service=~'] })).toMatch(/stations\[0\]\.service/);
  });

  it('lose to the seed option', () => {
    expect(loadScenarioText(MINIMAL, 'x.yaml', { set: ['seed=5'], seed: 99 }).seed).toBe(99);
  });

  it('report a bad seed option as coming from --seed', () => {
    expect(failure(MINIMAL, { seed: -1 })).toContain('--seed: error: seed: must be ≥ 0, got -1');
  });

  it.each([
    ['horizon', "'horizon' has no '='"],
    ['stations[0=1', 'is not a path'],
    ['extends=other.yaml', 'extends cannot be set'],
    ['horizon.unit=1', "horizon is a single value; it has no 'unit'"],
    ['stations[0].service.cv=2', "unknown key 'cv' in stations[0].service"],
    ['stations[0].servers=[1', 'YAML syntax'],
  ])('reject %j', (arg, message) => {
    const text = failure(MINIMAL, { set: [arg] });
    expect(text).toContain(`--set ${arg}: error:`);
    expect(text).toContain(message);
  });

  it('put a bad value at the flag, not at a file line', () => {
    expect(failure(MINIMAL, { set: ['horizon=-2h'] })).toBe(
      "--set horizon=-2h: error: horizon: must be > 0, got '-2h' (expected a duration > 0 such as 250ms, 10m, 2h)",
    );
  });
});

describe('errors', () => {
  it('are located in the file where the value was written, across extends', () => {
    const text = failure(`extends: ${join(GOOD, 'base.yaml')}\nhorizon: 1m\n`);
    expect(text).toContain('base.yaml:5:9: error: warmup: must be shorter than horizon (1m), got 5m');
    expect(failure(`extends: ${join(GOOD, 'base.yaml')}\nhorizon: 1 m\nwarmup: 2m\n`)).toContain('inline.yaml:3:9: error: warmup:');
  });

  it('are all reported, first one first', () => {
    const text = failure('horizon: 0\nreplicates: 0\nstations: {}\narrivals: 5\n');
    const lines = text.split('\n');
    expect(lines[0]).toContain('inline.yaml:1:10: error: horizon: must be > 0, got 0');
    expect(lines[1]).toContain('inline.yaml:2:13: error: replicates: must be ≥ 1, got 0');
    expect(lines[2]).toContain('inline.yaml:3:11: error: stations: got a mapping (expected a list of stations');
    expect(lines[3]).toContain('inline.yaml:4:11: error: arrivals: got 5 (expected a list of arrival streams');
  });

  it('point at the key of an unknown key inside a distribution, with its options', () => {
    const text = failure(MINIMAL.replace('mean: 1s', 'mean: 1s, sd: 2s'));
    expect(text).toContain("inline.yaml:4:72: error: stations[0].service.sd: unknown key 'sd'\n  hint: known keys: dist, mean");
  });

  it('report a misspelt section once, as the unknown key with its did-you-mean', () => {
    const text = failure(MINIMAL.replace('stations:', 'staions:'));
    expect(text).toBe("inline.yaml:3:1: error: staions: unknown key 'staions'\n  hint: did you mean 'stations'?");
  });

  it('tell to quote text that YAML reads as a number', () => {
    expect(failure(MINIMAL + 'name: 2024\n')).toContain('name: 2024 reads as a number, not a name (expected a name of letters');
    expect(failure(MINIMAL + 'name: 2024\n')).toContain('hint: put it in quotes: "2024"');
  });

  it('reject a second YAML document', () => {
    expect(failure(MINIMAL + '---\nhorizon: 1h\n')).toContain('inline.yaml:7:1: error: YAML syntax: a second document starts here');
  });

  it('reject values YAML reads as non-finite', () => {
    expect(failure(MINIMAL.replace('10h', '.inf'))).toContain('horizon: Infinity is not a finite number');
  });

  it('name an unknown alias', () => {
    expect(failure(MINIMAL.replace('10h', '*long'))).toContain("unknown alias '*long'");
  });

  it('accept anchors and aliases', () => {
    const s = loadScenarioText(MINIMAL.replace('{ dist: exponential, mean: 1s }', '&svc { dist: exponential, mean: 1s }') + '  - { name: more, to: tools, interarrival: *svc }\n', 'a.yaml');
    expect(s.arrivals[1].interarrival).toEqual({ dist: 'exponential', mean: 1 });
  });

  it('reject a window longer than the horizon', () => {
    expect(failure(MINIMAL + 'window: 11h\n')).toContain('window: is longer than horizon (10h), got 11h');
  });

  it('come from the kernel check for relations between parameters', () => {
    const text = failure(MINIMAL.replace('{ dist: exponential, mean: 1s }', '{ dist: empirical, values: [1s, 2s], weights: [1] }'));
    expect(text).toContain('stations[0].service.weights: weights must have the same length as values');
  });

  it('say which form of lognormal is incomplete', () => {
    const text = failure(MINIMAL.replace('{ dist: exponential, mean: 1s }', '{ dist: lognormal, mean: 1s }'));
    expect(text).toContain('stations[0].service.cv: is missing (lognormal by mean also needs cv) (expected a number > 0 (sd/mean))');
  });
});

describe('YAML merge keys', () => {
  const text = (stations: string) => `horizon: 1h\narrivals:\n  - { name: calls, to: a, rate: 1/s }\nstations:\n${stations}\n`;
  it('merge a mapping from an anchor; the mapping\'s own keys win, and of several merged mappings the first', () => {
    const s = loadScenarioText(
      text(`  - &base { name: a, servers: 4, service: { dist: exponential, mean: 1s } }
  - { <<: *base, name: b, servers: 8 }
  - <<: [{ servers: 2, name: x }, *base]
    name: c`),
      'merge.yaml',
    );
    expect(s.stations.map((st) => [st.name, st.servers])).toEqual([['a', 4], ['b', 8], ['c', 2]]);
    expect(s.stations[1].service).toEqual(s.stations[0].service);
  });

  it('refuse a merge of anything but mappings, at its position', () => {
    expect(failure(text(`  - { name: a, servers: 4, service: { dist: exponential, mean: 1s }, <<: 3 }`))).toMatch(
      /inline\.yaml:5:74: error: a merge key \(<<\) takes a mapping or a list of mappings/,
    );
  });

  it('a quoted "<<" is an ordinary (here unknown) key', () => {
    expect(failure(text(`  - { name: a, servers: 4, service: { dist: exponential, mean: 1s }, "<<": { servers: 1 } }`))).toMatch(/unknown .*'<<'/);
  });
});
