/**
 * Coordination networks: ring, grid, small-world (Watts–Strogatz), scale-free (Barabási–Albert),
 * tree/hierarchy and complete graphs on 2 … 10,000 agents, built from a task's random source into
 * CSR arrays. The random generators follow NetworkX (`connected_watts_strogatz_graph`,
 * `barabasi_albert_graph`), the reference AgentsNet used to draw its small-world and scale-free
 * instances (Grötschla et al., arXiv:2507.08616), so graphs here have the same law.
 */
import type { UniformSource } from '../kernel/random-streams.js';
import { components, graphFromEdges, type Graph } from './graph.js';

/** Kinds of topology. */
export const TOPOLOGY_KINDS = ['ring', 'grid', 'small-world', 'scale-free', 'tree', 'complete'] as const;
export type TopologyKind = (typeof TOPOLOGY_KINDS)[number];

/** A topology and its parameters (those of other kinds are ignored). */
export interface TopologySpec {
  readonly kind: TopologyKind;
  /** small-world: neighbours of each agent in the ring lattice before rewiring (even, ≥ 2, < size). */
  readonly degree: number;
  /** small-world: probability that a lattice edge is rewired to a random agent. */
  readonly rewire: number;
  /** scale-free: edges each new agent attaches with (1 ≤ m < size). */
  readonly m: number;
  /** tree: members per leader (children per internal node), ≥ 1. */
  readonly fanout: number;
  /** tree: a hierarchy — members wait for their leader's decision instead of taking part in every round. */
  readonly leaders: boolean;
  /** grid: agents per row; null = ⌈√size⌉. */
  readonly columns: number | null;
}

/** Most agents a swarm may have. */
export const MAX_SWARM_SIZE = 10_000;

/**
 * Most adjacency entries (2 × edges) a graph may have: 16 Mi entries are 64 MB of CSR, and a
 * complete graph of 4,096 agents, each reading 4,095 messages a round, is far past any context window.
 */
export const MAX_ADJACENCY = 2 ** 24;

/** Attempts at a connected small-world graph before giving up (NetworkX's default `tries`). */
export const SMALL_WORLD_TRIES = 100;

/** Why a topology cannot be built on `n` agents: the field at fault, a sentence and what was expected; null if it can. */
export function topologyProblem(t: TopologySpec, n: number): { field: string; message: string; expected: string } | null {
  switch (t.kind) {
    case 'ring':
    case 'complete':
      break;
    case 'grid':
      if (t.columns !== null && t.columns > n) return { field: 'columns', message: `${t.columns} columns exceed the ${n} agents`, expected: `a whole number from 1 to size (${n})` };
      break;
    case 'small-world':
      if (t.degree % 2 !== 0) return { field: 'degree', message: `${t.degree} is odd; each agent links to degree/2 neighbours on either side of the ring`, expected: 'an even whole number ≥ 2' };
      if (t.degree >= n) return { field: 'degree', message: `${t.degree} is not below size ${n}`, expected: `an even whole number ≥ 2 and < size (${n})` };
      break;
    case 'scale-free':
      if (t.m >= n) return { field: 'm', message: `${t.m} is not below size ${n}: each new agent attaches to m earlier ones`, expected: `a whole number ≥ 1 and < size (${n})` };
      break;
    case 'tree':
      if (t.fanout < 1) return { field: 'fanout', message: `must be ≥ 1, got ${t.fanout}`, expected: 'a whole number ≥ 1' };
      break;
  }
  const entries = adjacencyEntries(t, n);
  if (entries > MAX_ADJACENCY) {
    return { field: 'kind', message: `a ${t.kind} graph of ${n} agents has ≈ ${(entries / 2).toExponential(2)} edges, more than the ${MAX_ADJACENCY / 2} supported`, expected: 'a sparser topology or fewer agents' };
  }
  return null;
}

/** Adjacency entries (2 × edges, an upper bound) of a topology on `n` agents. */
function adjacencyEntries(t: TopologySpec, n: number): number {
  switch (t.kind) {
    case 'complete':
      return n * (n - 1);
    case 'small-world':
      return n * t.degree;
    case 'scale-free':
      return 2 * n * t.m;
    default:
      return 4 * n;
  }
}

/** True for the kinds drawn at random (a fresh graph per task); the others are one fixed graph. */
export function isRandomTopology(kind: TopologyKind): boolean {
  return kind === 'small-world' || kind === 'scale-free';
}

/** Thrown when a random topology could not be drawn connected (small-world with a low degree and heavy rewiring). */
export class DisconnectedTopologyError extends Error {}

/**
 * Builds the topology on `n` agents drawing from `random` (deterministic kinds draw nothing).
 * Throws a RangeError when `topologyProblem` has one, and a {@link DisconnectedTopologyError} when
 * no connected small-world graph came out of {@link SMALL_WORLD_TRIES} attempts.
 */
export function buildTopology(t: TopologySpec, n: number, random: UniformSource): Graph {
  if (!Number.isSafeInteger(n) || n < 2 || n > MAX_SWARM_SIZE) throw new RangeError(`a swarm has 2 to ${MAX_SWARM_SIZE} agents, got ${n}`);
  const problem = topologyProblem(t, n);
  if (problem) throw new RangeError(`${t.kind} ${problem.field}: ${problem.message}`);
  switch (t.kind) {
    case 'ring':
      return ring(n);
    case 'grid':
      return grid(n, t.columns ?? Math.ceil(Math.sqrt(n)));
    case 'complete':
      return complete(n);
    case 'tree':
      return tree(n, t.fanout);
    case 'small-world':
      return connectedSmallWorld(n, t.degree, t.rewire, random);
    case 'scale-free':
      return scaleFree(n, t.m, random);
  }
}

