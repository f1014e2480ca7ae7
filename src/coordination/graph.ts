/**
 * Undirected simple graphs in compressed sparse row form (CSR): the neighbours of agent `v` are
 * `adj[offsets[v] … offsets[v + 1])`, sorted ascending. An agent is an integer 0…n−1; an index into
 * `adj` names one directed edge slot ("v hears from adj[e]"), which the protocols use to key their
 * per-message draws. Built once per task (or once per swarm for fixed topologies) and read-only.
 */

/** A simple undirected graph in CSR form. */
export interface Graph {
  /** Agents. */
  readonly n: number;
  /** `n + 1` offsets into `adj`. */
  readonly offsets: Int32Array;
  /** Neighbour lists, concatenated, each sorted ascending; length = 2 × edges. */
  readonly adj: Int32Array;
}

/** Undirected edges of a graph. */
export function edgeCount(g: Graph): number {
  return g.adj.length / 2;
}

/** Neighbours of `v`. */
export function degree(g: Graph, v: number): number {
  return g.offsets[v + 1] - g.offsets[v];
}

/** The largest degree. */
export function maxDegree(g: Graph): number {
  let d = 0;
  for (let v = 0; v < g.n; v++) d = Math.max(d, g.offsets[v + 1] - g.offsets[v]);
  return d;
}

/**
 * A graph on `n` agents from an edge list (`edges[2i]`, `edges[2i+1]`), dropping self-loops and
 * repeated edges; edges are undirected, so (a, b) and (b, a) are the same edge.
 */
export function graphFromEdges(n: number, edges: ArrayLike<number>, count = edges.length / 2): Graph {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`a graph needs n ≥ 1 agents, got ${n}`);
  const deg = new Int32Array(n + 1);
  for (let i = 0; i < count; i++) {
    const a = edges[2 * i], b = edges[2 * i + 1];
    if (!(a >= 0 && a < n && b >= 0 && b < n) || a !== Math.floor(a) || b !== Math.floor(b)) {
      throw new RangeError(`edge (${a}, ${b}) names an agent outside 0…${n - 1}`);
    }
    if (a === b) continue;
    deg[a + 1]++;
    deg[b + 1]++;
  }
  for (let v = 0; v < n; v++) deg[v + 1] += deg[v];
  const raw = new Int32Array(deg[n]);
  const fill = deg.slice(0, n);
  for (let i = 0; i < count; i++) {
    const a = edges[2 * i], b = edges[2 * i + 1];
    if (a === b) continue;
    raw[fill[a]++] = b;
    raw[fill[b]++] = a;
  }
  // sort each list, drop repeats, compact
  const offsets = new Int32Array(n + 1);
  let w = 0;
  for (let v = 0; v < n; v++) {
    const list = raw.subarray(deg[v], deg[v + 1]);
    list.sort();
    offsets[v] = w;
    for (let k = 0; k < list.length; k++) if (k === 0 || list[k] !== list[k - 1]) raw[w++] = list[k];
  }
  offsets[n] = w;
  return { n, offsets, adj: raw.slice(0, w) };
}

/**
 * Breadth-first distances from `source` into `dist` (−1 where unreachable), using `queue` (length
 * ≥ n) as scratch. Returns the eccentricity of `source` within its component.
 */
export function bfsInto(g: Graph, source: number, dist: Int32Array, queue: Int32Array): number {
  dist.fill(-1);
  dist[source] = 0;
  queue[0] = source;
  let head = 0, tail = 1, ecc = 0;
  const { offsets, adj } = g;
  while (head < tail) {
    const v = queue[head++];
    const d = dist[v] + 1;
    for (let e = offsets[v]; e < offsets[v + 1]; e++) {
      const u = adj[e];
      if (dist[u] < 0) {
        dist[u] = d;
        ecc = d;
        queue[tail++] = u;
      }
    }
  }
  return ecc;
}

/** Component label of every agent (0, 1, … in order of their smallest agent) and the count. */
export function components(g: Graph): { label: Int32Array; count: number } {
  const label = new Int32Array(g.n).fill(-1);
  const queue = new Int32Array(g.n);
  let count = 0;
  for (let s = 0; s < g.n; s++) {
    if (label[s] >= 0) continue;
    label[s] = count;
    queue[0] = s;
    let head = 0, tail = 1;
    while (head < tail) {
      const v = queue[head++];
      for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
        const u = g.adj[e];
        if (label[u] < 0) {
          label[u] = count;
          queue[tail++] = u;
        }
      }
    }
    count++;
  }
  return { label, count };
}

/**
 * The diameter: the largest distance between two agents of one component (the largest
 * eccentricity), computed exactly by iFUB (Crescenzi, Grossi, Habib, Lanzi, Marino, "On computing
 * the diameter of real-world undirected graphs", TCS 2013) from the highest-degree agent of each
 * component, with a double sweep's lower bound. NOTE: iFUB replaces n breadth-first searches
 * (O(n·m)) by those of the outermost levels only: tens on scale-free graphs and trees, a few
 * thousand on a 10,000-agent small-world graph (≈ 2 s; brute force ≈ 4 s);
 * `test/coordination/graph.test.ts` holds it to the brute force.
 */
export function diameter(g: Graph): number {
  const { label, count } = components(g);
  const dist = new Int32Array(g.n);
  const scratch = new Int32Array(g.n);
  const queue = new Int32Array(g.n);
  const hub = new Int32Array(count).fill(-1);
  for (let v = 0; v < g.n; v++) {
    const c = label[v];
    if (hub[c] < 0 || degree(g, v) > degree(g, hub[c])) hub[c] = v;
  }
  let best = 0;
  for (let c = 0; c < count; c++) {
    // double sweep: the farthest agent from the hub, and its eccentricity (a lower bound)
    bfsInto(g, hub[c], scratch, queue);
    let far = hub[c];
    for (let v = 0; v < g.n; v++) if (scratch[v] > scratch[far]) far = v;
    const lb = bfsInto(g, far, scratch, queue);
    best = Math.max(best, ifub(g, hub[c], lb, dist, scratch, queue));
  }
  return best;
}

function ifub(g: Graph, u: number, lowerBound: number, dist: Int32Array, scratch: Int32Array, queue: Int32Array): number {
  const eccU = bfsInto(g, u, dist, queue);
  // agents of u's component grouped by level (distance from u), by counting sort
  const levelStart = new Int32Array(eccU + 2);
  for (let v = 0; v < g.n; v++) if (dist[v] >= 0) levelStart[dist[v] + 1]++;
  for (let i = 0; i <= eccU; i++) levelStart[i + 1] += levelStart[i];
  const byLevel = new Int32Array(levelStart[eccU + 1]);
  const fill = levelStart.slice(0, eccU + 1);
  for (let v = 0; v < g.n; v++) if (dist[v] >= 0) byLevel[fill[dist[v]]++] = v;
  let lb = Math.max(lowerBound, eccU);
  for (let i = eccU; i >= 1; i--) {
    // two agents at levels ≤ i are at most 2i apart (through u); pairs reaching above i were done
    if (lb >= 2 * i) return lb;
    for (let k = levelStart[i]; k < levelStart[i + 1]; k++) lb = Math.max(lb, bfsInto(g, byLevel[k], scratch, queue));
    if (lb >= 2 * (i - 1)) return lb;
  }
  return lb;
}
