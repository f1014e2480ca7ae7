import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../src/scenario/load-experiment.js';
import { runExperiment, type ExperimentOutcome } from '../../src/experiment/run-experiment.js';

// scenarios/sweep-tools.yaml: 24 CPU servers split between tool sandboxes and a browser pool.
describe('scenarios/sweep-tools.yaml: a fleet-mix comparison under common random numbers', () => {
  let outcome: ExperimentOutcome;
  beforeAll(async () => {
    const { scenario, variants } = loadExperiment('scenarios/sweep-tools.yaml');
    outcome = await runExperiment(scenario, { workers: 2, variants });
  });

  it('the CI of the paired difference is narrower than the unpaired one, for every split and metric', () => {
    const c = outcome.comparison!;
    expect(c.baseline).toBe('rate=5.6/s,tools.servers=16,browser.servers=8');
    const rows = c.rows.filter((r) => r.variant !== c.baseline && r.variant.startsWith('rate=5.6/s') && /(wait_mean_s|utilisation)$/.test(r.metric));
    expect(rows).toHaveLength(16);
    for (const r of rows) if (r.unpairedHalf > 0) expect(r.diffHalf, `${r.variant} ${r.metric}`).toBeLessThan(r.unpairedHalf);
    const median = (re: RegExp) => {
      const q = rows.filter((r) => re.test(r.metric) && r.unpairedHalf > 0).map((r) => r.diffHalf / r.unpairedHalf).sort((a, b) => a - b);
      return q[Math.floor(q.length / 2)];
    };
    const waits = median(/wait_mean_s$/), util = median(/utilisation$/);
    const show = (r: (typeof rows)[number]) => `${r.metric} ${r.variant.replace('rate=5.6/s,', '')}: ±${r.diffHalf.toPrecision(3)} paired vs ±${r.unpairedHalf.toPrecision(3)} unpaired`;
    console.log(`paired/unpaired 95% CI half-width, median over splits (5 replicates): mean waits ${waits.toFixed(3)}, utilisation ${util.toFixed(3)}\n  ${rows.filter((r) => /wait_mean_s|utilisation/.test(r.metric)).map(show).join('\n  ')}`);
    expect(waits).toBeLessThan(0.8);
    expect(util).toBeLessThan(0.2);
  });

  it('every split sees the same arrivals in replicate r (common random numbers)', () => {
    const runs = outcome.tables.runs;
    const v = runs.variant as string[], rep = runs.replicate as Int32Array;
    const arrivals = runs['browser.arrivals'] as Float64Array;
    for (let i = 0; i < v.length; i++) for (let j = 0; j < v.length; j++) if (rep[i] === rep[j]) expect(arrivals[i]).toBe(arrivals[j]);
  });

  it('headline: more tool servers shorten tool waits and lengthen browser waits; the splits trade off on a Pareto front', () => {
    const c = outcome.comparison!;
    const mean = (variant: string, metric: string) => c.rows.find((r) => r.variant === variant && r.metric === metric)!.mean;
    const splits = [14, 15, 16, 17, 18].map((t) => `rate=5.6/s,tools.servers=${t},browser.servers=${24 - t}`);
    const tools = splits.map((s) => mean(s, 'tools.wait_mean_s'));
    const browser = splits.map((s) => mean(s, 'browser.wait_mean_s'));
    for (let i = 1; i < splits.length; i++) {
      expect(tools[i]).toBeLessThan(tools[i - 1]);
      expect(browser[i]).toBeGreaterThan(browser[i - 1]);
    }
    // at the higher tool-call load every split is dominated by the same split at today's load
    expect(c.pareto!.front.length).toBeGreaterThanOrEqual(3);
    expect(c.pareto!.front.every((v) => v.startsWith('rate=5.6/s'))).toBe(true);
  });
});
