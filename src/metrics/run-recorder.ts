/**
 * What one run reports, in columns. Model components write their end-of-run figures here
 * (`scalar`) and their per-window series (`series`); the experiment layer turns a finished
 * `RunResult` into Arrow rows. Plain typed arrays, so a worker can transfer them without copying.
 */

/** The time windows of a run's series: `count` windows of `width` seconds from time 0. */
export interface WindowGrid {
  width: number;
  count: number;
}

/** Builds the window grid covering [0, horizon). */
export function windowGrid(horizon: number, width: number): WindowGrid {
  if (!(width > 0)) throw new RangeError(`window width must be > 0, got ${width}`);
  return { width, count: Math.max(1, Math.ceil(horizon / width - 1e-9)) };
}

/** One run's results, columnar. Scalar names are `entity.metric_unit`, e.g. `tools.wait_mean_s`. */
export interface RunResult {
  scalarNames: string[];
  scalars: Float64Array;
  window: WindowGrid;
  /** One entry per series: the entity (e.g. a station name) and metric (e.g. `utilisation`). */
  seriesEntities: string[];
  seriesMetrics: string[];
  /** One array of `window.count` values per series. */
  seriesValues: Float64Array[];
  /** Kernel events dispatched (for benchmarks and fast-forward checks). */
  events: number;
  /** Rows of per-entity tables (e.g. `pools`): one row per entity per run. */
  rows: EntityRow[];
}

/** One row of a per-entity table: text labels (pool, accelerator, model) and numeric values. */
export interface EntityRow {
  table: string;
  labelNames: string[];
  labels: string[];
  valueNames: string[];
  values: Float64Array;
}

export class RunRecorder {
  private readonly names: string[] = [];
  private readonly values: number[] = [];
  private readonly seen = new Set<string>();
  private readonly entities: string[] = [];
  private readonly metrics: string[] = [];
  private readonly series_: Float64Array[] = [];
  private readonly seriesSeen = new Set<string>();
  private readonly rows_: EntityRow[] = [];

  constructor(readonly window: WindowGrid) {}

  /** Records one end-of-run figure. Names must be unique within a run. */
  scalar(name: string, value: number): void {
    if (this.seen.has(name)) throw new Error(`run recorder: scalar '${name}' recorded twice`);
    this.seen.add(name);
    this.names.push(name);
    this.values.push(value);
  }

  /** Records a per-window series of `window.count` values for `entity`. */
  series(entity: string, metric: string, values: Float64Array): void {
    const key = `${entity}\u0000${metric}`;
    if (this.seriesSeen.has(key)) throw new Error(`run recorder: series '${entity}.${metric}' recorded twice`);
    if (values.length !== this.window.count) {
      throw new Error(`run recorder: series '${entity}.${metric}' has ${values.length} windows, expected ${this.window.count}`);
    }
    this.seriesSeen.add(key);
    this.entities.push(entity);
    this.metrics.push(metric);
    this.series_.push(values);
  }

  /** Records one row of the per-entity table `table` (every row of a table must have the same columns). */
  row(table: string, labels: Record<string, string>, values: Record<string, number>): void {
    for (const name of Object.keys(values)) {
      // one column per name in the written table: a value named like a label would overwrite it
      if (Object.hasOwn(labels, name)) throw new Error(`table '${table}': '${name}' is both a label and a value column`);
    }
    this.rows_.push({
      table,
      labelNames: Object.keys(labels),
      labels: Object.values(labels),
      valueNames: Object.keys(values),
      values: Float64Array.from(Object.values(values)),
    });
  }

  /** The finished, columnar result. */
  finish(events: number): RunResult {
    return {
      scalarNames: this.names.slice(),
      scalars: Float64Array.from(this.values),
      window: this.window,
      seriesEntities: this.entities.slice(),
      seriesMetrics: this.metrics.slice(),
      seriesValues: this.series_.slice(),
      events,
      rows: this.rows_.slice(),
    };
  }
}
