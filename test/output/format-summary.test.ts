import { describe, expect, it } from 'vitest';
import { formatNumber, formatSummary } from '../../src/output/format-summary.js';

describe('formatNumber', () => {
  it('keeps whole numbers whole, rounds to 4 significant digits, and switches to exponents far from 1', () => {
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(Math.PI)).toBe('3.142');
    expect(formatNumber(2 / 3, 3)).toBe('0.667');
    expect(formatNumber(1234567.8)).toBe('1.235e+6');
    expect(formatNumber(0.000123456)).toBe('1.235e-4');
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(-Infinity)).toBe('-Infinity');
  });
});

describe('formatSummary', () => {
  const metrics = ['tools.wait_mean_s', 'tools.wait_p95_s', 'toolsXwait_mean_s', 'tools.utilisation'];
  const summary = {
    variant: metrics.map(() => 'base'),
    metric: metrics,
    n: Int32Array.from(metrics, () => 4),
    mean: Float64Array.of(1.5, 3, 7, 0.9),
    ci95_half: Float64Array.of(0.1, 0.2, 0.3, 0.01),
  };

  it('shows every metric without patterns', () => {
    const text = formatSummary(summary);
    for (const m of metrics) expect(text).toContain(m);
    expect(text).toContain('variant base (n = 4)');
  });

  it('keeps the metrics a `*` pattern matches, reading `.` literally', () => {
    const rows = formatSummary(summary, { metrics: ['tools.wait_*'] })
      .split('\n')
      .filter((l) => l.startsWith('  ') && !l.includes('± 95% CI'))
      .map((l) => l.trim().split(/\s+/)[0]);
    expect(rows).toEqual(['tools.wait_mean_s', 'tools.wait_p95_s']);
  });
});
