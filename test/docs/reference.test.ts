import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { currentReference, REFERENCE_FILE, renderReference, slug } from '../../src/docs/reference.js';
import { scenarioJsonSchema } from '../../src/scenario/json-schema.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
type Json = Record<string, unknown>;

/** Every field path of the JSON Schema, written as the reference writes them (distributions not entered). */
function fieldPaths(n: Json, path: string, out: string[]): string[] {
  if (path) out.push(path);
  const alts = (n.oneOf ?? n.anyOf) as Json[] | undefined;
  if (Array.isArray(alts) && alts.some((a) => a.properties && (a.properties as Json).dist)) return out; // a distribution
  if (n.properties) for (const [k, c] of Object.entries(n.properties as Record<string, Json>)) fieldPaths(c, path ? `${path}.${k}` : k, out);
  else if (n.type === 'object' && n.additionalProperties && typeof n.additionalProperties === 'object') fieldPaths(n.additionalProperties as Json, `${path}.<key>`, out);
  else if (n.type === 'array' && n.items && (n.items as Json).properties) {
    for (const [k, c] of Object.entries((n.items as Json).properties as Record<string, Json>)) fieldPaths(c, `${path}[].${k}`, out);
  }
  return out;
}

describe('scenarios/REFERENCE.md', () => {
  const text = currentReference();

  it('is up to date with the scenario schema', () => {
    const committed = readFileSync(`${root}/${REFERENCE_FILE}`, 'utf8');
    if (committed !== text) expect.fail(`${REFERENCE_FILE} is stale: run npm run docs`);
  });

  it('has a row for every field of every section', () => {
    const paths = fieldPaths(scenarioJsonSchema(), '', []);
    expect(paths.length).toBeGreaterThan(100);
    const missing = paths.filter((p) => !text.includes(`| \`${p}\` |`));
    expect(missing).toEqual([]);
    for (const section of Object.keys(scenarioJsonSchema().properties as Json)) expect(text).toContain(`\`${section}`);
  });

  it('lists each distribution kind once per family, with its parameters', () => {
    expect(text).toContain('## Distributions of durations');
    expect(text).toContain('## Distributions of counts');
    for (const kind of ['constant', 'uniform', 'exponential', 'normal', 'lognormal', 'gamma', 'pareto', 'bernoulli', 'poisson', 'zipf', 'empirical']) {
      expect(text).toContain(`| \`${kind}\` |`);
    }
    // every link inside the file points at a heading of the file
    const anchors = new Set([...text.matchAll(/^#+ (.*)$/gm)].map((m) => slug(m[1])));
    const links = [...text.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((l) => !anchors.has(l))).toEqual([]);
  });

  it('shows type, unit, default and allowed values of a field', () => {
    expect(text).toMatch(/\| `horizon` \| number \| duration \(s\) \| \*\*required\*\* \| > 0 \| Simulated time/);
    expect(text).toMatch(/\| `pools\[\]\.engine\.maxSeqs` \| integer \| count \| `256` \| ≥ 1 \|/);
    expect(text).toMatch(/\| `pools\[\]\.routing` \| string \|  \| `least-loaded` \| `round-robin`, `random`/);
  });

  it('is generic over the schema: a section added to it shows up, rendered the same way twice', () => {
    const schema = scenarioJsonSchema();
    const props = schema.properties as Record<string, Json>;
    const added = {
      ...schema,
      properties: {
        ...props,
        registries: {
          type: 'array',
          description: 'Capability registries.',
          default: [],
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string', description: 'Registry name.' }, mode: { type: 'string', enum: ['push', 'pull'], default: 'pull', description: 'How agents learn.' } } },
        },
      },
    };
    const r = renderReference(added);
    expect(r).toContain('## `registries:`');
    expect(r).toContain('| `registries[].mode` | string |  | `pull` | `push`, `pull` | How agents learn. |');
    expect(renderReference(added)).toBe(r);
  });
});

describe('renderReference on shapes the scenario schema may grow', () => {
  const base = { type: 'object', properties: {} as Record<string, Json>, required: [] as string[] };
  it('renders a mapping tagged by kind: with each form\'s fields', () => {
    const r = renderReference({
      ...base,
      properties: {
        store: {
          description: 'Where state goes.',
          oneOf: [
            { type: 'object', required: ['kind'], properties: { kind: { type: 'string', const: 'disk' }, path: { type: 'string', description: 'Folder.' } } },
            { type: 'object', required: ['kind', 'url'], properties: { kind: { type: 'string', const: 's3' }, url: { type: 'string', description: 'Bucket.' } } },
          ],
        },
      },
    });
    expect(r).toContain('| `store` | mapping |  |  | `kind:` `disk`, `s3` | Where state goes. |');
    expect(r).toContain('| `store.path` | string |  |  |  | (kind: disk) Folder. |');
    expect(r).toContain('| `store.url` | string |  | **required** |  | (kind: s3) Bucket. |');
  });
});
