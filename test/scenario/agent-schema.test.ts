import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { loadScenarioText } from '../../src/scenario/load.js';

/** A cohort whose subtask calls have the given difficulty distribution (YAML flow text). */
const withDifficulty = (difficulty: string) => `horizon: 1h
pools:
  - { name: llm, accelerator: H100, model: Llama-3.1-8B, count: 1 }
cohorts:
  - { name: a, kind: ephemeral, agents: 10, goals: { rate: 1/h }, routing: { policy: llm-only, llm: llm }, program: { act: { difficulty: ${difficulty} } } }
`;

function failure(text: string): string {
  try {
    loadScenarioText(text, 'inline.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as UserError).format();
  }
  throw new Error('expected the scenario to be rejected');
}

describe('difficulty distributions are confined to [0, 1], not clamped', () => {
  it.each([
    ['{ dist: constant, value: 1 }', { dist: 'constant', value: 1 }],
    ['{ dist: bernoulli, p: 0.3 }', { dist: 'bernoulli', p: 0.3 }],
    ['{ dist: empirical, values: [0, 0.5, 1] }', { dist: 'empirical', values: [0, 0.5, 1] }],
    ['{ dist: empirical, cdf: [[0, 0], [1, 1]] }', { dist: 'empirical', cdf: [[0, 0], [1, 1]] }],
  ])('accepts %s', (text, spec) => {
    expect(loadScenarioText(withDifficulty(text), 'inline.yaml').cohorts[0].program.act.difficulty).toEqual(spec);
  });

  it.each([
    ['{ dist: constant, value: 1.2 }', 'cohorts[0].program.act.difficulty.value: must be ≤ 1, got 1.2'],
    ['{ dist: empirical, values: [0.5, 2] }', 'cohorts[0].program.act.difficulty.values[1]: must be ≤ 1, got 2'],
    ['{ dist: empirical, cdf: [[0, 0], [3, 1]] }', 'cohorts[0].program.act.difficulty.cdf[1][0]: x must be ≤ 1, got 3'],
    ['{ dist: exponential, mean: 0.5 }', 'cohorts[0].program.act.difficulty.dist: an exponential distribution is not confined to [0, 1]'],
  ])('refuses %s', (text, message) => {
    const err = failure(withDifficulty(text));
    expect(err).toContain(message);
    expect(err).toContain('expected a distribution on [0, 1]');
  });

  it('points an empirical value above 1 at its item, with that item\'s line and column', () => {
    const err = failure(withDifficulty('{ dist: empirical, values: [0.5, 2] }'));
    const at = err.slice(0, err.indexOf(': error:'));
    expect(err).toContain('difficulty.values[1]: must be ≤ 1');
    // the column of the `2`, not of the list
    expect(Number(at.split(':').pop())).toBe(withDifficulty('{ dist: empirical, values: [0.5, 2] }').split('\n')[Number(at.split(':').at(-2)) - 1].indexOf('2]') + 1);
  });
});
