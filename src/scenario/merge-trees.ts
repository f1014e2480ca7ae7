/**
 * The merge rule of `extends`: a child file's mappings merge into its base key by key, and lists
 * and scalars replace. Each node keeps the location of the file it came from.
 */

import type { SourceEntry, SourceNode } from './source-tree.js';

function distKind(node: SourceNode): unknown {
  return node.kind === 'map' ? (node.entries.get('dist')?.node as { value?: unknown } | undefined)?.value : undefined;
}

/**
 * `child` laid over `base`. One exception to key-by-key merging: a mapping whose `dist` changes
 * kind replaces the base mapping, because the parameters of one distribution (`mean`, `cv`) are
 * meaningless for another (`min`, `max`) and merging them would only produce an error.
 */
export function mergeTrees(base: SourceNode, child: SourceNode): SourceNode {
  if (base.kind !== 'map' || child.kind !== 'map') return child;
  const childDist = distKind(child);
  if (childDist !== undefined && childDist !== distKind(base)) return child;
  const entries = new Map<string, SourceEntry>(base.entries);
  for (const [key, entry] of child.entries) {
    const under = base.entries.get(key);
    entries.set(key, under ? { keyLoc: entry.keyLoc, node: mergeTrees(under.node, entry.node) } : entry);
  }
  return { kind: 'map', loc: child.loc, entries };
}
