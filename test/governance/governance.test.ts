import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/kernel/simulation.js';
import { ALLOW, BLOCK, Governance, PENDING } from '../../src/governance/governance.js';
import type { GovernanceSpec } from '../../src/governance/governance-spec.js';

const SPEC: GovernanceSpec = {
  mode: 'runtime-memory',
  share: 0.3,
  violationRate: 0.25,
  rules: 1000,
  catchRate: 0.9,
  external: { station: 'policy', consult: 0.4, catchRate: 0.8, response: 50 },
};
const ORDINALS = 20_000;
const SLOTS = 8;

function make(spec: Partial<GovernanceSpec>, jobs: number[] = []) {
  const sim = new Simulation();
  const g = new Governance(sim, {
    spec: { ...SPEC, ...spec },
    agents: 4,
    teamSize: 1,
    seed: 12345,
    systemTokens: 2000,
    station: { arrive: (job) => jobs.push(job) },
    jobId: (a) => -1 - a,
  });
  return { sim, g };
}

/** Decides every action (ordinal, slot) of the grid; external checks are answered at once. */
function decideAll(g: Governance): Uint8Array {
  const out = new Uint8Array(ORDINALS * SLOTS);
  for (let o = 0; o < ORDINALS; o++) {
    for (let s = 0; s < SLOTS; s++) {
      let v = g.check(0, o, s);
      if (v === PENDING) {
        if (!g.awaiting(0)) throw new Error('a pending check is not awaited');
        v = g.checkDone(0);
      }
      if (g.awaiting(0)) throw new Error('a decided action is still awaited');
      out[o * SLOTS + s] = v;
    }
  }
  return out;
}

/** |x − p·n| within 4.5 binomial standard deviations. */
function nearBinomial(x: number, n: number, p: number): void {
  expect(Math.abs(x - n * p)).toBeLessThan(4.5 * Math.sqrt(n * p * (1 - p)) + 1e-9);
}

describe('governance decisions (160,000 actions per mode)', () => {
  const runs = Object.fromEntries(
    (['none', 'runtime-memory', 'external'] as const).map((mode) => {
      const jobs: number[] = [];
      const { g } = make({ mode }, jobs);
      const verdicts = decideAll(g);
      return [mode, { f: g.figures(), verdicts, jobs }];
    }),
  );
  const n = ORDINALS * SLOTS;

  it('events are actions × share and violations events × violationRate, in every mode alike (common random numbers)', () => {
    const none = runs.none.f;
    expect(none.actions).toBe(n);
    nearBinomial(none.events, n, SPEC.share);
    nearBinomial(none.violations, none.events, SPEC.violationRate);
    for (const mode of ['runtime-memory', 'external']) {
      expect(runs[mode].f.events).toBe(none.events);
      expect(runs[mode].f.violations).toBe(none.violations);
    }
  });

  it('conserves violations = prevented + escaped; none prevents nothing', () => {
    for (const { f } of Object.values(runs)) expect(f.prevented + f.escaped).toBe(f.violations);
    expect(runs.none.f.prevented).toBe(0);
    expect(runs.none.f.escaped).toBe(runs.none.f.violations);
    expect(runs.none.f.checks).toBe(0);
  });

  it('runtime-memory checks every event and prevents catchRate of violations; external consult × catchRate', () => {
    const rm = runs['runtime-memory'].f;
    expect(rm.checks).toBe(rm.events);
    nearBinomial(rm.prevented, rm.violations, SPEC.catchRate);
    const ext = runs.external.f;
    nearBinomial(ext.checks, ext.events, SPEC.external!.consult);
    nearBinomial(ext.prevented, ext.violations, SPEC.external!.consult * SPEC.external!.catchRate);
    expect(ext.checksDone).toBe(ext.checks);
    expect(runs.external.jobs.length).toBe(ext.checks);
    expect(ext.verdictTokens).toBe(ext.checks * 50);
  });

  it('blocks exactly the prevented actions', () => {
    for (const { f, verdicts } of Object.values(runs)) expect(verdicts.reduce((s, v) => s + (v === BLOCK ? 1 : 0), 0)).toBe(f.prevented);
    expect(runs.none.verdicts.every((v) => v === ALLOW)).toBe(true);
  });

  it('a lower catch rate or consult probability blocks a subset of the same actions', () => {
    const weaker = decideAll(make({ mode: 'runtime-memory', catchRate: 0.5 }).g);
    const strong = runs['runtime-memory'].verdicts;
    let fewer = 0, outside = 0;
    for (let i = 0; i < n; i++) {
      if (weaker[i] === BLOCK && strong[i] !== BLOCK) outside++;
      if (strong[i] === BLOCK && weaker[i] !== BLOCK) fewer++;
    }
    expect(outside).toBe(0);
    expect(fewer).toBeGreaterThan(0);
    const rarely = decideAll(make({ mode: 'external', external: { ...SPEC.external!, consult: 0.1 } }).g);
    for (let i = 0; i < n; i++) if (rarely[i] === BLOCK && runs.external.verdicts[i] !== BLOCK) outside++;
    expect(outside).toBe(0);
  });

  it('a verdict depends on (goal, slot) only, not on the order actions are decided in', () => {
    const { g } = make({ mode: 'runtime-memory' });
    const verdicts = runs['runtime-memory'].verdicts;
    let differ = 0;
    for (let o = ORDINALS - 1; o >= 0; o--) for (let s = SLOTS - 1; s >= 0; s--) if (g.check(0, o, s) !== verdicts[o * SLOTS + s]) differ++;
    expect(differ).toBe(0);
  });
});

