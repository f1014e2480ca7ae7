/**
 * The charts of `report.html` as Vega-Lite specs with inline data: a metric against the swept
 * parameter with its 95% CI band, the Pareto scatter of two metrics, and per-entity time series.
 * Pure functions of the tables' columns, so a report is a function of its results folder.
 */

import type { TopLevelSpec } from 'vega-lite';
import type { Column } from './arrow-io.js';

type Row = Record<string, number | string | boolean | null>;

const WIDTH = 520;
const HEIGHT = 260;
const FONT = { font: 'Helvetica, Arial, sans-serif' };
const CONFIG = { ...FONT, view: { stroke: '#ddd' }, axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 } };

/** A number for the chart's data, or null (Vega-Lite leaves nulls out) when not finite. */
const num = (x: number) => (Number.isFinite(x) ? x : null);

/** The last two keys of a path (`stations.tools.servers` → `tools.servers`): short enough for a legend. */
function shortLabel(path: string): string {
  const keys = path.split(/[.[\]"]+/).filter((k) => k.length > 0 && !/^\d+$/.test(k));
  return keys.length >= 2 ? keys.slice(-2).join('.') : (keys[0] ?? path);
}

/** True when every value of parameter `x` comes with a single value of `p` (they were swept together). */
function determinedBy(summary: Record<string, Column>, x: string, p: string): boolean {
  const seen = new Map<unknown, unknown>();
  const xs = summary[x], ps = summary[p];
  for (let i = 0; i < xs.length; i++) {
    if (!seen.has(xs[i])) seen.set(xs[i], ps[i]);
    else if (seen.get(xs[i]) !== ps[i]) return false;
  }
  return true;
}

/** Which swept parameter goes on the x axis: the numeric one with the most distinct values. */
export function xParameter(summary: Record<string, Column>, params: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestCount = 1;
  for (const p of params) {
    const col = summary[p];
    if (!col || Array.isArray(col)) continue;
    const distinct = new Set(col).size;
    if (distinct > bestCount) (best = p), (bestCount = distinct);
  }
  return best;
}

/**
 * `metric` against the x parameter, one line per combination of the other parameters, with the
 * 95% CI as a band; without a numeric parameter, each variant's mean with its interval.
 */
export function metricChart(summary: Record<string, Column>, params: readonly string[], metric: string): TopLevelSpec {
  const variant = summary.variant as string[];
  const metricCol = summary.metric as string[];
  const mean = summary.mean as Float64Array, lo = summary.ci95_lo as Float64Array, hi = summary.ci95_hi as Float64Array;
  const x = xParameter(summary, params);
  // A parameter zipped with x (one value per x value) would split every line into single points.
  const others = params.filter((p) => p !== x && !(x !== undefined && determinedBy(summary, x, p)));
  const rows: Row[] = [];
  for (let i = 0; i < metricCol.length; i++) {
    if (metricCol[i] !== metric) continue;
    const series = others.map((p) => `${shortLabel(p)}=${String(summary[p][i])}`).join(', ') || metric;
    rows.push({ variant: variant[i], x: x ? num((summary[x] as Float64Array)[i]) : null, series, mean: num(mean[i]), lo: num(lo[i]), hi: num(hi[i]) });
  }
  if (x) {
    const color = { field: 'series', type: 'nominal' as const, title: others.length > 0 ? others.map(shortLabel).join(', ') : null, legend: others.length > 0 ? {} : null };
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: metric, anchor: 'start' },
      width: WIDTH,
      height: HEIGHT,
      data: { values: rows },
      encoding: { x: { field: 'x', type: 'quantitative', title: x, scale: { zero: false }, axis: rows.every((r) => Number.isInteger(r.x)) ? { tickMinStep: 1, format: 'd' } : {} }, color },
      layer: [
        { mark: { type: 'errorband', opacity: 0.25 }, encoding: { y: { field: 'lo', type: 'quantitative', title: `${metric} (mean, 95% CI)`, scale: { zero: false } }, y2: { field: 'hi' } } },
        { mark: { type: 'line', point: true }, encoding: { y: { field: 'mean', type: 'quantitative' } } },
      ],
      config: CONFIG,
    } as TopLevelSpec;
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: metric, anchor: 'start' },
    width: WIDTH,
    data: { values: rows },
    encoding: { y: { field: 'variant', type: 'nominal', sort: null, title: null } },
    layer: [
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'lo', type: 'quantitative', title: `${metric} (mean, 95% CI)`, scale: { zero: false } }, x2: { field: 'hi' } } },
      { mark: { type: 'point', filled: true, size: 60 }, encoding: { x: { field: 'mean', type: 'quantitative' } } },
    ],
    config: CONFIG,
  } as TopLevelSpec;
}

