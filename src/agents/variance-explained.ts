/**
 * How much of the variance in an outcome a predictor explains — for reading `goals.arrow`, e.g.
 * the share of the variance in goal success explained by tokens spent (Anthropic, "How we built
 * our multi-agent research system", 2025: token usage alone explained ≈80% of the variance in
 * their evaluation; with tool calls and model choice ≈95%). Means and co-moments are accumulated
 * Welford-style (one pass, no sums of squares).
 */

/**
 * R² of the least-squares line y ≈ α + β·x: the squared Pearson correlation. NaN when either
 * variable is constant or there are fewer than two points.
 */
export function rSquared(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new RangeError(`rSquared: ${x.length} x values but ${y.length} y values`);
  let n = 0, mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i], yi = y[i];
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) continue;
    n++;
    const dx = xi - mx;
    const dy = yi - my;
    mx += dx / n;
    my += dy / n;
    sxx += dx * (xi - mx);
    syy += dy * (yi - my);
    sxy += dx * (yi - my);
  }
  if (n < 2 || sxx <= 0 || syy <= 0) return NaN;
  return (sxy * sxy) / (sxx * syy);
}

/**
 * The correlation ratio η²: the share of the variance of y explained by the means of the groups
 * `group[i]` (between-group sum of squares / total). It is the R² of the best predictor that is a
 * function of the group alone, so it bounds what any model of the grouping variable can explain.
 */
export function etaSquared(group: ArrayLike<string | number>, y: ArrayLike<number>): number {
  if (group.length !== y.length) throw new RangeError(`etaSquared: ${group.length} groups but ${y.length} values`);
  const stats = new Map<string | number, { n: number; mean: number }>();
  let n = 0, mean = 0, total = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i];
    if (!Number.isFinite(yi)) continue;
    n++;
    const d = yi - mean;
    mean += d / n;
    total += d * (yi - mean);
    let s = stats.get(group[i]);
    if (s === undefined) stats.set(group[i], (s = { n: 0, mean: 0 }));
    s.n++;
    s.mean += (yi - s.mean) / s.n;
  }
  if (n < 2 || total <= 0) return NaN;
  let between = 0;
  for (const s of stats.values()) between += s.n * (s.mean - mean) ** 2;
  return between / total;
}

/** Groups rows by key and returns, per group in first-seen order, the mean of x and of y. */
export function groupMeans(key: ArrayLike<string | number>, x: ArrayLike<number>, y: ArrayLike<number>): { x: Float64Array; y: Float64Array; n: Int32Array } {
  const index = new Map<string | number, number>();
  const sx: number[] = [], sy: number[] = [], cnt: number[] = [];
  for (let i = 0; i < key.length; i++) {
    let g = index.get(key[i]);
    if (g === undefined) {
      index.set(key[i], (g = sx.length));
      sx.push(0), sy.push(0), cnt.push(0);
    }
    cnt[g]++;
    sx[g] += (x[i] - sx[g]) / cnt[g];
    sy[g] += (y[i] - sy[g]) / cnt[g];
  }
  return { x: Float64Array.from(sx), y: Float64Array.from(sy), n: Int32Array.from(cnt) };
}

/**
 * R² of the least-squares fit y ≈ β₀ + Σ βⱼ·xⱼ (several predictors; a 0/1 column is an indicator).
 * Solved from the centred normal equations by Gaussian elimination with partial pivoting; a
 * predictor that is a linear combination of the others adds nothing. Rows with a non-finite value
 * are skipped. NaN when y is constant or there are no more rows than predictors.
 */
export function olsRSquared(xs: readonly ArrayLike<number>[], y: ArrayLike<number>): number {
  const k = xs.length;
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]) && xs.every((x) => Number.isFinite(x[i]))) rows.push(i);
  const n = rows.length;
  if (n <= k + 1) return NaN;
  const mean = (v: ArrayLike<number>) => rows.reduce((s, i, j) => s + (v[i] - s) / (j + 1), 0);
  const mx = xs.map(mean);
  const my = mean(y);
  // A = Xcᵀ Xc (k × k), b = Xcᵀ yc
  const a = Array.from({ length: k }, () => new Float64Array(k + 1));
  let syy = 0;
  for (const i of rows) {
    const dy = y[i] - my;
    syy += dy * dy;
    for (let p = 0; p < k; p++) {
      const dp = xs[p][i] - mx[p];
      for (let q = 0; q < k; q++) a[p][q] += dp * (xs[q][i] - mx[q]);
      a[p][k] += dp * dy;
    }
  }
  if (!(syy > 0)) return NaN;
  const beta = new Float64Array(k);
  const used = new Array<boolean>(k).fill(false);
  const pivotOf = new Int32Array(k).fill(-1);
  const scale = Math.max(1e-300, ...a.map((r, p) => Math.abs(r[p])));
  for (let col = 0; col < k; col++) {
    let piv = -1;
    for (let r = 0; r < k; r++) if (!used[r] && (piv < 0 || Math.abs(a[r][col]) > Math.abs(a[piv][col]))) piv = r;
    if (piv < 0 || Math.abs(a[piv][col]) <= 1e-12 * scale) continue; // collinear: contributes nothing
    used[piv] = true;
    pivotOf[piv] = col;
    for (let r = 0; r < k; r++) {
      if (r === piv) continue;
      const f = a[r][col] / a[piv][col];
      if (f !== 0) for (let c = col; c <= k; c++) a[r][c] -= f * a[piv][c];
    }
  }
  // Gauss–Jordan: each pivot row now has a zero in every other pivot column; a collinear
  // column keeps coefficient 0
  for (let r = 0; r < k; r++) if (pivotOf[r] >= 0) beta[pivotOf[r]] = a[r][k] / a[r][pivotOf[r]];
  let sse = 0;
  for (const i of rows) {
    let fit = my;
    for (let p = 0; p < k; p++) fit += beta[p] * (xs[p][i] - mx[p]);
    sse += (y[i] - fit) ** 2;
  }
  return Math.max(0, 1 - sse / syy);
}