/** A cycle (a single edge when n = 2). */
export function ring(n: number): Graph {
  const e = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) (e[2 * i] = i), (e[2 * i + 1] = (i + 1) % n);
  return graphFromEdges(n, e);
}

/** Agents in rows of `columns`, each linked to its right and lower neighbour; the last row may be short. */
export function grid(n: number, columns: number): Graph {
  const e: number[] = [];
  for (let i = 0; i < n; i++) {
    if ((i % columns) + 1 < columns && i + 1 < n) e.push(i, i + 1);
    if (i + columns < n) e.push(i, i + columns);
  }
  return graphFromEdges(n, e);
}

/** Every pair linked. */
export function complete(n: number): Graph {
  const e = new Int32Array(n * (n - 1));
  let k = 0;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) (e[k++] = a), (e[k++] = b);
  return graphFromEdges(n, e);
}

/** A complete `fanout`-ary tree filled level by level: the parent of agent i > 0 is ⌊(i − 1)/fanout⌋. */
export function tree(n: number, fanout: number): Graph {
  const e = new Int32Array(2 * (n - 1));
  for (let i = 1; i < n; i++) (e[2 * i - 2] = Math.floor((i - 1) / fanout)), (e[2 * i - 1] = i);
  return graphFromEdges(n, e);
}

/** Leaders of a tree: agents with members (children). */
export function treeLeaders(n: number, fanout: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 1; i < n; i++) out[Math.floor((i - 1) / fanout)] = 1;
  return out;
}

/**
 * Watts–Strogatz (Nature 393, 1998) as NetworkX draws it: a ring lattice where each agent links to
 * its k/2 nearest neighbours on either side; then, lattice distance j = 1 … k/2 in turn, each edge
 * (i, i + j) is rewired with probability p to (i, w) for w uniform among agents not i and not
 * already linked to i. Redrawn until connected, like `connected_watts_strogatz_graph`.
 */
export function connectedSmallWorld(n: number, k: number, p: number, random: UniformSource): Graph {
  for (let attempt = 0; attempt < SMALL_WORLD_TRIES; attempt++) {
    const g = smallWorld(n, k, p, random);
    if (components(g).count === 1) return g;
  }
  throw new DisconnectedTopologyError(`no connected small-world graph (size ${n}, degree ${k}, rewire ${p}) in ${SMALL_WORLD_TRIES} attempts`);
}

/** One Watts–Strogatz draw (possibly disconnected); see {@link connectedSmallWorld}. */
export function smallWorld(n: number, k: number, p: number, random: UniformSource): Graph {
  const half = k / 2;
  const key = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
  const edges = new Set<number>();
  const deg = new Int32Array(n);
  for (let j = 1; j <= half; j++) {
    for (let i = 0; i < n; i++) {
      edges.add(key(i, (i + j) % n));
      deg[i]++;
      deg[(i + j) % n]++;
    }
  }
  for (let j = 1; j <= half; j++) {
    for (let i = 0; i < n; i++) {
      if (!(random() < p)) continue;
      const v = (i + j) % n;
      if (!edges.has(key(i, v)) || deg[i] >= n - 1) continue;
      let w: number;
      do w = Math.floor(random() * n);
      while (w === i || edges.has(key(i, w)));
      edges.delete(key(i, v));
      deg[v]--;
      edges.add(key(i, w));
      deg[w]++;
    }
  }
  const e = new Int32Array(2 * edges.size);
  let x = 0;
  for (const k2 of edges) (e[x++] = Math.floor(k2 / n)), (e[x++] = k2 % n);
  return graphFromEdges(n, e);
}

/**
 * Barabási–Albert (Science 286, 1999) as NetworkX draws it: a star on agents 0 … m, then each new
 * agent attaches to m distinct earlier agents chosen with probability proportional to degree.
 * Always connected.
 */
export function scaleFree(n: number, m: number, random: UniformSource): Graph {
  const e = new Int32Array(2 * (m + (n - m - 1) * m));
  let x = 0;
  // each agent appears in `repeated` once per edge end: sampling it is sampling by degree
  const repeated = new Int32Array(e.length);
  let r = 0;
  for (let i = 1; i <= m; i++) {
    (e[x++] = 0), (e[x++] = i);
    (repeated[r++] = 0), (repeated[r++] = i);
  }
  const targets = new Int32Array(m);
  for (let source = m + 1; source < n; source++) {
    let t = 0;
    while (t < m) {
      const c = repeated[Math.floor(random() * r)];
      let dup = false;
      for (let q = 0; q < t; q++) if (targets[q] === c) dup = true;
      if (!dup) targets[t++] = c;
    }
    for (let q = 0; q < m; q++) {
      (e[x++] = source), (e[x++] = targets[q]);
      (repeated[r++] = targets[q]), (repeated[r++] = source);
    }
  }
  return graphFromEdges(n, e, x / 2);
}
