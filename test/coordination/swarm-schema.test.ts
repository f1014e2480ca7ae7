import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { loadExperiment } from '../../src/scenario/load-experiment.js';
import { loadScenario, loadScenarioText } from '../../src/scenario/load.js';

const DIR = 'test/fixtures/scenarios/coordination';

const POOL = `
horizon: 1h
pools:
  - { name: llm, accelerator: H100, model: Llama-3.1-8B, count: 1 }
`;

function failure(text: string): string {
  try {
    loadScenarioText(POOL + text, 'inline.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(2);
    return (e as UserError).format();
  }
  throw new Error('expected the scenario to be rejected');
}

describe('the swarms section', () => {
  it('fills in documented defaults', () => {
    const s = loadScenario(join(DIR, 'small-fleet.yaml'));
    expect(s.swarms).toEqual([
      {
        name: 'team',
        pool: 'llm',
        size: 12,
        task: 'consensus',
        colours: null,
        topology: { kind: 'small-world', degree: 4, rewire: 0.2, m: 2, fanout: 4, leaders: true, columns: null },
        tasks: { rate: null, count: 24, concurrency: 4, start: 0 },
        deadline: null,
        message: { format: 'structured', tokens: 30 },
        context: { system: 1500, task: 300 },
        reasoning: 150,
        failures: { late: 0.1, silent: 0.1, accept: 0.8, error: 0.01 },
        verification: { policy: 'none', rate: 0.25, catch: 0.9, tokens: 200, verdict: 40, lowTrustShare: 0.5 },
        sample: 1000,
      },
    ]);
  });

  it('takes a Poisson rate with units, and text messages cost more by default', () => {
    const s = loadScenarioText(`${POOL}swarms:\n  - { name: sw, pool: llm, size: 8, topology: { kind: ring }, tasks: { rate: 30/h }, message: { format: text } }\n`, 'inline.yaml');
    expect(s.swarms[0].tasks.rate).toBeCloseTo(30 / 3600, 12);
    expect(s.swarms[0].message.tokens).toBe(200);
  });

  it.each(readdirSync(DIR).filter((f) => f.endsWith('.yaml')))('fixture %s and all its variants load', (file) => {
    const e = loadExperiment(join(DIR, file));
    expect(e.variants.length).toBeGreaterThan(0);
    for (const v of e.variants) expect(v.scenario.swarms.length).toBeGreaterThan(0);
  });

  it.each([
    ['both rate and count', `swarms:\n  - { name: sw, pool: llm, size: 8, topology: { kind: ring }, tasks: { rate: 1/s, count: 3 } }`, /swarms\[0\]\.tasks\.count: has both rate and count/],
    ['neither rate nor count', `swarms:\n  - { name: sw, pool: llm, size: 8, topology: { kind: ring }, tasks: { start: 5m } }`, /swarms\[0\]\.tasks: has neither rate nor count/],
    ['concurrency without a batch', `swarms:\n  - { name: sw, pool: llm, size: 8, topology: { kind: ring }, tasks: { rate: 1/s, concurrency: 2 } }`, /tasks\.concurrency: only applies to a batch/],
    ['colours for consensus', `swarms:\n  - { name: sw, pool: llm, size: 8, colours: 3, topology: { kind: ring }, tasks: { count: 1 } }`, /swarms\[0\]\.colours: only applies to colouring/],
    ['one agent', `swarms:\n  - { name: sw, pool: llm, size: 1, topology: { kind: ring }, tasks: { count: 1 } }`, /swarms\[0\]\.size: must be ≥ 2, got 1/],
    ['too many agents', `swarms:\n  - { name: sw, pool: llm, size: 20k, topology: { kind: ring }, tasks: { count: 1 } }`, /must be ≤ 10000/],
    ['a name taken by a pool', `swarms:\n  - { name: llm, pool: llm, size: 8, topology: { kind: ring }, tasks: { count: 1 } }`, /'llm' is already the name of one of the pools/],
    ['a reserved name', `swarms:\n  - { name: fleet, pool: llm, size: 8, topology: { kind: ring }, tasks: { count: 1 } }`, /'fleet' is reserved/],
    ['two swarms of one name', `swarms:\n  - { name: a, pool: llm, size: 8, topology: { kind: ring }, tasks: { count: 1 } }\n  - { name: a, pool: llm, size: 8, topology: { kind: ring }, tasks: { count: 1 } }`, /swarms\[1\]\.name: 'a' is already the name of swarms\[0\]/],
    ['an unknown verification policy', `swarms:\n  - { name: sw, pool: llm, size: 8, topology: { kind: ring }, tasks: { count: 1 }, verification: { policy: verify-al } }`, /did you mean 'verify-all'\?/],
    ['a complete graph too large', `swarms:\n  - { name: sw, pool: llm, size: 5000, topology: { kind: complete }, tasks: { count: 1 } }`, /topology\.kind: a complete graph of 5000 agents/],
  ])('rejects %s with a positioned error', (_, text, message) => {
    const out = failure(text);
    expect(out).toMatch(/inline\.yaml:\d+:\d+/);
    expect(out).toMatch(message);
  });

  it('a swarm alone is something to simulate', () => {
    expect(() => loadScenarioText(`${POOL}swarms:\n  - { name: sw, pool: llm, size: 4, topology: { kind: ring }, tasks: { count: 1 } }\n`, 'inline.yaml')).not.toThrow();
  });
});
