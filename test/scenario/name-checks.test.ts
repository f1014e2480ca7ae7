import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { loadScenarioText } from '../../src/scenario/load.js';

/**
 * Cross-section name rules of cohorts, registries and swarms: every entity whose name prefixes
 * metrics must not share it with another, nor take a run-wide one, and every name it refers to
 * must exist. The wording is the contract (README and the bad corpus quote it).
 */

/** The formatted error of text that must be rejected. */
function failure(text: string): string {
  try {
    loadScenarioText(text, 'inline.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as UserError).format();
  }
  throw new Error('expected the scenario to be rejected');
}

const cohort = (name: string, extra = '') =>
  `  - { name: ${name}, kind: ephemeral, agents: 10, goals: { rate: 1/h }, routing: { policy: llm-only, llm: llm }${extra} }\n`;

const scenario = (cohorts: string, more = '') => `horizon: 1h
stations:
  - { name: tools, servers: 2, service: { dist: exponential, mean: 1s } }
pools:
  - { name: llm, accelerator: H100, model: Llama-3.1-8B, count: 1 }
${more}cohorts:
${cohorts}`;

describe('cohort names', () => {
  it('accepts distinct names (the baseline the rejections below differ from)', () => {
    expect(loadScenarioText(scenario(cohort('a') + cohort('b')), 'inline.yaml').cohorts.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('are unique among cohorts', () => {
    expect(failure(scenario(cohort('a') + cohort('a')))).toContain("cohorts[1].name: 'a' is already the name of cohorts[0] (expected a name unique among cohorts)");
  });

  it.each([
    ['llm', 'pools'],
    ['tools', 'stations'],
  ])('may not be the name of a pool or station (%s is one of the %s)', (name, list) => {
    expect(failure(scenario(cohort(name)))).toContain(
      `cohorts[0].name: '${name}' is already the name of one of the ${list}; metrics would collide (expected a name unique among pools, stations, workloads and cohorts)`,
    );
  });

  it.each(['fleet', 'sim'])('may not be the run-wide prefix %s', (name) => {
    expect(failure(scenario(cohort(name)))).toContain(`cohorts[0].name: '${name}' is reserved for run-wide metrics (expected another name)`);
  });

  it('a misspelt tool station gets a did-you-mean', () => {
    const text = failure(scenario(cohort('a', ', program: { tool: { station: tols } }')));
    expect(text).toContain("cohorts[0].program.tool.station: no station is named 'tols' (expected the name of a station)");
    expect(text).toContain("did you mean 'tools'?");
  });
});

describe('registry names', () => {
  const registry = (name: string) => `registries:\n  - { name: ${name}, providers: 100, method: static }\n`;

  it.each([
    ['llm', 'pools'],
    ['tools', 'stations'],
    ['a', 'cohorts'],
  ])('may not be the name of another entity (%s is one of the %s)', (name, list) => {
    expect(failure(scenario(cohort('a'), registry(name)))).toContain(
      `registries[0].name: '${name}' is already the name of one of the ${list}; metrics would collide (expected a name unique among pools, stations, workloads, cohorts and registries)`,
    );
  });

  it('a swarm may not take a registry\'s name (both prefix metrics)', () => {
    const swarm = 'swarms:\n  - { name: reg, pool: llm, size: 8, topology: { kind: ring }, tasks: { rate: 30/h } }\n';
    expect(failure(scenario(cohort('a'), registry('reg') + swarm))).toContain(
      "swarms[0].name: 'reg' is already the name of one of the registries; metrics would collide (expected a name unique among pools, stations, workloads, cohorts, registries and swarms)",
    );
  });

  it('may not be a run-wide prefix', () => {
    expect(failure(scenario(cohort('a'), registry('sim')))).toContain("registries[0].name: 'sim' is reserved for run-wide metrics (expected another name)");
  });

  it('a registry method that needs a station lists the stations there are', () => {
    const text = failure(scenario(cohort('a'), 'registries:\n  - { name: reg, providers: 100, method: hnsw }\n'));
    expect(text).toContain("registries[0]: method 'hnsw' runs lookups on a station, but no station is given");
    expect(text).toContain('hint: stations: tools');
  });
});

describe('references with nothing to refer to', () => {
  it('a policy station when the scenario has no stations says where to add one', () => {
    const text = failure(
      scenario(cohort('a', ', governance: { mode: external, external: { station: policy } }')).replace(/stations:\n.*\n/, ''),
    );
    expect(text).toContain("cohorts[0].governance.external.station: no station is named 'policy' (expected the name of a station)");
    expect(text).toContain('hint: add the policy service under stations:');
  });

  it('a discovery registry when there are no registries says where to add one', () => {
    const text = failure(scenario(cohort('a', ', discovery: { registry: reg }')));
    expect(text).toContain("cohorts[0].discovery.registry: no registry is named 'reg' (expected the name of a registry)");
    expect(text).toContain('hint: add a registry under registries:');
  });
});
