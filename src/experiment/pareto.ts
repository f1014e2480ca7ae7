/**
 * The Pareto front of points in two metrics, both to be minimised (negate a metric where more is
 * better): a point is on the front when no other point is at least as good in both and strictly
 * better in one. Points with a non-finite coordinate are never on it.
 */
export function paretoFront(xs: readonly number[], ys: readonly number[]): boolean[] {
  const n = xs.length;
  const out = new Array<boolean>(n).fill(false);
  // Sort by x then y; sweep keeping the best y so far: O(n log n).
  const order = [...Array(n).keys()].filter((i) => Number.isFinite(xs[i]) && Number.isFinite(ys[i])).sort((a, b) => xs[a] - xs[b] || ys[a] - ys[b]);
  let bestY = Infinity;
  let k = 0;
  while (k < order.length) {
    // Points with equal x: only those with the smallest y can be on the front.
    let j = k;
    while (j < order.length && xs[order[j]] === xs[order[k]]) j++;
    const minY = ys[order[k]];
    if (minY < bestY) {
      for (let m = k; m < j && ys[order[m]] === minY; m++) out[order[m]] = true;
      bestY = minY;
    }
    k = j;
  }
  return out;
}
