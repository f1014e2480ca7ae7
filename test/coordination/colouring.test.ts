import { describe, expect, it } from 'vitest';
import { ColouringTask } from '../../src/coordination/colouring.js';
import { maxDegree, type Graph } from '../../src/coordination/graph.js';
import { runToEnd, type FailureRates, type TaskSetup, type VerificationSettings } from '../../src/coordination/protocol.js';
import { defaultDeadline } from '../../src/coordination/task-kinds.js';
import { sequenceFrom, taskKey } from '../../src/coordination/task-random.js';
import { complete, grid, ring, scaleFree, smallWorld, tree } from '../../src/coordination/topology.js';

const NO_FAILURES: FailureRates = { late: 0, silent: 0, accept: 0, error: 0 };
const NONE: VerificationSettings = { policy: 'none', rate: 0.25, catch: 0.9, lowTrustShare: 0.5 };

/** Independent check: every agent coloured, within the palette, no edge with equal colours. */
function proper(task: ColouringTask, g: Graph): boolean {
  for (let v = 0; v < g.n; v++) {
    const c = task.colourOf(v);
    if (c < 0 || c >= task.colours) return false;
    for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) if (task.colourOf(g.adj[e]) === c) return false;
  }
  return true;
}

describe('colouring without failures', () => {
  const graphs: [string, Graph][] = [
    ['ring 3', ring(3)],
    ['ring 40', ring(40)],
    ['grid 36', grid(36, 6)],
    ['tree 60', tree(60, 3)],
    ['complete 12', complete(12)],
    ['small-world 100', smallWorld(100, 4, 0.2, sequenceFrom(1, 1))],
    ['scale-free 200', scaleFree(200, 2, sequenceFrom(2, 1))],
  ];

  it.each(graphs)('%s: a proper Δ+1 colouring within the default deadline, for every task key', (_, g) => {
    for (let k = 0; k < 20; k++) {
      const task = new ColouringTask({ graph: g, deadline: defaultDeadline('colouring', g.n, 0), failures: NO_FAILURES, verification: NONE, key: taskKey(5, k) });
      const r = runToEnd(task);
      expect(task.colours).toBe(maxDegree(g) + 1);
      expect(r.success).toBe(true);
      expect(proper(task, g)).toBe(true);
      expect(r.wrongAgents).toBe(0);
    }
  });

  it('fails when the palette is too small for the graph (K4 with 3 colours)', () => {
    const r = runToEnd(new ColouringTask({ graph: complete(4), deadline: 30, failures: NO_FAILURES, verification: NONE, key: 1 }, 3));
    expect(r.success).toBe(false);
  });
});

describe('colouring with failures', () => {
  const g = smallWorld(60, 4, 0.2, sequenceFrom(7, 1));
  const run = (failures: FailureRates, verification = NONE) => {
    let ok = 0, wrong = 0, spread = 0;
    for (let k = 0; k < 200; k++) {
      const setup: TaskSetup = { graph: g, deadline: defaultDeadline('colouring', g.n, 0), failures, verification, key: taskKey(9, k) };
      const task = new ColouringTask(setup);
      const r = runToEnd(task);
      if (r.success) {
        ok++;
        expect(proper(task, g)).toBe(true);
      }
      wrong += r.wrongAgents;
      spread += r.errorSpread;
    }
    return { success: ok / 200, wrong: wrong / 200, spread: spread / 200 };
  };

  it('a model error that is accepted unchecked leaves a conflict; checking repairs it', () => {
    const blind = run({ ...NO_FAILURES, error: 0.02, accept: 1 });
    const checked = run({ ...NO_FAILURES, error: 0.02, accept: 1 }, { ...NONE, policy: 'verify-all', catch: 1 });
    expect(blind.success).toBeLessThan(0.7);
    expect(blind.wrong).toBeGreaterThan(0.5);
    expect(blind.spread).toBeGreaterThan(0.3);
    expect(checked.success).toBeGreaterThan(blind.success + 0.2);
  });

  it('silent agents cause conflicts their neighbours cannot see', () => {
    const quiet = run({ ...NO_FAILURES, silent: 0.3, accept: 1 });
    expect(quiet.success).toBeLessThan(0.5);
  });
});
