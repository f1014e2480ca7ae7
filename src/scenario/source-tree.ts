/**
 * A parsed scenario document that remembers where every key and value was written. Files merged
 * by `extends` and values set by `--set` keep their own locations, so an error points at the file
 * (or flag) that holds the offending value, not at the file that was loaded.
 */

import type { SourceLocation } from '../errors.js';

/** A scalar as YAML resolves it (core schema): text, number, boolean or null. */
export type ScalarValue = string | number | boolean | null;

/** A mapping entry: where its key was written, and its value. */
export interface SourceEntry {
  readonly keyLoc: SourceLocation;
  readonly node: SourceNode;
}

/** A mapping, keys in the order written. */
export interface SourceMap {
  readonly kind: 'map';
  readonly loc: SourceLocation;
  readonly entries: ReadonlyMap<string, SourceEntry>;
}

/** A list. */
export interface SourceSeq {
  readonly kind: 'seq';
  readonly loc: SourceLocation;
  readonly items: readonly SourceNode[];
}

/** A single value. */
export interface SourceScalar {
  readonly kind: 'scalar';
  readonly loc: SourceLocation;
  readonly value: ScalarValue;
}

/** Any node of a located document. */
export type SourceNode = SourceMap | SourceSeq | SourceScalar;

/** The plain data of a tree, as the schema validates it. */
export function toPlain(node: SourceNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [key, entry] of node.entries) out[key] = toPlain(entry.node);
      return out;
    }
  }
}

/**
 * Where a path was written. `value` points at the value (what most errors are about); `key`
 * points at the key (for an unknown key). When the path does not exist (a missing setting), the
 * deepest node that does exist is the best place to point at.
 */
export function locate(root: SourceNode, path: readonly PropertyKey[], at: 'value' | 'key' = 'value'): SourceLocation {
  let node: SourceNode = root;
  let loc = root.loc;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (node.kind === 'map') {
      const entry = node.entries.get(String(seg));
      if (!entry) return loc;
      const last = i === path.length - 1;
      loc = last && at === 'key' ? entry.keyLoc : entry.node.loc;
      node = entry.node;
    } else if (node.kind === 'seq' && typeof seg === 'number' && seg < node.items.length) {
      node = node.items[seg];
      loc = node.loc;
    } else {
      return loc;
    }
  }
  return loc;
}
