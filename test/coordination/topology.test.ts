import { describe, expect, it } from 'vitest';
import { components, degree, diameter, edgeCount, maxDegree } from '../../src/coordination/graph.js';
import { buildTopology, complete, grid, ring, scaleFree, smallWorld, topologyProblem, tree, treeLeaders, type TopologySpec } from '../../src/coordination/topology.js';
import { sequenceFrom } from '../../src/coordination/task-random.js';

const spec = (over: Partial<TopologySpec>): TopologySpec => ({ kind: 'ring', degree: 4, rewire: 0.1, m: 2, fanout: 4, leaders: true, columns: null, ...over });

describe('fixed topologies', () => {
  it('ring: n edges and diameter ⌊n/2⌋; two agents share one edge', () => {
    expect(edgeCount(ring(10))).toBe(10);
    expect(diameter(ring(10))).toBe(5);
    expect(edgeCount(ring(2))).toBe(1);
  });

  it('grid: rows of `columns`, right and down links, connected even with a short last row', () => {
    const g = grid(10, 4); // rows 0-3, 4-7, 8-9
    expect(edgeCount(g)).toBe(3 + 3 + 1 + 4 + 2);
    expect(components(g).count).toBe(1);
    expect(diameter(grid(16, 4))).toBe(6);
  });

  it('complete: n(n−1)/2 edges, diameter 1', () => {
    expect(edgeCount(complete(12))).toBe(66);
    expect(diameter(complete(12))).toBe(1);
  });

  it('tree: n − 1 edges, parent ⌊(i−1)/fanout⌋, leaders are the agents with members', () => {
    const g = tree(13, 3);
    expect(edgeCount(g)).toBe(12);
    expect(degree(g, 0)).toBe(3);
    expect([...treeLeaders(13, 3)]).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(diameter(g)).toBe(4);
  });
});

describe('small-world (Watts–Strogatz)', () => {
  it('keeps n·k/2 edges and, with p = 0, is the ring lattice', () => {
    const lattice = smallWorld(20, 4, 0, sequenceFrom(1, 1));
    expect(edgeCount(lattice)).toBe(40);
    for (let v = 0; v < 20; v++) expect(degree(lattice, v)).toBe(4);
    expect(diameter(lattice)).toBe(5);
    const rewired = smallWorld(200, 6, 0.3, sequenceFrom(2, 1));
    expect(edgeCount(rewired)).toBe(600);
  });

  it('rewiring shortens paths (the small-world effect)', () => {
    const lattice = diameter(smallWorld(500, 4, 0, sequenceFrom(3, 1)));
    const rewired = diameter(buildTopology(spec({ kind: 'small-world', rewire: 0.2 }), 500, sequenceFrom(3, 1)));
    expect(lattice).toBe(125);
    expect(rewired).toBeLessThan(20);
  });

  it('is drawn connected', () => {
    for (let s = 0; s < 20; s++) expect(components(buildTopology(spec({ kind: 'small-world', degree: 2, rewire: 0.05 }), 30, sequenceFrom(s, 1))).count).toBe(1);
  });
});

describe('scale-free (Barabási–Albert)', () => {
  it('has m + (n − m − 1)·m edges, is connected, and has hubs', () => {
    const g = scaleFree(2000, 2, sequenceFrom(4, 1));
    expect(edgeCount(g)).toBe(2 + 1997 * 2);
    expect(components(g).count).toBe(1);
    // mean degree ≈ 4; preferential attachment grows hubs of degree ∝ √n
    expect(maxDegree(g)).toBeGreaterThan(40);
  });

  it('is the same graph for the same draws, and another for others', () => {
    const a = scaleFree(300, 3, sequenceFrom(9, 1));
    const b = scaleFree(300, 3, sequenceFrom(9, 1));
    const c = scaleFree(300, 3, sequenceFrom(10, 1));
    expect([...a.adj]).toEqual([...b.adj]);
    expect([...a.adj]).not.toEqual([...c.adj]);
  });
});

describe('topologies that cannot be built', () => {
  it.each([
    [spec({ kind: 'tree', fanout: 0 }), 10, 'fanout', /must be ≥ 1/],
    [spec({ kind: 'small-world', degree: 8 }), 8, 'degree', /8 is not below size 8/],
    [spec({ kind: 'small-world', degree: 3 }), 8, 'degree', /odd/],
    [spec({ kind: 'scale-free', m: 5 }), 5, 'm', /not below size 5/],
    [spec({ kind: 'grid', columns: 11 }), 10, 'columns', /exceed the 10 agents/],
    [spec({ kind: 'complete' }), 10_000, 'kind', /more than the/],
  ] as const)('%j on %d agents: %s', (t, n, field, message) => {
    const p = topologyProblem(t, n);
    expect(p?.field).toBe(field);
    expect(p?.message).toMatch(message);
    expect(() => buildTopology(t, n, () => 0.5)).toThrow(RangeError);
  });

  it('sizes from 2 to 10,000 agents', () => {
    expect(() => buildTopology(spec({}), 1, () => 0)).toThrow(/2 to 10000/);
    expect(buildTopology(spec({}), 2, () => 0).n).toBe(2);
    expect(buildTopology(spec({ kind: 'tree' }), 10_000, () => 0).n).toBe(10_000);
  });
});
