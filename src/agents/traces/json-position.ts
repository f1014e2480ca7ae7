/**
 * Positions inside JSON text, for error messages only. Readers parse with `JSON.parse` (fast, but
 * it forgets where values were and V8 does not always say where a syntax error is); when something
 * is wrong, these scanners go back over the text to find the line and column a person should look at.
 */

/** A path into a JSON value: object keys and array indices, e.g. `['requests', 3, 'in']`. */
export type JsonPath = readonly (string | number)[];

/** The first syntax error in a JSON text: its offset in the text and what is wrong there. */
export interface JsonSyntaxIssue {
  offset: number;
  message: string;
}

/** Where a path's value sits; `found` is false when the path stops early (a missing field). */
export interface JsonPathOffset {
  /** Offset of the value, or of the deepest object or array on the path that exists. */
  offset: number;
  found: boolean;
}

/** 1-based line and column (in UTF-16 code units) of `offset`, counting lines from `from` which sits on line `line`. */
export function positionAt(text: string, offset: number, from = 0, line = 1): { line: number; col: number } {
  let lineStart = from;
  for (let nl = text.indexOf('\n', from); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

/** Thrown inside the scanner only; caught by the exported functions. */
class Stop {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** Deeper nesting than this is reported rather than risk the call stack (real traces nest < 10 deep). */
const MAX_DEPTH = 2000;

/** A cursor over `text[pos, end)`. */
interface Cursor {
  readonly text: string;
  pos: number;
  readonly end: number;
}

function skipSpace(c: Cursor): void {
  while (c.pos < c.end) {
    const ch = c.text.charCodeAt(c.pos);
    if (ch !== 0x20 && ch !== 0x0a && ch !== 0x0d && ch !== 0x09) return;
    c.pos++;
  }
}

function describeAt(c: Cursor): string {
  return c.pos >= c.end ? 'the text ends' : `unexpected ${JSON.stringify(c.text[c.pos])}`;
}

function scanString(c: Cursor): void {
  const start = c.pos;
  c.pos++;
  while (c.pos < c.end) {
    const ch = c.text.charCodeAt(c.pos);
    if (ch === 0x22) {
      c.pos++;
      return;
    }
    if (ch < 0x20) throw new Stop(c.pos, 'a control character (such as a line break) inside a string');
    if (ch === 0x5c) {
      const esc = c.text[c.pos + 1];
      if (esc === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(c.text.slice(c.pos + 2, c.pos + 6))) throw new Stop(c.pos, 'a \\u escape needs 4 hex digits');
        c.pos += 6;
        continue;
      }
      if (esc === undefined || c.pos + 1 >= c.end || !'"\\/bfnrt'.includes(esc)) throw new Stop(c.pos, 'an invalid escape in a string');
      c.pos += 2;
      continue;
    }
    c.pos++;
  }
  throw new Stop(start, 'a string that is never closed');
}

function scanDigits(c: Cursor): number {
  const start = c.pos;
  while (c.pos < c.end) {
    const ch = c.text.charCodeAt(c.pos);
    if (ch < 0x30 || ch > 0x39) break;
    c.pos++;
  }
  return c.pos - start;
}

function scanNumber(c: Cursor): void {
  const start = c.pos;
  if (c.text[c.pos] === '-') c.pos++;
  if (c.text[c.pos] === '0') {
    c.pos++;
    if (scanDigits(c) > 0) throw new Stop(start, 'a number with a leading zero');
  } else if (scanDigits(c) === 0) throw new Stop(start, 'a minus sign without digits');
  if (c.text[c.pos] === '.') {
    c.pos++;
    if (scanDigits(c) === 0) throw new Stop(c.pos, 'a decimal point without digits after it');
  }
  if (c.text[c.pos] === 'e' || c.text[c.pos] === 'E') {
    c.pos++;
    if (c.text[c.pos] === '+' || c.text[c.pos] === '-') c.pos++;
    if (scanDigits(c) === 0) throw new Stop(c.pos, 'an exponent without digits');
  }
}

function scanLiteral(c: Cursor, word: string): void {
  if (c.text.startsWith(word, c.pos) && c.pos + word.length <= c.end) c.pos += word.length;
  else throw new Stop(c.pos, `unexpected ${JSON.stringify(c.text.slice(c.pos, c.pos + word.length))} (true, false or null?)`);
}

/** Scans one value starting at the cursor (after spaces), leaving the cursor just past it. */
function scanValue(c: Cursor, depth: number): void {
  skipSpace(c);
  if (c.pos >= c.end) throw new Stop(c.pos, 'the text ends where a value is expected');
  const ch = c.text[c.pos];
  if (ch === '{' || ch === '[') {
    if (depth >= MAX_DEPTH) throw new Stop(c.pos, `nesting deeper than ${MAX_DEPTH} levels`);
    scanContainer(c, depth + 1);
  } else if (ch === '"') scanString(c);
  else if (ch === '-' || (ch >= '0' && ch <= '9')) scanNumber(c);
  else if (ch === 't') scanLiteral(c, 'true');
  else if (ch === 'f') scanLiteral(c, 'false');
  else if (ch === 'n') scanLiteral(c, 'null');
  else throw new Stop(c.pos, `${describeAt(c)} where a value is expected`);
}

function scanContainer(c: Cursor, depth: number): void {
  const isObject = c.text[c.pos] === '{';
  const close = isObject ? '}' : ']';
  c.pos++;
  skipSpace(c);
  if (c.text[c.pos] === close && c.pos < c.end) {
    c.pos++;
    return;
  }
  for (;;) {
    if (isObject) {
      skipSpace(c);
      if (c.text[c.pos] !== '"' || c.pos >= c.end) throw new Stop(c.pos, `${describeAt(c)} where a double-quoted property name is expected`);
      scanString(c);
      skipSpace(c);
      if (c.text[c.pos] !== ':' || c.pos >= c.end) throw new Stop(c.pos, `${describeAt(c)} where ':' after a property name is expected`);
      c.pos++;
    }
    scanValue(c, depth);
    skipSpace(c);
    const next = c.pos < c.end ? c.text[c.pos] : '';
    if (next === ',') {
      c.pos++;
      continue;
    }
    if (next === close) {
      c.pos++;
      return;
    }
    throw new Stop(c.pos, `${describeAt(c)} where ',' or '${close}' is expected`);
  }
}

/**
 * Finds the first syntax error in `text[start, end)` read as one JSON value, or returns undefined
 * when it is valid. Accepts exactly what `JSON.parse` accepts.
 */
export function findJsonSyntaxError(text: string, start = 0, end = text.length): JsonSyntaxIssue | undefined {
  const c: Cursor = { text, pos: start, end };
  try {
    scanValue(c, 0);
    skipSpace(c);
    if (c.pos < end) return { offset: c.pos, message: `${describeAt(c)} after the end of the JSON value` };
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, message: e.message };
    throw e;
  }
}

/** The key of the string token at the cursor, leaving the cursor past it. */
function readKey(c: Cursor): string {
  const start = c.pos;
  scanString(c);
  const raw = c.text.slice(start, c.pos);
  return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}

/**
 * Finds where the value at `path` starts in the JSON text `text[start, end)`, which must be valid
 * JSON. When a step is missing (no such key, index out of range, or not a container), returns the
 * offset of the deepest value that does exist, with `found: false`.
 */
export function locateJsonPath(text: string, path: JsonPath, start = 0, end = text.length): JsonPathOffset {
  const c: Cursor = { text, pos: start, end };
  skipSpace(c);
  for (const step of path) {
    const here = c.pos;
    const open = c.text[c.pos];
    if ((typeof step === 'string' && open !== '{') || (typeof step === 'number' && open !== '[')) return { offset: here, found: false };
    c.pos++;
    skipSpace(c);
    let index = 0;
    let found = false;
    while (c.pos < c.end && c.text[c.pos] !== '}' && c.text[c.pos] !== ']') {
      if (typeof step === 'string') {
        const key = readKey(c);
        skipSpace(c);
        c.pos++; // ':'
        skipSpace(c);
        if (key === step) {
          found = true;
          break;
        }
      } else if (index === step) {
        found = true;
        break;
      }
      scanValue(c, 0);
      skipSpace(c);
      if (c.text[c.pos] === ',') c.pos++;
      skipSpace(c);
      index++;
    }
    if (!found) return { offset: here, found: false };
  }
  return { offset: c.pos, found: true };
}
