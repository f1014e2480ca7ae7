import { describe, expect, it } from 'vitest';
import { formatPath, parsePath } from '../../src/scenario/scenario-path.js';

describe('formatPath', () => {
  it('writes keys with dots and indices in brackets', () => {
    expect(formatPath(['stations', 0, 'service', 'mean'])).toBe('stations[0].service.mean');
    expect(formatPath(['horizon'])).toBe('horizon');
    expect(formatPath([])).toBe('');
  });
  it('quotes keys that are not plain words', () => {
    expect(formatPath(['labels', 'a b'])).toBe('labels["a b"]');
  });
});

describe('parsePath', () => {
  it.each([
    ['horizon', ['horizon']],
    ['stations[0].servers', ['stations', 0, 'servers']],
    ['stations.tools.servers', ['stations', 'tools', 'servers']],
    ['stations.0.servers', ['stations', '0', 'servers']],
    ['stations[tools].service.mean', ['stations', 'tools', 'service', 'mean']],
    ['stations["my.tool"].servers', ['stations', 'my.tool', 'servers']],
    ['a[0][1]', ['a', 0, 1]],
  ] as const)('%s', (text, segments) => {
    expect(parsePath(text)).toEqual(segments);
  });

  it.each([
    ['', 'empty'],
    ['stations[0', 'never closed'],
    ['stations..servers', 'empty key'],
    ['stations.', 'ends with a dot'],
    ['stations[]', "empty '[]'"],
  ])('%j is not a path (%s)', (text, problem) => {
    expect(parsePath(text)).toContain(problem);
  });
});
