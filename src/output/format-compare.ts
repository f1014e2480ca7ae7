import type { Comparison } from '../experiment/compare.js';
import { formatNumber } from './format-summary.js';
import { formatGrid } from './format-sweep.js';

const VERDICT: Record<number, string> = { 1: 'better', [-1]: 'worse', 0: '' };

/**
 * A comparison as terminal text: per metric, each variant's mean, its paired difference from the
 * baseline ± the 95% CI half-width, the ratio with its interval and a verdict; then the Pareto front.
 */
export function formatComparison(c: Comparison): string {
  const n = c.rows.find((r) => r.variant !== c.baseline)?.n ?? 0;
  const lines = [`compared with ${c.baseline} (paired by replicate under common random numbers, n = ${n}; 95% CIs)`];
  for (const metric of c.metrics) {
    const rows = c.rows.filter((r) => r.metric === metric);
    lines.push('', metric);
    const body = rows.map((r) =>
      r.variant === c.baseline
        ? [`${r.variant} (baseline)`, formatNumber(r.mean), '', '', '']
        : [
            r.variant,
            formatNumber(r.mean),
            `${r.diff >= 0 ? '+' : ''}${formatNumber(r.diff)} ± ${formatNumber(r.diffHalf)}`,
            `${formatNumber(r.ratio, 3)} [${formatNumber(r.ratioLo, 3)}, ${formatNumber(r.ratioHi, 3)}]`,
            VERDICT[r.verdict],
          ],
    );
    lines.push(...formatGrid(['  variant', 'mean', 'diff ± CI', 'ratio [CI]', ''], body.map((b) => [`  ${b[0]}`, ...b.slice(1)]), [false, true, true, true, false]));
  }
  if (c.pareto) {
    const [x, y] = c.pareto.metrics;
    lines.push('', `Pareto front of ${x} and ${y} (${c.pareto.front.length} of ${c.variants.length} variants):`);
    for (const p of c.pareto.points.filter((q) => q.front)) lines.push(`  ${p.variant}  ${x} ${formatNumber(p.x)}, ${y} ${formatNumber(p.y)}`);
  }
  return lines.join('\n') + '\n';
}