/** The Pareto scatter: every variant's means of two metrics, the front highlighted, joined and labelled. */
export function paretoChart(points: readonly { variant: string; x: number; y: number; front: boolean }[], metrics: readonly [string, string]): TopLevelSpec {
  const rows: Row[] = points.map((p) => ({ variant: p.variant, x: num(p.x), y: num(p.y), front: p.front ? 'on the front' : 'dominated' }));
  const front = rows.filter((r) => r.front === 'on the front').sort((a, b) => (a.x as number) - (b.x as number));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `Pareto front: ${metrics[0]} vs ${metrics[1]}`, anchor: 'start' },
    width: WIDTH,
    height: HEIGHT + 60,
    layer: [
      {
        data: { values: front },
        mark: { type: 'line', color: '#d62728', strokeDash: [4, 3] },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, order: { field: 'x', type: 'quantitative' } },
      },
      {
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: metrics[0], scale: { zero: false } },
          y: { field: 'y', type: 'quantitative', title: metrics[1], scale: { zero: false } },
          // legend below the plot: the front's labels run to the right of their points
          color: { field: 'front', type: 'nominal', title: null, scale: { domain: ['on the front', 'dominated'], range: ['#d62728', '#9e9e9e'] }, legend: { orient: 'bottom' } },
        },
      },
      {
        data: { values: front.slice(0, 24) },
        mark: { type: 'text', align: 'left', dx: 7, dy: -6, fontSize: 10, color: '#444' },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'variant' } },
      },
    ],
    config: CONFIG,
  } as TopLevelSpec;
}

/** Up to `max` variants to draw as lines: the baseline first, then evenly spaced through the sweep. */
export function pickVariants(variants: readonly string[], baseline: string | undefined, max = 8): string[] {
  if (variants.length <= max) return [...variants];
  const rest = variants.filter((v) => v !== baseline);
  const k = baseline !== undefined && variants.includes(baseline) ? max - 1 : max;
  const picked = Array.from({ length: k }, (_, i) => rest[Math.round((i * (rest.length - 1)) / Math.max(1, k - 1))]);
  return [...new Set([...(baseline && variants.includes(baseline) ? [baseline] : []), ...picked])];
}

/**
 * One entity's (station's, pool's) per-window series, averaged over replicates: a panel per
 * metric, a line per variant.
 */
export function timeseriesChart(ts: Record<string, Column>, entity: string, variants: readonly string[]): TopLevelSpec {
  const fixed = new Set(['variant', 'replicate', 'entity', 'window_start_s', 'window_end_s']);
  const metrics = Object.keys(ts).filter((k) => !fixed.has(k) && !Array.isArray(ts[k]));
  const v = ts.variant as string[], e = ts.entity as string[], start = ts.window_start_s as Float64Array, end = ts.window_end_s as Float64Array;
  const keep = new Set(variants);
  const sums = new Map<string, { variant: string; t: number; metric: string; sum: number; n: number }>();
  for (let i = 0; i < v.length; i++) {
    if (e[i] !== entity || !keep.has(v[i])) continue;
    const t = (start[i] + end[i]) / 2;
    for (const m of metrics) {
      const x = (ts[m] as Float64Array)[i];
      if (!Number.isFinite(x)) continue;
      const key = `${v[i]}\u0000${m}\u0000${t}`;
      const acc = sums.get(key) ?? { variant: v[i], t, metric: m, sum: 0, n: 0 };
      acc.sum += x;
      acc.n++;
      sums.set(key, acc);
    }
  }
  const rows: Row[] = [...sums.values()].map((a) => ({ variant: a.variant, t_h: a.t / 3600, metric: a.metric, value: a.sum / a.n }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${entity}: per-window means over replicates`, anchor: 'start' },
    data: { values: rows },
    facet: { row: { field: 'metric', type: 'nominal', title: null, sort: metrics } },
    spec: {
      width: WIDTH,
      height: 110,
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: {
        x: { field: 't_h', type: 'quantitative', title: 'simulated time (h)' },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: { field: 'variant', type: 'nominal', sort: [...variants], title: 'variant' },
      },
    },
    resolve: { scale: { y: 'independent' } },
    config: CONFIG,
  } as TopLevelSpec;
}
