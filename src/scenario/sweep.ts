/**
 * Sweep expansion: a scenario with a `sweep:` block becomes its variants. Each variant is the
 * scenario's located tree with the swept values set at their paths (exactly as `--set` would),
 * validated like any scenario — so a bad value is reported at the line of the sweep that wrote it,
 * and an unknown path gets a did-you-mean. Variants are named by their values
 * (`servers=16,rate=7.2/s`), which depend only on what was swept, never on run order.
 */

import { RandomStreams } from '../kernel/random-streams.js';
import { UserError, isUserError, type SourceLocation } from '../errors.js';
import { resolvePath, setAt } from './overrides.js';
import { formatPath, parsePath, type PathSegment } from './scenario-path.js';
import type { Scenario } from './schema.js';
import { scenarioSchema } from './schema.js';
import { toPlain, type SourceMap, type SourceNode } from './source-tree.js';
import { parseAnyQuantity, type RandomParamSpec } from './sweep-schema.js';

/** One swept value of one variant. */
export interface SweepOverride {
  /** The path as written in the sweep; it names the parameter column in the tables. */
  readonly path: string;
  /** The value as written (plain YAML data), or the sample drawn. */
  readonly value: unknown;
  /** The value as text, as it appears in the variant name. */
  readonly text: string;
  /** The value in base units when it is a number or a quantity (`7.2/s` → 7.2), else undefined. */
  readonly number?: number;
}

/** One variant of a scenario: its overrides and the scenario they make. */
export interface Variant {
  /** Position in the sweep's variant order (grid first path slowest, then zip, then random). */
  readonly index: number;
  /** Stable name from the swept values, e.g. `servers=16,rate=7.2/s`; `base` without a sweep. */
  readonly name: string;
  readonly overrides: readonly SweepOverride[];
  /** The variant's validated scenario (without `sweep` and `compare`). */
  readonly scenario: Scenario;
}

/** A swept path: as written, resolved against the scenario, where it was written. */
interface SweptPath {
  readonly text: string;
  readonly segments: readonly PathSegment[];
  readonly resolved: readonly PropertyKey[];
  readonly keyLoc: SourceLocation;
}

/** One setting of one path within a variant. */
interface Setting {
  readonly path: SweptPath;
  readonly node: SourceNode;
  /** Random samples: the number drawn (the node holds it too), formatted at a chosen precision in names. */
  readonly sample?: number;
}

/** A dimension of the sweep: its points, each a list of settings. Variants are the product of dimensions. */
type Dimension = Setting[][];

const FORBIDDEN_ROOTS = new Set(['extends', 'sweep', 'compare']);

function entry(map: SourceMap, key: string): { keyLoc: SourceLocation; node: SourceNode } | undefined {
  return map.entries.get(key);
}

function mapEntries(node: SourceNode | undefined): [string, { keyLoc: SourceLocation; node: SourceNode }][] {
  return node?.kind === 'map' ? [...node.entries] : [];
}

function resolveSweptPath(text: string, keyLoc: SourceLocation, where: string, tree: SourceMap): SweptPath {
  const segments = parsePath(text.trim());
  if (typeof segments === 'string') {
    throw new UserError(`'${text}' is not a scenario path: ${segments}`, { location: keyLoc, path: where, expected: 'a path as for --set, such as stations.tools.servers or arrivals[0].rate' });
  }
  if (FORBIDDEN_ROOTS.has(String(segments[0]))) {
    throw new UserError(`${String(segments[0])} cannot be swept`, { location: keyLoc, path: where, expected: 'a path to a scenario setting, such as stations.tools.servers' });
  }
  // The same walk as --set: unknown keys get a did-you-mean, list items go by index or name.
  const resolved = resolvePath(segments, tree, scenarioSchema, keyLoc);
  return { text: text.trim(), segments, resolved, keyLoc };
}

/** Compact text of a YAML value for a variant name: `16`, `7.2/s`, `{dist:exponential,mean:1s}`. */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(valueText).join(',')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}:${valueText(v)}`)
    .join(',')}}`;
}

