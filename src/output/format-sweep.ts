import type { Column } from './arrow-io.js';
import { formatNumber } from './format-summary.js';

/** Terminal columns: text padded to the widest cell of each column. */
export function formatGrid(header: readonly string[], rows: readonly (readonly string[])[], alignRight: readonly boolean[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const fmt = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (alignRight[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [fmt(header), ...rows.map(fmt)];
}

/**
 * A sweep's summary as one table: a row per variant, a column per metric (`mean ± 95% CI`). Shows
 * `metrics` (already selected) or, by default, the first `max` metrics with a note on the rest.
 */
export function formatSweepSummary(summary: Record<string, Column>, options: { title?: string; metrics?: readonly string[]; max?: number } = {}): string {
  const variant = summary.variant as string[];
  const metric = summary.metric as string[];
  const mean = summary.mean as Float64Array;
  const half = summary.ci95_half as Float64Array;
  const allMetrics = [...new Set(metric)];
  const max = options.max ?? 4;
  const shown = options.metrics && options.metrics.length > 0 ? [...options.metrics] : allMetrics.slice(0, max);
  const variants = [...new Set(variant)];
  const at = new Map<string, number>();
  metric.forEach((m, i) => at.set(`${variant[i]}\u0000${m}`, i));
  const rows = variants.map((v) => [
    v,
    ...shown.map((m) => {
      const i = at.get(`${v}\u0000${m}`);
      return i === undefined ? '—' : `${formatNumber(mean[i])} ± ${formatNumber(half[i])}`;
    }),
  ]);
  const lines: string[] = [];
  if (options.title) lines.push(options.title, '');
  lines.push(...formatGrid(['variant', ...shown], rows, [false, ...shown.map(() => true)]));
  const hidden = allMetrics.length - shown.length;
  if (hidden > 0) lines.push('', `(${hidden} more metric(s) in summary.arrow; pick with --metric PATTERN)`);
  return lines.join('\n') + '\n';
}
