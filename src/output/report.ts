/**
 * `report.html`: one self-contained page per results folder — the charts as inline SVG rendered in
 * Node, the comparison and summary as tables, no scripts, no fonts, nothing fetched (a
 * Content-Security-Policy forbids it), so it opens anywhere, offline, and can be archived as is.
 */

import type { Comparison } from '../experiment/compare.js';
import type { ResultsFolder } from '../experiment/results-folder.js';
import { formatNumber } from './format-summary.js';
import { renderSvg } from './render-svg.js';
import { metricChart, paretoChart, pickVariants, timeseriesChart } from './report-charts.js';

/** What goes into a report. */
export interface ReportOptions {
  /** Metrics to chart against the swept parameter (already selected). */
  metrics: readonly string[];
  /** The comparison to show (table and Pareto scatter), if any. */
  comparison?: Comparison;
  /** At most this many variants as lines in the time series. */
  maxSeriesVariants?: number;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const STYLE = `
body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: #222; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
.meta { color: #555; } figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 12px; margin: .5rem 0; } th, td { padding: 2px 8px; text-align: right; border-bottom: 1px solid #eee; }
th { background: #f5f5f5; } td.l, th.l { text-align: left; } .better { color: #1a7f37; } .worse { color: #b42318; }
nav a { margin-right: 1rem; }
`;

function table(header: readonly string[], rows: readonly (readonly string[])[], left = 1): string {
  const th = header.map((h, i) => `<th${i < left ? ' class="l"' : ''}>${esc(h)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c, i) => `<td${i < left ? ' class="l"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table>`;
}

function comparisonTable(c: Comparison): string {
  const rows = c.rows
    .filter((r) => r.variant !== c.baseline)
    .map((r) => [
      esc(r.metric),
      esc(r.variant),
      formatNumber(r.baselineMean),
      formatNumber(r.mean),
      `${formatNumber(r.diff)} ± ${formatNumber(r.diffHalf)}`,
      `± ${formatNumber(r.unpairedHalf)}`,
      `${formatNumber(r.ratio, 3)} [${formatNumber(r.ratioLo, 3)}, ${formatNumber(r.ratioHi, 3)}]`,
      r.verdict > 0 ? '<span class="better">better</span>' : r.verdict < 0 ? '<span class="worse">worse</span>' : '',
    ]);
  return table(['metric', 'variant', 'baseline', 'mean', 'paired diff ± 95% CI', 'unpaired ± CI', 'ratio [95% CI]', ''], rows, 2);
}

function summaryTable(f: ResultsFolder, metrics: readonly string[]): string {
  const s = f.summary;
  const v = s.variant as string[], m = s.metric as string[];
  const mean = s.mean as Float64Array, half = s.ci95_half as Float64Array, n = s.n as Int32Array;
  const rows: string[][] = [];
  for (let i = 0; i < m.length; i++) {
    if (!metrics.includes(m[i])) continue;
    rows.push([esc(v[i]), esc(m[i]), String(n[i]), formatNumber(mean[i]), formatNumber(half[i])]);
  }
  return table(['variant', 'metric', 'n', 'mean', '± 95% CI'], rows, 2);
}

/** Builds the report page of a results folder. */
export async function buildReport(f: ResultsFolder, opts: ReportOptions): Promise<string> {
  const r = f.record;
  const params = r.params;
  const sections: string[] = [];
  const nav: string[] = [];
  const section = (id: string, title: string, body: string) => {
    nav.push(`<a href="#${id}">${esc(title)}</a>`);
    sections.push(`<section id="${id}"><h2>${esc(title)}</h2>\n${body}\n</section>`);
  };
  const figure = (svg: string, caption: string) => `<figure>${svg}<figcaption class="meta">${esc(caption)}</figcaption></figure>`;

  const metricFigures: string[] = [];
  for (const metric of opts.metrics) {
    const svg = await renderSvg(metricChart(f.summary, params, metric));
    metricFigures.push(figure(svg, params.length > 0 ? `Mean over replicates with its 95% confidence band, by ${params.join(', ')}.` : 'Mean over replicates with its 95% confidence interval.'));
  }
  section('metrics', params.length > 0 ? 'Metrics against the swept parameters' : 'Metrics', metricFigures.join('\n'));

  const c = opts.comparison;
  if (c) {
    section(
      'compare',
      `Compared with ${c.baseline}`,
      `<p class="meta">Paired by replicate: under common random numbers replicate r of every variant saw the same arrivals, so the paired interval is the honest one; the unpaired (Welch) half-width is shown for contrast.</p>\n${comparisonTable(c)}`,
    );
    if (c.pareto) {
      const svg = await renderSvg(paretoChart(c.pareto.points, c.pareto.metrics));
      section('pareto', 'Pareto front', figure(svg, `Variants no other variant beats on both ${c.pareto.metrics[0]} and ${c.pareto.metrics[1]} (means over replicates): ${c.pareto.front.join('; ')}.`));
    }
  }

  if (f.timeseries && (f.timeseries.entity as string[]).length > 0) {
    const entities = [...new Set(f.timeseries.entity as string[])];
    const variants = pickVariants(r.variants.map((v) => v.name), c?.baseline ?? r.compare?.baseline, opts.maxSeriesVariants ?? 8);
    const figs: string[] = [];
    for (const e of entities) figs.push(figure(await renderSvg(timeseriesChart(f.timeseries, e, variants)), `${e}: ${variants.length < r.variants.length ? `${variants.length} of ${r.variants.length} variants` : 'every variant'}, each window averaged over replicates.`));
    section('timeseries', 'Time series per pool and station', figs.join('\n'));
  }

  section('summary', 'Summary table', summaryTable(f, opts.metrics));

  const reps = [...new Set(r.variants.map((v) => v.replicates))].join('/');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(r.scenario.name)} — fleetsim report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(r.scenario.name)}</h1>
<p>${esc(r.scenario.description)}</p>
<p class="meta">${r.variants.length} variant(s) × ${reps} replicate(s) = ${r.jobs} run(s) · seed ${r.scenario.seed} · scenario hash ${r.scenario.hash.slice(0, 12)} · fleetsim ${esc(r.fleetsim_version)}${params.length > 0 ? ` · swept: ${params.map(esc).join(', ')}` : ''}</p>
<nav>${nav.join('')}</nav>
${sections.join('\n')}
</body>
</html>
`;
}
