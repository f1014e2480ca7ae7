import { describe, expect, it } from 'vitest';
import { ConsensusTask } from '../../src/coordination/consensus.js';
import { bfsInto, components, diameter, graphFromEdges, type Graph } from '../../src/coordination/graph.js';
import { runToEnd, type FailureRates, type TaskSetup, type VerificationSettings } from '../../src/coordination/protocol.js';
import { defaultDeadline } from '../../src/coordination/task-kinds.js';
import { sequenceFrom, taskKey } from '../../src/coordination/task-random.js';
import { buildTopology, complete, grid, ring, scaleFree, smallWorld, tree, treeLeaders, type TopologySpec } from '../../src/coordination/topology.js';

const NO_FAILURES: FailureRates = { late: 0, silent: 0, accept: 0, error: 0 };
const DEFAULTS: FailureRates = { late: 0.1, silent: 0.1, accept: 0.8, error: 0.01 };
const NONE: VerificationSettings = { policy: 'none', rate: 0.25, catch: 0.9, lowTrustShare: 0.5 };

/** The diameter by BFS from every agent: an independent check of the protocol, not of graph.ts's iFUB. */
function bfsDiameter(g: Graph): number {
  const dist = new Int32Array(g.n), queue = new Int32Array(g.n);
  let d = 0;
  for (let v = 0; v < g.n; v++) d = Math.max(d, bfsInto(g, v, dist, queue));
  return d;
}

const setup = (graph: Graph, over: Partial<TaskSetup> = {}): TaskSetup => ({ graph, deadline: 10_000, failures: NO_FAILURES, verification: NONE, key: 1, ...over });

const hierarchy = (n: number, fanout: number): Partial<TaskSetup> => {
  const members = treeLeaders(n, fanout).map((l) => 1 - l);
  return { passive: members, lowTrust: members };
};

