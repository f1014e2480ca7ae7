/**
 * Paths inside a scenario, written the way a person reads them in an error or types them after
 * `--set`: `stations[0].service.mean`, `stations.tools.servers`, `horizon`.
 */

/** One step of a path: a mapping key or a list index. */
export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Writes a path as `stations[0].service.mean` (odd keys quoted: `labels["a b"]`). */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}

/**
 * Reads a `--set` path: dot-separated keys, `[n]` indices, and `[name]` or `["name"]` for keys that
 * contain dots. A key that is all digits is kept as a string here; whether it is an index or a
 * name depends on whether it lands on a list, which only the caller knows. Returns the problem as
 * a sentence when the text is not a path.
 */
export function parsePath(text: string): PathSegment[] | string {
  const segments: PathSegment[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return 'the path is empty';
  while (i < n) {
    if (text[i] === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) return `'[' at position ${i + 1} is never closed`;
      const inner = text.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (/^(["']).*\1$/.test(inner)) segments.push(inner.slice(1, -1));
      else if (inner.length > 0) segments.push(inner);
      else return `empty '[]' at position ${i + 1}`;
      i = close + 1;
      if (i < n && text[i] === '.') {
        i++;
        if (i === n) return 'the path ends with a dot';
      }
    } else {
      let end = i;
      while (end < n && text[end] !== '.' && text[end] !== '[') end++;
      const key = text.slice(i, end).trim();
      if (key.length === 0) return `empty key at position ${i + 1}`;
      segments.push(key);
      i = end;
      if (i < n && text[i] === '.') {
        i++;
        if (i === n) return 'the path ends with a dot';
      }
    }
  }
  return segments;
}
