/**
 * YAML text → located tree. Syntax errors keep yaml's own line and column but are reworded as
 * `UserError`s; the tree records where each key and value starts so schema errors can point there.
 */

import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { UserError, type SourceLocation } from '../errors.js';
import type { SourceEntry, SourceNode } from './source-tree.js';

/** How a location is labelled: a file name for files, `--set …` for overrides (no line numbers). */
export interface SourceLabel {
  readonly file: string;
  /** False for one-line texts such as `--set` values, whose line/col would only mislead. */
  readonly positions: boolean;
}

/** Rewordings of yaml's error codes into what a person should do. */
const SYNTAX_EXPECTED: Readonly<Partial<Record<string, string>>> = Object.freeze({
  TAB_AS_INDENT: 'spaces for indentation; YAML does not allow tabs there',
  BAD_INDENT: 'consistent indentation, and closing brackets for { } and [ ]',
  MISSING_CHAR: 'a closing quote or bracket',
  MULTIPLE_DOCS: 'one document per scenario file (no second ---)',
  MULTILINE_IMPLICIT_KEY: "a 'key: value' pair on one line",
  UNEXPECTED_TOKEN: "'key: value' lines, '- item' lists, or { } / [ ] flow collections",
  BLOCK_AS_IMPLICIT_KEY: "a 'key: value' pair; is a colon missing?",
});

function lowerFirst(s: string): string {
  return s.length > 0 ? s[0].toLowerCase() + s.slice(1) : s;
}

/** Reads YAML text into a located tree. Throws a `UserError` (with all problems found) on bad YAML. */
export function parseYamlSource(text: string, label: SourceLabel): SourceNode {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const at = (offset: number | undefined): SourceLocation => {
    if (!label.positions || offset === undefined) return { file: label.file };
    const { line, col } = lineCounter.linePos(offset);
    return { file: label.file, line: Math.max(line, 1), col };
  };

  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e) => {
      const loc = at(e.pos[0]);
      if (e.code === 'DUPLICATE_KEY') {
        const key = /^\s*["']?([^"':\n]*)/.exec(text.slice(e.pos[0]))?.[1]?.trim() ?? '';
        return new UserError(`duplicate key '${key}'`, { location: loc, expected: 'each key at most once in a mapping' });
      }
      // yaml's wording, minus advice addressed to programmers ("please use YAML.parseAllDocuments()").
      const said = e.code === 'MULTIPLE_DOCS' ? 'a second document starts here' : lowerFirst(e.message.split('\n')[0]);
      return new UserError(`YAML syntax: ${said}`, {
        location: loc,
        expected: SYNTAX_EXPECTED[e.code],
      });
    });
    throw new UserError(errors[0].message, errors[0].details, 2, errors.slice(1));
  }

  const problems: UserError[] = [];
  const convert = (node: YamlNode | null | undefined, fallback: SourceLocation, seen: ReadonlySet<YamlNode>): SourceNode => {
    if (node === null || node === undefined) return { kind: 'scalar', loc: fallback, value: null };
    // An empty value (`warmup:`) has a zero-length range after the colon; the key is the better place to point.
    const loc = node.range && node.range[1] > node.range[0] ? at(node.range[0]) : fallback;
    if (isAlias(node)) {
      const target = node.resolve(doc as Document);
      if (!target) {
        problems.push(new UserError(`unknown alias '*${node.source}'`, { location: loc, expected: 'an anchor (&name) defined earlier in the file' }));
        return { kind: 'scalar', loc, value: null };
      }
      if (seen.has(target)) {
        problems.push(new UserError(`alias '*${node.source}' refers to itself`, { location: loc }));
        return { kind: 'scalar', loc, value: null };
      }
      return convert(target, loc, new Set([...seen, target]));
    }
    if (isScalar(node)) {
      const v = node.value;
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { kind: 'scalar', loc, value: v };
      // Tags such as !!binary or dates give other objects; a scenario has no use for them.
      problems.push(new UserError(`unsupported value ${String(node.source ?? v)}`, { location: loc, expected: 'text, a number, true/false, a list or a mapping' }));
      return { kind: 'scalar', loc, value: null };
    }
    if (isSeq(node)) {
      return { kind: 'seq', loc, items: node.items.map((item) => convert(item as YamlNode | null, loc, seen)) };
    }
    if (isMap(node)) {
      const entries = new Map<string, SourceEntry>();
      // YAML merge keys (`<<: *base`, `<<: [*a, *b]`): the merged mappings' entries, then this
      // mapping's own entries over them; of several merged mappings, the first wins
      const merged = new Map<string, SourceEntry>();
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const keyLoc = keyNode?.range ? at(keyNode.range[0]) : loc;
        if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
          problems.push(new UserError('a key must be a plain word', { location: keyLoc, expected: "'key: value', not a list or mapping as a key" }));
          continue;
        }
        const key = String(keyNode.value);
        const value = convert(pair.value as YamlNode | null, keyLoc, seen);
        if (key === '<<' && keyNode.type === 'PLAIN') {
          const sources = value.kind === 'seq' ? value.items : [value];
          for (const m of sources) {
            if (m.kind !== 'map') {
              problems.push(new UserError('a merge key (<<) takes a mapping or a list of mappings', { location: m.loc, expected: '<<: *anchor of a mapping, or <<: [*a, *b]' }));
              continue;
            }
            for (const [k, e] of m.entries) if (!merged.has(k)) merged.set(k, e);
          }
          continue;
        }
        entries.set(key, { keyLoc, node: value });
      }
      for (const [k, e] of merged) if (!entries.has(k)) entries.set(k, e);
      return { kind: 'map', loc, entries };
    }
    problems.push(new UserError('unsupported YAML node', { location: loc }));
    return { kind: 'scalar', loc, value: null };
  };

  const root = convert(doc.contents as YamlNode | null, at(0), new Set());
  if (problems.length > 0) throw new UserError(problems[0].message, problems[0].details, 2, problems.slice(1));
  return root;
}
