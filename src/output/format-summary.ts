import { metricPattern } from '../experiment/metric-pattern.js';
import type { Column } from './arrow-io.js';

/** Formats a number with about `digits` significant digits, compactly. */
export function formatNumber(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '—' : String(x);
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x);
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toString();
}

/**
 * The summary table as terminal text: per variant, each metric's mean and 95% CI half-width.
 * `metrics` (patterns with `*`) narrows the rows; by default all metrics are shown.
 */
export function formatSummary(summary: Record<string, Column>, options: { title?: string; metrics?: string[] } = {}): string {
  const variant = summary.variant as string[];
  const metric = summary.metric as string[];
  const mean = summary.mean as Float64Array;
  const half = summary.ci95_half as Float64Array;
  const n = summary.n as Int32Array;
  const patterns = (options.metrics ?? []).map(metricPattern);
  const keep = (m: string) => patterns.length === 0 || patterns.some((re) => re.test(m));
  const lines: string[] = [];
  if (options.title) lines.push(options.title);
  const width = Math.max(6, ...metric.filter(keep).map((m) => m.length));
  let current = '';
  for (let i = 0; i < metric.length; i++) {
    if (!keep(metric[i])) continue;
    if (variant[i] !== current) {
      current = variant[i];
      lines.push('', `variant ${current} (n = ${n[i]})`, `  ${'metric'.padEnd(width)}  ${'mean'.padStart(11)}  ${'± 95% CI'.padStart(11)}`);
    }
    lines.push(`  ${metric[i].padEnd(width)}  ${formatNumber(mean[i]).padStart(11)}  ${formatNumber(half[i]).padStart(11)}`);
  }
  return lines.join('\n') + '\n';
}
