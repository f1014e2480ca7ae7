import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../src/scenario/json-schema.js';

type Json = Record<string, unknown>;

/** Every `properties` entry anywhere in the schema, with its path. */
function properties(node: unknown, path = '#'): [string, Json][] {
  if (node === null || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap((n, i) => properties(n, `${path}/${i}`));
  const out: [string, Json][] = [];
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === 'properties' && v && typeof v === 'object') {
      for (const [name, prop] of Object.entries(v as Json)) out.push([`${path}/properties/${name}`, prop as Json]);
    }
    out.push(...properties(v, `${path}/${k}`));
  }
  return out;
}

describe('scenarioJsonSchema', () => {
  const schema = scenarioJsonSchema();

  it('describes every property', () => {
    const props = properties(schema);
    expect(props.length).toBeGreaterThan(50);
    const undocumented = props.filter(([, p]) => typeof p.description !== 'string' || p.description.length === 0).map(([path]) => path);
    expect(undocumented).toEqual([]);
  });

  it('states defaults and what is required', () => {
    const top = schema.properties as Record<string, Json>;
    expect(top.seed.default).toBe(1);
    expect(top.warmup.default).toBe(0);
    expect(top.replicates.default).toBe(1);
    expect(top.description.default).toBe('');
    expect(schema.required).toEqual(['horizon']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('accepts quantities with units on the input side', () => {
    const horizon = (schema.properties as Record<string, Json>).horizon;
    const text = (horizon.anyOf as Json[]).find((b) => b.type === 'string') as Json;
    expect(new RegExp(text.pattern as string).test('10h')).toBe(true);
    expect(new RegExp(text.pattern as string).test('10 parsecs')).toBe(false);
  });

  it('offers every distribution kind', () => {
    const json = JSON.stringify(schema);
    for (const kind of ['constant', 'uniform', 'exponential', 'normal', 'lognormal', 'gamma', 'pareto', 'bernoulli', 'poisson', 'zipf', 'empirical']) {
      expect(json).toContain(`"const":"${kind}"`);
    }
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
