import { describe, expect, it } from 'vitest';
import { findAccelerator } from '../../src/catalog/lookup.js';
import { runScenario, scalar } from '../helpers/run-scenario.js';

/**
 * scenarios/planetary.yaml, reduced to 2 hours and a 3,000-agent cell, three replicates each at a
 * trillion agents and at a hundred billion. Headlines: finite population figures with finite,
 * non-zero 95% intervals; cells = agents / simulated; GPUs = cells × the cell's 6 GPUs; every
 * population figure and its interval scale exactly linearly with the population (the cell's runs
 * are the same, common random numbers); megawatts follow the catalog's power model and the PUE, and
 * per-day figures the measured totals (independent arithmetic from the pools' own scalars).
 */
const FIGURES = ['population_gpus', 'population_mw', 'population_usd_per_day', 'population_goals_per_day', 'population_artifacts_per_day', 'population_state_bytes'];
const cell = (agents: string, replicate: number) =>
  runScenario('scenarios', 'planetary.yaml', ['horizon=2h', 'warmup=30m', 'cohorts.assistants.simulated=3000', `cohorts.assistants.agents=${agents}`], replicate);

/** Mean and Student-t 95% half-width of three values. */
function interval(x: number[]): { mean: number; half: number } {
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / (x.length - 1));
  return { mean, half: (4.302652729911275 * sd) / Math.sqrt(x.length) }; // t(0.975, 2)
}

describe('scenarios/planetary.yaml (reduced)', () => {
  const trillion = [0, 1, 2].map((r) => cell('1e12', r));
  const tenth = [0, 1, 2].map((r) => cell('1e11', r));
  const get = (runs: typeof trillion, name: string) => runs.map((r) => scalar(r, `assistants.${name}`));

  it('cells = agents / simulated and GPUs = cells × the cell’s 6 GPUs', () => {
    for (const c of get(trillion, 'cells')) expect(c).toBe(1e12 / 3000);
    for (const g of get(trillion, 'population_gpus')) expect(g / ((1e12 / 3000) * 6)).toBeCloseTo(1, 12);
  });

  it('every population figure is finite and positive with a finite, non-zero interval, and interval and mean scale ×10 with the population', () => {
    for (const name of FIGURES) {
      const a = interval(get(trillion, name));
      const b = interval(get(tenth, name));
      expect(Number.isFinite(a.mean) && a.mean > 0, name).toBe(true);
      expect(Number.isFinite(a.half), name).toBe(true);
      if (name !== 'population_gpus') expect(a.half, name).toBeGreaterThan(0); // the GPUs are fixed by design: a zero-width interval
      expect(a.mean / b.mean, name).toBeCloseTo(10, 9);
      if (a.half > 0) expect(a.half / b.half, name).toBeCloseTo(10, 6);
    }
  });

  it('megawatts follow the catalog power model (idle + (TDP − idle) × utilisation, × PUE 1.2) of the cell\'s pools, times the cells', () => {
    const h100 = findAccelerator('H100');
    for (const r of trillion) {
      const cellW = [['big', 4], ['small', 2]].reduce((w, [pool, count]) => {
        const u = Math.min(1, scalar(r, `${pool}.utilisation`));
        return w + (count as number) * (h100.idleW + (h100.tdpW - h100.idleW) * u) * 1.2;
      }, 0);
      expect((scalar(r, 'assistants.population_mw') * 1e6) / (1e12 / 3000) / cellW).toBeCloseTo(1, 9);
    }
  });

  it('per-day figures are the cell\'s measured totals × 86,400 s / the measured time × the cells', () => {
    const cells = 1e12 / 3000;
    for (const r of trillion) {
      const perDay = (x: number) => (cells * x * 86400) / scalar(r, 'sim.measured_s');
      expect(scalar(r, 'assistants.population_goals_per_day') / perDay(scalar(r, 'assistants.goals_completed'))).toBeCloseTo(1, 12);
      expect(scalar(r, 'assistants.population_artifacts_per_day') / perDay(scalar(r, 'assistants.goals_succeeded'))).toBeCloseTo(1, 12);
      const cost = scalar(r, 'big.cost_usd') + scalar(r, 'small.cost_usd') + scalar(r, 'assistants.storage_usd');
      expect(scalar(r, 'assistants.population_usd_per_day') / perDay(cost)).toBeCloseTo(1, 9);
    }
  });
});
