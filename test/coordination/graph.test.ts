import { describe, expect, it } from 'vitest';
import { bfsInto, components, diameter, edgeCount, graphFromEdges, maxDegree, type Graph } from '../../src/coordination/graph.js';
import { complete, connectedSmallWorld, grid, ring, scaleFree, smallWorld, tree } from '../../src/coordination/topology.js';
import { sequenceFrom } from '../../src/coordination/task-random.js';

/** The diameter by a breadth-first search from every agent (the definition). */
function bruteDiameter(g: Graph): number {
  const dist = new Int32Array(g.n), queue = new Int32Array(g.n);
  let d = 0;
  for (let v = 0; v < g.n; v++) d = Math.max(d, bfsInto(g, v, dist, queue));
  return d;
}

describe('graphFromEdges', () => {
  it('drops self-loops and repeated edges, in either direction, and sorts neighbours', () => {
    const g = graphFromEdges(4, [0, 1, 1, 0, 2, 2, 3, 1, 0, 1, 0, 3]);
    expect(edgeCount(g)).toBe(3);
    expect([...g.adj.subarray(g.offsets[1], g.offsets[2])]).toEqual([0, 3]);
    expect([...g.adj.subarray(g.offsets[0], g.offsets[1])]).toEqual([1, 3]);
    expect(maxDegree(g)).toBe(2);
  });

  it('refuses an edge naming an agent outside the graph', () => {
    expect(() => graphFromEdges(3, [0, 3])).toThrow(/outside 0…2/);
  });

  it('labels components in order of their smallest agent', () => {
    const g = graphFromEdges(6, [0, 2, 3, 4, 4, 5]);
    const { label, count } = components(g);
    expect(count).toBe(3);
    expect([...label]).toEqual([0, 1, 0, 2, 2, 2]);
  });
});

describe('diameter (iFUB) equals the brute force', () => {
  const cases: [string, () => Graph][] = [
    ['ring 9', () => ring(9)],
    ['ring 2', () => ring(2)],
    ['grid 23 (short last row)', () => grid(23, 5)],
    ['tree 40 fanout 3', () => tree(40, 3)],
    ['complete 7', () => complete(7)],
    ['two components', () => graphFromEdges(7, [0, 1, 1, 2, 2, 3, 4, 5])],
  ];
  for (let s = 0; s < 25; s++) {
    cases.push([`small-world 60 seed ${s}`, () => smallWorld(60, 4, 0.2, sequenceFrom(s, 1))]);
    cases.push([`scale-free 80 seed ${s}`, () => scaleFree(80, 1 + (s % 3), sequenceFrom(s, 2))]);
  }
  it.each(cases)('%s', (_, make) => {
    const g = make();
    expect(diameter(g)).toBe(bruteDiameter(g));
  });

  it.each([0, 1])('a 1,000-agent small-world graph (seed %d)', (seed) => {
    const g = connectedSmallWorld(1000, 4, 0.1, sequenceFrom(seed, 1));
    expect(diameter(g)).toBe(bruteDiameter(g));
  });

  it('builds 10,000-agent graphs, and the diameters of scale-free ones and trees, in a second', () => {
    const t0 = performance.now();
    const sw = connectedSmallWorld(10_000, 6, 0.1, sequenceFrom(1, 1));
    expect(edgeCount(sw)).toBe(30_000);
    expect(diameter(scaleFree(10_000, 2, sequenceFrom(1, 2)))).toBeGreaterThan(4);
    // depth 7, with leaves of depth 7 under two of the root's members
    expect(diameter(tree(10_000, 4))).toBe(14);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