describe('rule tokens of runtime-memory governance', () => {
  it('counts the rules in every prompt and the part of the cache hit that covers them', () => {
    const { g } = make({ mode: 'runtime-memory' });
    // the rules are tokens [2000, 3000) of every prompt
    g.onCall(0, 10_000, 0);
    g.onCall(0, 10_000, 2500);
    g.onCall(1, 10_000, 9000);
    g.onCall(1, 10_000, 1000);
    const f = g.figures();
    expect(f.ruleTokens).toEqual([2000, 2000]);
    expect(f.ruleCacheReadTokens).toEqual([500, 1000]);
    expect(g.promptTokens).toBe(1000);
  });

  it('adds no prompt tokens in the other modes', () => {
    for (const mode of ['none', 'external'] as const) {
      const { g } = make({ mode });
      g.onCall(0, 10_000, 9000);
      expect(g.promptTokens).toBe(0);
      expect(g.figures().ruleTokens).toEqual([0, 0]);
    }
  });
});

describe('external checks and goals', () => {
  it('a goal waits for its checks: their time is summed per goal, and an escape marks the goal', () => {
    const jobs: number[] = [];
    const { sim, g } = make({ mode: 'external', share: 1, violationRate: 1, external: { ...SPEC.external!, consult: 1, catchRate: 0 } }, jobs);
    expect(g.check(2, 0, 1)).toBe(PENDING);
    expect(jobs).toEqual([-3]);
    sim.now = 1.5;
    expect(g.checkDone(2)).toBe(ALLOW);
    g.goalDone(2, 10, true);
    const f = g.figures();
    expect(f.escaped).toBe(1);
    expect(f.goalCheckTimeSum).toBe(1.5);
    expect(f.goalLatencySum).toBe(10);
    expect(f.goalsWithEscape).toBe(1);
    expect(f.goalsCompliantSucceeded).toBe(0);
    expect(f.checkLatency.meanOrNaN).toBe(1.5);
    // the next goal of the agent starts clean
    g.goalDone(2, 5, true);
    expect(f.goalsCompliantSucceeded).toBe(1);
    expect(f.goalCheckTimeSum).toBe(1.5);
  });

  it('refuses external mode without a station', () => {
    const sim = new Simulation();
    expect(() => new Governance(sim, { spec: { ...SPEC, mode: 'external' }, agents: 1, teamSize: 1, seed: 1, systemTokens: 0, station: null, jobId: (a) => a })).toThrow(/policy station/);
  });
});
