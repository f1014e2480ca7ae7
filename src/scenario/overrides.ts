/**
 * `--set path=value` overrides, applied to the located tree after `extends` is resolved. The path
 * is checked against the schema (so a typo gets a did-you-mean instead of a silently ignored
 * key), list items can be picked by index or by name (`stations.tools.servers`), and the value is
 * read as YAML. Everything set remembers the flag it came from, so a bad value is reported as
 * `--set stations[0].servers=lots: …` rather than a line of some file.
 */

import type { z } from 'zod';
import { UserError, type SourceLocation } from '../errors.js';
import { suggestionHint } from './did-you-mean.js';
import { formatPath, parsePath, type PathSegment } from './scenario-path.js';
import { schemaShape } from './schema-walk.js';
import { toPlain, type SourceEntry, type SourceMap, type SourceNode } from './source-tree.js';
import { parseYamlSource } from './yaml-source.js';

const PATH_EXPECTED = 'path=value, such as stations[0].servers=16, stations.tools.servers=16 or horizon=2h';

function fail(message: string, location: SourceLocation, path?: readonly PropertyKey[], expected?: string, hint?: string): never {
  throw new UserError(message, { location, path: path && path.length > 0 ? formatPath(path) : undefined, expected, hint });
}

/** Turns the typed path into concrete keys and indices, checking each step against the schema and the tree. */
export function resolvePath(segments: readonly PathSegment[], root: SourceNode, schema: z.core.$ZodType, loc: SourceLocation): PropertyKey[] {
  const resolved: PropertyKey[] = [];
  let node: SourceNode | undefined = root;
  let current: z.core.$ZodType = schema;
  for (const seg of segments) {
    const shape = schemaShape(current, node ? toPlain(node) : undefined);
    if (shape.kind === 'object') {
      const key = String(seg);
      const keys = shape.keys.filter((k) => k !== 'extends');
      const child = keys.includes(key) ? shape.child(key) : undefined;
      if (!child) {
        const where = resolved.length > 0 ? ` in ${formatPath(resolved)}` : '';
        fail(`unknown key '${key}'${where}`, loc, [...resolved, key], undefined, suggestionHint(key, keys, 'known keys'));
      }
      resolved.push(key);
      current = child;
      node = node?.kind === 'map' ? node.entries.get(key)?.node : undefined;
    } else if (shape.kind === 'array') {
      const items = node?.kind === 'seq' ? node.items : [];
      let index: number;
      if (typeof seg === 'number' || /^\d+$/.test(seg)) {
        index = Number(seg);
        if (index >= items.length) {
          const range = items.length === 0 ? 'the list is empty' : `it has ${items.length} item${items.length === 1 ? '' : 's'}`;
          fail(`index ${index} is out of range: ${range}`, loc, [...resolved, index], items.length > 0 ? `an index from 0 to ${items.length - 1}, or an item's name` : undefined);
        }
      } else {
        const names = items.map((it) => (it.kind === 'map' ? it.entries.get('name')?.node : undefined)).map((n) => (n?.kind === 'scalar' ? String(n.value) : ''));
        index = names.indexOf(seg);
        if (index < 0) {
          fail(`no item of ${formatPath(resolved)} is named '${seg}'`, loc, resolved, 'an index or the name of an item', suggestionHint(seg, names.filter(Boolean), 'names'));
        }
      }
      resolved.push(index);
      current = shape.element;
      node = items[index];
    } else {
      fail(`${formatPath(resolved)} is a single value; it has no '${String(seg)}'`, loc, resolved, PATH_EXPECTED);
    }
  }
  return resolved;
}

/**
 * A copy of `tree` with `value` at `path`, creating mappings on the way where none exist. A null
 * value (`--set pools[0].dram=null`, or `null` among a sweep's values) removes the key instead, so
 * its default applies or an optional block is dropped — the schema accepts null nowhere else.
 */
export function setAt(tree: SourceNode, path: readonly PropertyKey[], value: SourceNode, loc: SourceLocation): SourceNode {
  if (path.length === 0) return value;
  const [seg, ...rest] = path;
  if (rest.length === 0 && value.kind === 'scalar' && value.value === null && tree.kind === 'map') {
    const entries = new Map<string, SourceEntry>(tree.entries);
    entries.delete(String(seg));
    return { ...tree, entries };
  }
  if (typeof seg === 'number' && tree.kind === 'seq') {
    const items = tree.items.slice();
    items[seg] = setAt(items[seg], rest, value, loc);
    return { ...tree, items };
  }
  const base: SourceMap = tree.kind === 'map' ? tree : { kind: 'map', loc, entries: new Map() };
  const entries = new Map<string, SourceEntry>(base.entries);
  const key = String(seg);
  const under = entries.get(key);
  const child = setAt(under?.node ?? { kind: 'map', loc, entries: new Map() }, rest, value, loc);
  entries.set(key, { keyLoc: under?.keyLoc ?? loc, node: child });
  return { ...base, entries };
}

/** Applies one `--set path=value` to the tree; throws a `UserError` located at the flag for a bad path or unreadable value. */
export function applyOverride(tree: SourceMap, arg: string, schema: z.core.$ZodType): SourceMap {
  const loc: SourceLocation = { file: `--set ${arg.trim()}` };
  const eq = arg.indexOf('=');
  if (eq < 0) fail(`'${arg}' has no '='`, loc, undefined, PATH_EXPECTED);
  const pathText = arg.slice(0, eq).trim();
  const segments = parsePath(pathText);
  if (typeof segments === 'string') fail(`'${pathText}' is not a path: ${segments}`, loc, undefined, PATH_EXPECTED);
  if (segments[0] === 'extends') fail('extends cannot be set; load the base file directly or write a small file that extends it', loc, ['extends']);
  const path = resolvePath(segments, tree, schema, loc);
  const value = parseYamlSource(arg.slice(eq + 1), { file: loc.file, positions: false });
  return setAt(tree, path, value, loc) as SourceMap;
}

/** Applies `--set` overrides in order (a later one wins over an earlier one). */
export function applyOverrides(tree: SourceMap, args: readonly string[], schema: z.core.$ZodType): SourceMap {
  return args.reduce((t, arg) => applyOverride(t, arg, schema), tree);
}
