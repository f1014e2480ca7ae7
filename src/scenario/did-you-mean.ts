/**
 * "Did you mean …?" suggestions for misspelt keys, distribution kinds, station names and `--set`
 * paths. A scenario is typed by hand, so the nearest valid word is usually what the person meant.
 */

/** Edit distance (insertions, deletions, substitutions; an adjacent swap counts 1) between two strings. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Three rolling rows are enough for the optimal-string-alignment variant (adjacent transpositions).
  let prevPrev = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2] + 1);
      cur[j] = d;
    }
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[b.length];
}

/**
 * The candidate closest to `input`, or undefined when none is close enough to be a plausible typo.
 * Close means: equal ignoring case, a prefix of at least 3 characters (`expo` → `exponential`), or
 * within about a third of the word's length in edits (`sevrers` → `servers`).
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const hay = candidate.toLowerCase();
    if (hay === needle) return candidate;
    const distance = levenshtein(needle, hay);
    const limit = Math.max(1, Math.floor(Math.max(needle.length, hay.length) / 3));
    // A prefix match is a strong signal but weaker than a near-exact spelling.
    const score = distance <= limit ? distance : needle.length >= 3 && hay.startsWith(needle) ? limit + 0.5 : Infinity;
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/**
 * A hint line for an unknown word: `did you mean 'servers'?` when one is close, otherwise the list
 * of valid words (so the person can still act), or undefined when there are none.
 */
export function suggestionHint(input: string, candidates: readonly string[], noun = 'known names'): string | undefined {
  const match = didYouMean(input, candidates);
  if (match !== undefined) return `did you mean '${match}'?`;
  if (candidates.length === 0) return undefined;
  return `${noun}: ${candidates.join(', ')}`;
}