/** Short labels for paths: the last key, or more of the path where two paths would share a label. */
function pathLabels(paths: readonly SweptPath[]): string[] {
  const labelOf = (p: SweptPath, depth: number) => {
    let start = Math.max(0, p.segments.length - depth);
    // a label never starts with an index (`[0].servers`): it takes the key before it (`stations[0].servers`)
    while (start > 0 && typeof p.segments[start] === 'number') start--;
    return formatPath(p.segments.slice(start));
  };
  const depths = paths.map(() => 1);
  for (let round = 0; round < 16; round++) {
    const labels = paths.map((p, i) => labelOf(p, depths[i]));
    let changed = false;
    labels.forEach((l, i) => {
      if (labels.some((m, j) => j !== i && m === l) && depths[i] < paths[i].segments.length) {
        depths[i]++;
        changed = true;
      }
    });
    if (!changed) return labels;
  }
  return paths.map((p) => p.text);
}

function sampleParam(spec: RandomParamSpec, u: number): { number?: number; pick?: number } {
  switch (spec.dist) {
    case 'uniform':
      if (spec.integer) {
        const lo = Math.ceil(spec.min), hi = Math.floor(spec.max);
        return { number: Math.min(hi, lo + Math.floor(u * (hi - lo + 1))) };
      }
      return { number: spec.min + u * (spec.max - spec.min) };
    case 'log-uniform': {
      const x = Math.exp(Math.log(spec.min) + u * (Math.log(spec.max) - Math.log(spec.min)));
      return { number: spec.integer ? Math.round(x) : x };
    }
    case 'choice':
      return { pick: Math.min(spec.values.length - 1, Math.floor(u * spec.values.length)) };
  }
}

/** The dimensions of the sweep block in `tree`, in variant order: grid paths, then zip, then random. */
function sweepDimensions(tree: SourceMap, base: Scenario): { dims: Dimension[]; paths: SweptPath[] } {
  const sweep = base.sweep;
  const sweepNode = entry(tree, 'sweep')?.node;
  if (!sweep || sweepNode?.kind !== 'map') return { dims: [], paths: [] };
  const dims: Dimension[] = [];
  const paths: SweptPath[] = [];
  const seen = new Map<string, string>();
  const add = (text: string, keyLoc: SourceLocation, where: string): SweptPath => {
    const p = resolveSweptPath(text, keyLoc, where, tree);
    const key = formatPath(p.resolved);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new UserError(`${key} is already swept by ${earlier}`, { location: keyLoc, path: where, expected: 'each scenario path swept once (use zip to vary paths together)' });
    }
    // A path inside another swept path (service and service.mean) would depend on the order of setting.
    for (const [other, by] of seen) {
      const [inner, outer] = key.length > other.length ? [key, other] : [other, key];
      if (inner.startsWith(outer) && /^[.[]/.test(inner.slice(outer.length))) {
        throw new UserError(`${inner} lies inside ${outer}, and both are swept (${by} and ${where})`, { location: keyLoc, path: where, expected: 'swept paths that do not contain one another' });
      }
    }
    seen.set(key, where);
    paths.push(p);
    return p;
  };
  const blockPath = (block: string, key: string) => formatPath(['sweep', block, key]);

  for (const [key, { keyLoc, node }] of mapEntries(entry(sweepNode, 'grid')?.node)) {
    const p = add(key, keyLoc, blockPath('grid', key));
    const items = node.kind === 'seq' ? node.items : [];
    dims.push(items.map((item) => [{ path: p, node: item }]));
  }

  const zip = mapEntries(entry(sweepNode, 'zip')?.node);
  if (zip.length > 0) {
    const columns = zip.map(([key, { keyLoc, node }]) => ({ p: add(key, keyLoc, blockPath('zip', key)), items: node.kind === 'seq' ? node.items : [] }));
    const rows = columns[0].items.length;
    dims.push(Array.from({ length: rows }, (_, i) => columns.map((c) => ({ path: c.p, node: c.items[i] }))));
  }

  if (sweep.random) {
    const random = sweep.random;
    const randomNode = entry(sweepNode, 'random')?.node;
    const paramsNode = randomNode?.kind === 'map' ? entry(randomNode, 'params')?.node : undefined;
    const streams = new RandomStreams(random.seed ?? base.seed, 0);
    const columns = mapEntries(paramsNode).map(([key, { keyLoc, node }]) => {
      const p = add(key, keyLoc, formatPath(['sweep', 'random', 'params', key]));
      const spec = random.params[key];
      // One stream per path: adding a path to the sweep never changes the samples of another.
      const u = streams.uniform(`sweep/random/${p.text}`);
      const values = node.kind === 'map' ? entry(node, 'values')?.node : undefined;
      return { p, spec, u, choices: values?.kind === 'seq' ? values.items : [] };
    });
    const samples: Setting[][] = [];
    for (let i = 0; i < random.n; i++) {
      samples.push(
        columns.map((c) => {
          const s = sampleParam(c.spec, c.u());
          if (s.pick !== undefined) return { path: c.p, node: c.choices[s.pick] };
          return { path: c.p, node: { kind: 'scalar', loc: c.p.keyLoc, value: s.number as number }, sample: s.number };
        }),
      );
    }
    dims.push(samples);
  }
  return { dims, paths };
}

