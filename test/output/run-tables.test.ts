import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/experiment/job.js';
import type { EntityRow, RunResult } from '../../src/metrics/run-recorder.js';
import { buildRunTables } from '../../src/output/run-tables.js';

const job = (index: number, variantName: string, replicate: number): Job => ({ index, variant: variantName === 'a' ? 0 : 1, variantName, replicate, seed: 7 });

/** A hand-built run result: scalars, series of 2 windows of 10 s, entity rows. */
function result(scalars: Record<string, number>, series: [string, string, number[]][], rows: EntityRow[] = []): RunResult {
  return {
    scalarNames: Object.keys(scalars),
    scalars: Float64Array.from(Object.values(scalars)),
    window: { width: 10, count: 2 },
    seriesEntities: series.map((s) => s[0]),
    seriesMetrics: series.map((s) => s[1]),
    seriesValues: series.map((s) => Float64Array.from(s[2])),
    events: 100,
    rows,
  };
}

const row = (labels: Record<string, string>, values: Record<string, number>): EntityRow => ({
  table: 'pools',
  labelNames: Object.keys(labels),
  labels: Object.values(labels),
  valueNames: Object.keys(values),
  values: Float64Array.from(Object.values(values)),
});

describe('buildRunTables', () => {
  const jobs = [job(0, 'a', 0), job(1, 'a', 1), job(2, 'b', 0)];
  const results = [
    result({ x: 1, y: 10 }, [['tools', 'util', [0.5, 0.7]], ['llm', 'ttft', [2, 4]]], [row({ pool: 'llm' }, { gpus: 8 })]),
    result({ x: 3 }, [['tools', 'util', [0.1, 0.3]]], [row({ pool: 'llm' }, { gpus: 8, mfu: 0.4 })]),
    result({ y: 20, x: 5 }, [['llm', 'ttft', [1, 1]], ['tools', 'util', [0.9, 0.9]]]),
  ];
  const t = buildRunTables(jobs, results);

  it('runs: a row per job, a column per scalar in first-seen order, NaN where a run lacks it', () => {
    expect(Object.keys(t.runs)).toEqual(['variant', 'replicate', 'seed', 'sim_events', 'x', 'y']);
    expect(t.runs.variant).toEqual(['a', 'a', 'b']);
    expect(Array.from(t.runs.x as Float64Array)).toEqual([1, 3, 5]);
    expect(Array.from(t.runs.y as Float64Array)).toEqual([10, NaN, 20]);
  });

  it('summary: per variant and metric, over the replicates that measured it', () => {
    expect(t.summary.variant).toEqual(['a', 'a', 'b', 'b']);
    expect(t.summary.metric).toEqual(['x', 'y', 'x', 'y']);
    expect(Array.from(t.summary.n as Int32Array)).toEqual([2, 1, 1, 1]);
    expect(Array.from(t.summary.mean as Float64Array)).toEqual([2, 10, 5, 20]);
    // sd of {1, 3} is √2; fewer than two values have no sd
    expect((t.summary.sd as Float64Array)[0]).toBeCloseTo(Math.SQRT2, 14);
    expect(Number.isNaN((t.summary.sd as Float64Array)[1])).toBe(true);
  });

  it('timeseries: a row per job, entity and window; a column per series metric, NaN where an entity lacks it', () => {
    expect(t.timeseries.entity).toEqual(['tools', 'tools', 'llm', 'llm', 'tools', 'tools', 'llm', 'llm', 'tools', 'tools']);
    expect(Array.from(t.timeseries.replicate as Int32Array)).toEqual([0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    expect(Array.from(t.timeseries.window_start_s as Float64Array)).toEqual([0, 10, 0, 10, 0, 10, 0, 10, 0, 10]);
    expect(Array.from(t.timeseries.window_end_s as Float64Array)).toEqual([10, 20, 10, 20, 10, 20, 10, 20, 10, 20]);
    expect(Array.from(t.timeseries.util as Float64Array)).toEqual([0.5, 0.7, NaN, NaN, 0.1, 0.3, NaN, NaN, 0.9, 0.9]);
    expect(Array.from(t.timeseries.ttft as Float64Array)).toEqual([NaN, NaN, 2, 4, NaN, NaN, 1, 1, NaN, NaN]);
  });

  it('entity tables: variant, replicate, labels, then the union of value columns (NaN where missing)', () => {
    const pools = t.entities.pools;
    expect(Object.keys(pools)).toEqual(['variant', 'replicate', 'pool', 'gpus', 'mfu']);
    expect(pools.pool).toEqual(['llm', 'llm']);
    expect(Array.from(pools.replicate as Int32Array)).toEqual([0, 1]);
    expect(Array.from(pools.mfu as Float64Array)).toEqual([NaN, 0.4]);
  });

  it('refuses jobs and results of different lengths', () => {
    expect(() => buildRunTables(jobs, results.slice(1))).toThrow(/differ in length/);
  });
});
