import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, locateJsonPath, positionAt } from '../../../src/agents/traces/json-position.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const VALID = [
  '0',
  '-0.5e+10',
  '"a\\u00e9\\n\\"b"',
  'true',
  ' null ',
  '[]',
  '{}',
  '[1, [2, [3, {"a": [4, "x"]}]]]',
  '{"id": "t", "requests": [{"t": 0.0, "in": 130, "hash_ids": [1, 2]}], "x": {"y": false}}',
];

const INVALID: [string, number][] = [
  ['', 0],
  ['{"a": x}', 6],
  ['{"a": 1,}', 8],
  ['{"a": 1', 7],
  ['{"a" 1}', 5],
  ['[1,2,]', 5],
  ['{"a":"b}', 5],
  ['{"a":1}}', 7],
  ['{"a":tru}', 5],
  ['{"a":01}', 5],
  ['{"a":"\\q"}', 6],
  ['{"a":"line\nbreak"}', 10],
  ['[1 2]', 3],
  ['-', 0],
  ['1.', 2],
  ['1e', 2],
  ["{'a': 1}", 1],
];

describe('findJsonSyntaxError', () => {
  it.each(VALID)('accepts %j like JSON.parse', (text) => {
    expect(parses(text)).toBe(true);
    expect(findJsonSyntaxError(text)).toBeUndefined();
  });

  it.each(INVALID)('rejects %j at offset %i, like JSON.parse', (text, offset) => {
    expect(parses(text)).toBe(false);
    expect(findJsonSyntaxError(text)?.offset).toBe(offset);
  });

  it('agrees with JSON.parse on 2,000 single-character mutations of a valid document', () => {
    const base = VALID[VALID.length - 1];
    const alphabet = '{}[]":,. 0123456789-+eEtrufalsn\\x';
    // A fixed linear congruential sequence: the same mutations on every run.
    let state = 12345;
    const next = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    let disagreements = 0;
    for (let k = 0; k < 2000; k++) {
      const at = next(base.length);
      const ch = alphabet[next(alphabet.length)];
      const mode = next(3);
      const text = mode === 0 ? base.slice(0, at) + base.slice(at + 1) : mode === 1 ? base.slice(0, at) + ch + base.slice(at) : base.slice(0, at) + ch + base.slice(at + 1);
      if (parses(text) !== (findJsonSyntaxError(text) === undefined)) disagreements++;
    }
    expect(disagreements).toBe(0);
  });

  it('looks only inside the span it is given', () => {
    const text = 'garbage\n{"a": 1}\nmore garbage';
    expect(findJsonSyntaxError(text, 8, 16)).toBeUndefined();
  });
});

describe('locateJsonPath', () => {
  const text = '{\n  "id": "t",\n  "requests": [\n    {"t": 0, "in": 130},\n    {"t": 3, "out": 5}\n  ]\n}';

  it('finds the value at a path', () => {
    const at = locateJsonPath(text, ['requests', 1, 'out']);
    expect(at.found).toBe(true);
    expect(text.slice(at.offset, at.offset + 1)).toBe('5');
    expect(positionAt(text, at.offset)).toEqual({ line: 5, col: 21 });
  });

  it('points at the object that lacks a field', () => {
    const at = locateJsonPath(text, ['requests', 1, 'in']);
    expect(at.found).toBe(false);
    expect(positionAt(text, at.offset)).toEqual({ line: 5, col: 5 });
  });

  it('points at the list when an index is out of range, and at the root for the empty path', () => {
    expect(locateJsonPath(text, ['requests', 5])).toEqual({ offset: text.indexOf('['), found: false });
    expect(locateJsonPath(text, [])).toEqual({ offset: 0, found: true });
  });

  it('reads escaped keys', () => {
    const t = '{"a\\u0062": [1, 2]}';
    expect(t[locateJsonPath(t, ['ab', 1]).offset]).toBe('2');
  });
});
