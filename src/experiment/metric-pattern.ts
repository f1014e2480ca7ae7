/**
 * Metric names as a person picks them: exact names or patterns with `*` (`tools.wait_*`), and which
 * direction is better for a metric.
 */

/** A pattern with `*` as a regular expression matching whole names. */
export function metricPattern(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** The names matched by any of `patterns`, in the order of `names`; all names when there are no patterns. */
export function selectMetrics(patterns: readonly string[] | undefined, names: readonly string[]): string[] {
  if (!patterns || patterns.length === 0) return [...names];
  const res = patterns.map(metricPattern);
  return names.filter((n) => res.some((re) => re.test(n)));
}

/** Patterns that match no name (to report them rather than silently compare nothing). */
export function unmatchedPatterns(patterns: readonly string[] | undefined, names: readonly string[]): string[] {
  return (patterns ?? []).filter((p) => !names.some((n) => metricPattern(p).test(n)));
}

// Metrics that count what got done; everything else (waits, latencies, costs, energy, queue
// lengths) is better when smaller.
const MORE_IS_BETTER = /(throughput|completions|completed|success|hit_rate|cache_read_share|goodput)/;

/** True when a larger value of `metric` is better: listed in `higherIsBetter` (patterns), or a throughput-like name. */
export function higherIsBetter(metric: string, listed: readonly string[] | undefined): boolean {
  if (listed && listed.length > 0 && listed.some((p) => metricPattern(p).test(metric))) return true;
  return MORE_IS_BETTER.test(metric);
}
