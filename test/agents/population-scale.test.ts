import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArrowTable } from '../../src/output/arrow-io.js';
import { cli } from '../helpers/cli.js';

const DIR = 'test/fixtures/scenarios/agents';

describe('a trillion agents from a few thousand simulated', () => {
  it('reports cells = agents / simulated and population totals = cells × the per-cell figures, with intervals', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fleetsim-trillion-')), 'out');
    const r = await cli('run', join(DIR, 'trillion.yaml'), '--out', out, '--workers', '2');
    expect(r.code).toBe(0);
    const runs = readArrowTable(join(out, 'runs.arrow'));
    const v = (n: string) => Array.from(runs.getChild(n)!.toArray() as Float64Array);
    expect(v('assistants.cells')).toEqual([1e12 / 3000, 1e12 / 3000, 1e12 / 3000]);
    v('assistants.gpus').forEach((g, i) => expect(v('assistants.population_gpus')[i]).toBeCloseTo(g * (1e12 / 3000), -3));
    const goalsPerDay = v('assistants.goals_completed').map((g) => (g / (4 * 3600)) * 86400 * (1e12 / 3000));
    goalsPerDay.forEach((g, i) => expect(v('assistants.population_goals_per_day')[i] / g).toBeCloseTo(1, 9));
    const summary = readArrowTable(join(out, 'summary.arrow'));
    const metric = summary.getChild('metric')!.toArray() as string[];
    const half = summary.getChild('ci95_half')!.toArray() as Float64Array;
    const mean = summary.getChild('mean')!.toArray() as Float64Array;
    const at = (name: string) => metric.indexOf(`assistants.${name}`);
    // the GPUs are cells × the simulated fleet: the same in every replicate, so a zero-width interval
    expect(mean[at('population_gpus')]).toBeCloseTo(6 * (1e12 / 3000), -3);
    expect(half[at('population_gpus')]).toBe(0);
    for (const name of ['population_mw', 'population_usd_per_day', 'population_goals_per_day', 'population_artifacts_per_day', 'population_state_bytes']) {
      const i = at(name);
      expect(i, name).toBeGreaterThanOrEqual(0);
      expect(mean[i], name).toBeGreaterThan(0);
      expect(half[i], name).toBeGreaterThan(0);
      expect(half[i] / mean[i], name).toBeLessThan(0.5);
    }
    // most of the trillion sleep in the state store; their memory is kept, and priced
    expect(v('assistants.suspended_mean')[0]).toBeGreaterThan(2000);
    expect(v('assistants.population_storage_usd_per_month')[0]).toBeGreaterThan(0);
  });
});