describe('consensus without failures takes exactly the diameter', () => {
  const graphs: [string, Graph, Partial<TaskSetup>?][] = [
    ['ring 2', ring(2)],
    ['ring 3', ring(3)],
    ['ring 10', ring(10)],
    ['ring 31', ring(31)],
    ['grid 25 (5×5)', grid(25, 5)],
    ['grid 23 (short last row)', grid(23, 4)],
    ['grid 7 in one row', grid(7, 7)],
    ['tree 2', tree(2, 4)],
    ['tree 40 fanout 3', tree(40, 3)],
    ['star 9 (tree fanout 8)', tree(9, 8)],
    ['path 6 (tree fanout 1)', tree(6, 1)],
    ['hierarchy 2', tree(2, 4), hierarchy(2, 4)],
    ['hierarchy 40 fanout 3', tree(40, 3), hierarchy(40, 3)],
    ['hierarchy 100 fanout 4', tree(100, 4), hierarchy(100, 4)],
    ['complete 2', complete(2)],
    ['complete 17', complete(17)],
  ];
  for (let s = 0; s < 8; s++) {
    graphs.push([`small-world 50 seed ${s}`, buildTopology({ kind: 'small-world', degree: 4, rewire: 0.2, m: 2, fanout: 4, leaders: false, columns: null }, 50, sequenceFrom(s, 1))]);
    graphs.push([`scale-free 60 seed ${s}`, scaleFree(60, 1 + (s % 3), sequenceFrom(s, 2))]);
  }

  it.each(graphs)('%s', (_, g, extra) => {
    const diameter = bfsDiameter(g);
    const r = runToEnd(new ConsensusTask(setup(g, extra)));
    expect(r.rounds).toBe(diameter);
    expect(r.success).toBe(true);
    expect(r.deadlineMissed).toBe(false);
    expect(r.wrongAgents).toBe(0);
  });

  it('and each agent decides in the round of its eccentricity', () => {
    const g = grid(12, 4);
    const task = new ConsensusTask(setup(g));
    const dist = new Int32Array(g.n), queue = new Int32Array(g.n);
    const ecc = Array.from({ length: g.n }, (_, v) => bfsInto(g, v, dist, queue));
    while (!task.settled) {
      task.begin();
      task.end();
      for (let v = 0; v < g.n; v++) expect(task.hasDecided(v)).toBe(ecc[v] <= task.round);
    }
  });

  it('on 10,000 agents too (scale-free), in seconds', () => {
    const g = scaleFree(10_000, 2, sequenceFrom(12, 1));
    const t0 = performance.now();
    const r = runToEnd(new ConsensusTask(setup(g)));
    expect(r.rounds).toBe(diameter(g));
    expect(r.success).toBe(true);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('fails, out of rounds, when the deadline is below the diameter', () => {
    const r = runToEnd(new ConsensusTask(setup(ring(20), { deadline: 9 })));
    expect(r.rounds).toBe(9);
    expect(r.deadlineMissed).toBe(true);
    expect(r.success).toBe(false);
  });

  it('hierarchy members make one call each', () => {
    const n = 85; // a full 4-ary tree of depth 3: 21 leaders, 64 members
    const flood = runToEnd(new ConsensusTask(setup(tree(n, 4))));
    const led = runToEnd(new ConsensusTask(setup(tree(n, 4), hierarchy(n, 4))));
    expect(led.rounds).toBe(flood.rounds);
    // every member is a leaf at depth 3 (eccentricity 6 = the diameter): 6 calls when flooding, 1 when led
    expect(led.calls).toBe(flood.calls - 64 * (flood.rounds - 1));
  });
});

describe('a wrong value spreads along edges', () => {
  const spread: FailureRates = { ...NO_FAILURES, accept: 1 };

  it.each([
    ['ring 15', ring(15), 7],
    ['grid 30', grid(30, 6), 0],
    ['small-world 80', smallWorld(80, 4, 0.2, sequenceFrom(3, 1)), 41],
    ['scale-free 80', scaleFree(80, 1, sequenceFrom(4, 1)), 79],
    ['hierarchy 50', tree(50, 3), 20],
  ])('%s: with unverified acceptance 1, one wrong agent makes the whole connected component wrong', (_, g, seed) => {
    const r = runToEnd(new ConsensusTask(setup(g, { failures: spread, wrongSeeds: [seed] })));
    expect(r.wrongAgents).toBe(g.n);
    expect(r.errorSpread).toBe(g.n - 1);
    expect(r.success).toBe(false);
  });

  it('reaches exactly the seed’s component of a disconnected network', () => {
    // two components: a ring of 6 (agents 0–5) and a path of 4 (agents 6–9)
    const g = graphFromEdges(10, [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 0, 6, 7, 7, 8, 8, 9]);
    expect(components(g).count).toBe(2);
    const task = new ConsensusTask(setup(g, { failures: spread, wrongSeeds: [7], deadline: 12 }));
    const r = runToEnd(task);
    expect(r.wrongAgents).toBe(4);
    for (let v = 0; v < 10; v++) expect(task.isWrong(v)).toBe(v >= 6);
    // nobody can hear from everyone, so nobody decides: the deadline ends it
    expect(r.deadlineMissed).toBe(true);
  });

  it('stays with its source when every agent checks what it is told', () => {
    const r = runToEnd(new ConsensusTask(setup(ring(15), { failures: { ...NO_FAILURES, accept: 0 }, wrongSeeds: [7] })));
    expect(r.wrongAgents).toBe(1);
    expect(r.errorSpread).toBe(0);
    expect(r.success).toBe(false);
  });

  it('is caught and corrected by verification that never misses', () => {
    const r = runToEnd(new ConsensusTask(setup(ring(15), { failures: spread, wrongSeeds: [7], verification: { ...NONE, policy: 'verify-all', catch: 1 } })));
    // both neighbours catch the seed's announcements of rounds 0 and 1; it corrects itself in round 2
    expect(r.caught).toBe(4);
    expect(r.wrongAgents).toBe(0);
    expect(r.success).toBe(true);
  });

  it('verify-from-low-trust checks only messages from low-trust agents', () => {
    const g = ring(4);
    const lowTrust = Uint8Array.from([0, 1, 0, 0]);
    const v: VerificationSettings = { ...NONE, policy: 'verify-from-low-trust', catch: 1 };
    const task = new ConsensusTask(setup(g, { verification: v, lowTrust }));
    task.begin();
    // agents 0 and 2 hear from agent 1 (low trust); agents 1 and 3 hear only from trusted agents
    expect([...task.verified]).toEqual([1, 0, 1, 0]);
    expect([...task.received]).toEqual([2, 2, 2, 2]);
  });
});

/** Success rate of `tasks` consensus tasks on `n` agents, with the default deadline. */
function successRate(topology: Partial<TopologySpec>, n: number, over: Partial<TaskSetup> = {}, tasks = 200): number {
  const t: TopologySpec = { kind: 'small-world', degree: n <= 4 ? 2 : 4, rewire: 0.1, m: 2, fanout: 4, leaders: false, columns: null, ...topology };
  let ok = 0;
  for (let k = 0; k < tasks; k++) {
    const key = taskKey(2024, k);
    const g = buildTopology(t, n, sequenceFrom(key, 1));
    const extra = t.kind === 'tree' && t.leaders ? hierarchy(n, t.fanout) : {};
    const r = runToEnd(new ConsensusTask({ graph: g, deadline: defaultDeadline('consensus', n, bfsDiameter(g)), failures: DEFAULTS, verification: NONE, key, ...extra, ...over }));
    if (r.success) ok++;
  }
  return ok / tasks;
}

describe('at the default (AgentsNet-like) failure rates', () => {
  const sizes = [4, 8, 16, 32, 64, 100];

  it.each([['small-world', { kind: 'small-world' }], ['scale-free', { kind: 'scale-free' }]] as const)('%s: success falls with size, from ≈ 0.9 to near zero at 100 agents', (_, topology) => {
    const rates = sizes.map((n) => successRate(topology, n));
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeLessThanOrEqual(rates[i - 1] + 0.02);
    expect(rates[0]).toBeGreaterThan(0.85);
    const small = (rates[0] + rates[1] + rates[2]) / 3;
    expect(small).toBeGreaterThan(0.65);
    expect(small).toBeLessThan(0.9);
    expect(rates[5]).toBeLessThan(0.03);
  });

  it('a hierarchy or checking every message moves the curve up', () => {
    for (const n of [32, 64]) {
      const flat = successRate({ kind: 'small-world' }, n);
      const led = successRate({ kind: 'tree', fanout: 4, leaders: true }, n);
      const checked = successRate({ kind: 'small-world' }, n, { verification: { ...NONE, policy: 'verify-all' } });
      expect(led).toBeGreaterThan(flat + 0.1);
      expect(checked).toBeGreaterThan(flat + 0.3);
    }
  });
});

describe('common random numbers', () => {
  it('a task is a pure function of its key', () => {
    const g = smallWorld(40, 4, 0.2, sequenceFrom(1, 1));
    const run = (key: number) => runToEnd(new ConsensusTask(setup(g, { failures: DEFAULTS, key, deadline: 30 })));
    expect(run(77)).toEqual(run(77));
    const outcomes = new Set(Array.from({ length: 20 }, (_, k) => JSON.stringify(run(k))));
    expect(outcomes.size).toBeGreaterThan(10);
  });
});