function product(dims: readonly Dimension[]): Setting[][] {
  let out: Setting[][] = [[]];
  for (const dim of dims) out = out.flatMap((prefix) => dim.map((point) => [...prefix, ...point]));
  return out;
}

function formatSample(x: number, digits: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(digits)));
}

/** Variant names from settings; random samples get more digits until names are unique. */
function variantNames(combos: readonly Setting[][], labels: ReadonlyMap<SweptPath, string>): string[] {
  const build = (digits: number) =>
    combos.map((settings) =>
      settings.map((s) => `${labels.get(s.path)}=${s.sample !== undefined ? formatSample(s.sample, digits) : valueText(toPlain(s.node))}`).join(','),
    );
  let names = build(4);
  for (let digits = 6; digits <= 17 && new Set(names).size < names.length; digits += 2) names = build(digits);
  // Identical settings (a choice drawn twice): keep them apart by occurrence.
  const count = new Map<string, number>();
  return names.map((n) => {
    const k = (count.get(n) ?? 0) + 1;
    count.set(n, k);
    return k === 1 ? n : `${n}#${k}`;
  });
}

function override(s: Setting): SweepOverride {
  const value = toPlain(s.node);
  const text = s.sample !== undefined ? String(s.sample) : valueText(value);
  const q = value !== null && typeof value !== 'object' && typeof value !== 'boolean' ? parseAnyQuantity(value) : undefined;
  return { path: s.path.text, value, text, number: q?.ok ? q.value : undefined };
}

/** The tree without the sections that describe the experiment rather than one variant. */
function variantTree(tree: SourceMap): SourceMap {
  const entries = new Map(tree.entries);
  entries.delete('sweep');
  entries.delete('compare');
  return { ...tree, entries };
}

/**
 * The variants of `base` (loaded from `tree`): one per point of the sweep, or the single variant
 * `base` without a sweep. Each variant is validated; all problems are reported together, each at
 * the sweep value that caused it and naming the variant.
 */
export function expandSweep(tree: SourceMap, base: Scenario, file: string, validate: (tree: SourceMap, file: string) => Scenario): Variant[] {
  const plain = variantTree(tree);
  const { dims, paths } = sweepDimensions(tree, base);
  if (dims.length === 0) return [{ index: 0, name: 'base', overrides: [], scenario: validate(plain, file) }];

  const labelList = pathLabels(paths);
  const labels = new Map(paths.map((p, i) => [p, labelList[i]]));
  const combos = product(dims);
  const names = variantNames(combos, labels);
  const errors: UserError[] = [];
  const variants: Variant[] = [];
  combos.forEach((settings, index) => {
    let t: SourceMap = plain;
    for (const s of settings) t = setAt(t, s.path.resolved, s.node, s.path.keyLoc) as SourceMap;
    try {
      variants.push({ index, name: names[index], overrides: settings.map(override), scenario: validate(t, file) });
    } catch (e) {
      if (!isUserError(e)) throw e;
      for (const u of [e, ...e.more]) {
        const hint = [u.details.hint, `in sweep variant '${names[index]}'`].filter(Boolean).join('; ');
        errors.push(new UserError(u.message, { ...u.details, hint }, u.exitCode));
      }
    }
  });
  if (errors.length > 0) {
    // One line per distinct problem: a bad grid value breaks every variant that uses it.
    const distinct = new Map<string, UserError>();
    for (const e of errors) {
      const key = JSON.stringify([e.message, e.details.location, e.details.path]);
      if (!distinct.has(key)) distinct.set(key, e);
    }
    const [first, ...rest] = distinct.values();
    throw new UserError(first.message, first.details, first.exitCode, rest);
  }
  return variants;
}
