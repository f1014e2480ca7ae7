import { describe, expect, it } from 'vitest';
import { countDist, durationDist } from '../../src/scenario/distribution-schema.js';

type Issue = { path: PropertyKey[]; message: string; params?: { expected?: string } };

function issues(schema: ReturnType<typeof durationDist>, input: unknown): Issue[] {
  const r = schema.safeParse(input);
  return r.success ? [] : (r.error.issues as Issue[]);
}

describe('durationDist', () => {
  const schema = durationDist();
  it('reads durations in time parameters and plain numbers in shape parameters', () => {
    expect(schema.parse({ dist: 'lognormal', mean: '2m', cv: 0.5 })).toEqual({ dist: 'lognormal', mean: 120, cv: 0.5 });
    expect(schema.parse({ dist: 'empirical', cdf: [['0s', 0], ['1m', 1]] })).toEqual({ dist: 'empirical', cdf: [[0, 0], [60, 1]] });
  });
  it('rejects a count where a duration belongs', () => {
    expect(issues(schema, { dist: 'exponential', mean: '2k' })).toMatchObject([{ path: ['mean'], message: "'2k' is a count, not a duration" }]);
  });
  it('rejects a unit on a shape parameter', () => {
    expect(issues(schema, { dist: 'lognormal', mean: '1s', cv: '3s' })).toMatchObject([{ path: ['cv'], message: "'3s' is not a number" }]);
  });
  it('points a relation the kernel rejects at the parameter it names', () => {
    expect(issues(schema, { dist: 'uniform', min: '5s', max: '1s' })).toMatchObject([{ path: ['min'], message: 'min must be ≤ max' }]);
    expect(issues(schema, { dist: 'empirical', cdf: [[0, 0.2], [1, 1]] })).toMatchObject([{ path: ['cdf'] }]);
    expect(issues(schema, { dist: 'empirical' })).toMatchObject([{ path: [], message: 'empirical needs either values or cdf' }]);
  });
  it('reports a broken parameter once, not again as a broken relation', () => {
    expect(issues(schema, { dist: 'uniform', min: '-1s', max: '1s' })).toHaveLength(1);
    expect(issues(schema, { dist: 'lognormal', cv: 2 })).toMatchObject([{ path: ['mean'], message: 'is missing (lognormal by cv also needs mean)' }]);
  });
});

describe('countDist', () => {
  const schema = countDist();
  it('reads counts in value parameters', () => {
    expect(schema.parse({ dist: 'lognormal', mean: '2k', cv: 1.5 })).toEqual({ dist: 'lognormal', mean: 2000, cv: 1.5 });
    expect(schema.parse({ dist: 'empirical', values: ['1k', '4k', 32000] })).toEqual({ dist: 'empirical', values: [1000, 4000, 32000] });
    expect(schema.parse({ dist: 'zipf', n: '1M', s: 1 })).toEqual({ dist: 'zipf', n: 1e6, s: 1 });
  });
  it('rejects a duration where a count belongs', () => {
    expect(issues(schema, { dist: 'constant', value: '10m' })).toMatchObject([
      { path: ['value'], message: "'10m' is a duration, not a count", params: { expected: 'a count ≥ 0 such as 8, 2k, 1e3' } },
    ]);
  });
});
