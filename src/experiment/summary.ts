import { deviation, mean } from 'd3-array';
import { studentTQuantile } from './student-t.js';

/** Mean and 95% confidence interval of one metric over a variant's replicates. */
export interface MetricSummary {
  n: number;
  mean: number;
  sd: number;
  /** Half-width of the 95% t-interval; NaN with fewer than 2 finite values. */
  ci95Half: number;
  ci95Lo: number;
  ci95Hi: number;
}

/**
 * Summarises replicate values with the t-interval mean ± t(0.975, n−1)·sd/√n. Non-finite values
 * (a metric a run could not measure, e.g. a wait with no customers) are left out and not counted.
 */
export function summarise(values: ArrayLike<number>): MetricSummary {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  const n = finite.length;
  const m = n > 0 ? (mean(finite) as number) : NaN;
  // d3's deviation is Welford's algorithm, so it does not lose precision on large, close values
  const sd = n > 1 ? (deviation(finite) as number) : NaN;
  const half = n > 1 ? (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n) : NaN;
  return { n, mean: m, sd, ci95Half: half, ci95Lo: m - half, ci95Hi: m + half };
}
