/**
 * `scenarios/REFERENCE.md`: every section and field of the scenario schema as Markdown tables —
 * path, type, unit, default, allowed values, description. It is rendered from the JSON Schema that
 * `fleetsim schema` prints (so a field added to the zod schema with its `.describe()` shows up here
 * with no further work), by walking it generically: mappings, lists, maps keyed by a path, quantities
 * with units, and discriminated unions (distributions, which are listed once in their own section
 * however many fields use them). A pure function of the schema: the same schema, the same bytes.
 *
 * Docs import the schema; the schema never imports docs.
 */

import { BYTE_EXAMPLES, BYTE_PATTERNS, BYTE_UNITS } from '../scenario/byte-units.js';
import { NAME_PATTERN } from '../scenario/fields.js';
import { scenarioJsonSchema } from '../scenario/json-schema.js';
import { COUNT_SUFFIXES, DURATION_UNITS, UNIT_EXAMPLES, UNIT_PATTERNS } from '../scenario/units.js';

type Json = Record<string, unknown>;

/** The file, relative to the repository root. */
export const REFERENCE_FILE = 'scenarios/REFERENCE.md';

/** Quantities written with a unit: what the pattern of their text form is, and how the table names them. */
const UNITS: readonly { key: string; pattern: string; label: string; base: string; written: string }[] = [
  { key: 'duration', pattern: UNIT_PATTERNS.duration, label: 'duration (s)', base: 'seconds', written: `${UNIT_EXAMPLES.duration.replace(/^such as /, '')}; units ${Object.keys(DURATION_UNITS).join(', ')}` },
  { key: 'count', pattern: UNIT_PATTERNS.count, label: 'count', base: 'a plain number', written: `${UNIT_EXAMPLES.count.replace(/^such as /, '')}; suffixes ${Object.keys(COUNT_SUFFIXES).join(', ')}` },
  { key: 'rate', pattern: UNIT_PATTERNS.rate, label: 'rate (/s)', base: 'events per second', written: `${UNIT_EXAMPLES.rate.replace(/^such as /, '')}; a count over a duration unit` },
  { key: 'size', pattern: BYTE_PATTERNS.bytes, label: 'size (bytes)', base: 'bytes', written: `${BYTE_EXAMPLES.bytes.replace(/^such as /, '')}; units ${Object.keys(BYTE_UNITS).join(', ')}` },
  { key: 'bandwidth', pattern: BYTE_PATTERNS.bandwidth, label: 'bandwidth (bytes/s)', base: 'bytes per second', written: BYTE_EXAMPLES.bandwidth.replace(/^such as /, '') },
];

/** One row of a field table. */
interface Row {
  path: string;
  type: string;
  unit: string;
  dflt: string;
  allowed: string;
  description: string;
}

/** A distribution (a union tagged by `dist:`), used in many places: listed once, linked from each use. */
interface Family {
  key: string;
  discriminator: string;
  options: Json[];
  title: string;
  anchor: string;
  usedBy: string[];
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const code = (s: string) => '`' + s + '`';
/** The names a schema node lists as required. */
const requiredOf = (n: Json) => new Set(Array.isArray(n.required) ? (n.required as string[]) : []);
/** A Markdown table cell: one line, pipes escaped. */
const cell = (s: string) => s.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** The unit of a text pattern: one unit, several (a field that takes any quantity), or none. */
function unitOfPattern(pattern: string): string | undefined {
  const exact = UNITS.find((u) => u.pattern === pattern);
  if (exact) return exact.label;
  const parts = UNITS.filter((u) => pattern.includes(u.pattern));
  if (parts.length > 1) return `any: ${parts.map((u) => u.key).join(', ')}`;
  return undefined;
}

/** `≥ 1`, `> 0`, `0 … 1` from numeric keywords. */
function range(n: Json): string {
  const lo = typeof n.minimum === 'number' ? n.minimum : undefined;
  const gt = typeof n.exclusiveMinimum === 'number' ? n.exclusiveMinimum : undefined;
  const hi = typeof n.maximum === 'number' ? n.maximum : undefined;
  const lt = typeof n.exclusiveMaximum === 'number' ? n.exclusiveMaximum : undefined;
  if (lo !== undefined && hi !== undefined) return `${lo} … ${hi}`;
  const parts: string[] = [];
  if (gt !== undefined) parts.push(`> ${gt}`);
  if (lo !== undefined) parts.push(`≥ ${lo}`);
  if (lt !== undefined) parts.push(`< ${lt}`);
  if (hi !== undefined) parts.push(`≤ ${hi}`);
  return parts.join(', ');
}

function alternatives(n: Json): Json[] | undefined {
  const alts = (n.oneOf ?? n.anyOf) as unknown;
  return Array.isArray(alts) && alts.every(isObj) ? (alts as Json[]) : undefined;
}

/** A number-or-text quantity: `{ anyOf: [{ type: number, … }, { type: string, pattern }] }`. */
function quantity(n: Json): { type: string; unit: string; allowed: string } | undefined {
  const alts = alternatives(n);
  if (!alts || alts.length !== 2) return undefined;
  const [num, text] = alts;
  if ((num.type !== 'number' && num.type !== 'integer') || text.type !== 'string' || typeof text.pattern !== 'string') return undefined;
  const unit = unitOfPattern(text.pattern);
  if (!unit) return undefined;
  return { type: String(num.type), unit, allowed: range(num) };
}

/** The property every option fixes with a `const` (a distribution's `dist`), if there is one. */
function discriminator(options: Json[]): string | undefined {
  if (options.length < 2 || !options.every((o) => isObj(o.properties))) return undefined;
  const first = options[0].properties as Json;
  return Object.keys(first).find((k) => options.every((o) => isObj((o.properties as Json)[k]) && ((o.properties as Json)[k] as Json).const !== undefined));
}

function formatDefault(v: unknown): string {
  if (v === undefined) return '';
  if (v === '') return code('""');
  return code(typeof v === 'string' ? v : JSON.stringify(v));
}

/** Walks the schema into rows; unions used in many places become families. */
class Walker {
  readonly families = new Map<string, Family>();

  /** The family of a discriminated union (created on first sight). */
  private family(options: Json[], disc: string, usedAt: string): Family {
    const key = JSON.stringify(options);
    let f = this.families.get(key);
    if (!f) {
      const base = { key, discriminator: disc, options, usedBy: [] as string[] };
      const first = titleOfFamily(base);
      const taken = new Set([...this.families.values()].map((x) => x.title));
      let title = first;
      for (let i = 2; taken.has(title); i++) title = `${first} (${i})`;
      f = { ...base, title, anchor: slug(title) };
      this.families.set(key, f);
    }
    f.usedBy.push(usedAt);
    return f;
  }

  /** A short type for a value that is not a mapping: `number`, `list of string`, `[number, number]`. */
  private scalarType(n: Json): { type: string; unit: string; allowed: string } {
    const q = quantity(n);
    if (q) return q;
    if (Array.isArray(n.enum)) return { type: 'string', unit: '', allowed: n.enum.map((v) => code(String(v))).join(', ') };
    if (n.const !== undefined) return { type: typeof n.const, unit: '', allowed: code(String(n.const)) };
    if (n.type === 'array') {
      if (Array.isArray(n.prefixItems)) {
        const parts = (n.prefixItems as Json[]).map((p) => this.scalarType(p));
        const unit = [...new Set(parts.map((p) => p.unit).filter(Boolean))].join(', ');
        const allowed = parts.some((p) => p.allowed) ? `[${parts.map((p) => p.allowed || 'any').join(', ')}]` : '';
        return { type: `[${parts.map((p) => p.type).join(', ')}]`, unit, allowed };
      }
      const item = isObj(n.items) ? this.scalarType(n.items) : { type: 'any', unit: '', allowed: '' };
      const count = typeof n.minItems === 'number' && n.minItems > 0 ? `at least ${n.minItems} item${n.minItems === 1 ? '' : 's'}` : '';
      return { type: `list of ${item.type}`, unit: item.unit, allowed: [item.allowed, count].filter(Boolean).join('; ') };
    }
    const alts = alternatives(n);
    if (alts) {
      const parts = alts.map((a) => this.scalarType(a));
      return { type: parts.map((p) => p.type).join(' or '), unit: [...new Set(parts.map((p) => p.unit).filter(Boolean))].join(', '), allowed: parts.map((p) => p.allowed).filter(Boolean).join('; ') };
    }
    if (n.type === 'string' && typeof n.pattern === 'string') {
      const unit = unitOfPattern(n.pattern);
      if (unit) return { type: 'string', unit, allowed: '' };
      if (n.pattern === NAME_PATTERN) return { type: 'string', unit: '', allowed: 'a name: letters, digits, `_` `.` `-`' };
      return { type: 'string', unit: '', allowed: `matches ${code(n.pattern)}` };
    }
    if (n.type === 'number' || n.type === 'integer') return { type: n.type, unit: '', allowed: range(n) };
    if (typeof n.type === 'string') return { type: n.type, unit: '', allowed: '' };
    return { type: 'any', unit: '', allowed: '' };
  }

  /**
   * Rows for the field `path` with schema `n` and everything below it. `required` marks a field the
   * file must give; `note` is prepended to descriptions (the union option a field belongs to).
   */
  rows(n: Json, path: string, required: boolean, out: Row[], note = ''): void {
    const description = note + (typeof n.description === 'string' ? n.description : '');
    const dflt = 'default' in n ? formatDefault(n.default) : required ? '**required**' : '';
    const row = (type: string, unit: string, allowed: string) => out.push({ path, type, unit, dflt, allowed, description });

    const alts = alternatives(n);
    const disc = alts ? discriminator(alts) : undefined;
    if (alts && disc && disc !== 'dist') {
      // a tagged union (a mapping whose `kind:` decides its other fields): its forms inline
      const tags = alts.map((a) => String(((a.properties as Json)[disc] as Json).const));
      row('mapping', '', `${code(disc + ':')} ${tags.map(code).join(', ')}`);
      alts.forEach((a, i) => {
        const req = requiredOf(a);
        for (const [k, child] of Object.entries(a.properties as Record<string, Json>)) {
          if (k !== disc) this.rows(child, `${path}.${k}`, req.has(k), out, `(${disc}: ${tags[i]}) `);
        }
      });
      return;
    }
    if (alts && disc) {
      const f = this.family(alts, disc, path);
      row('distribution', familyUnit(f), `${alts.length} kinds of ${code(disc + ':')}, see [${f.title}](#${f.anchor})`);
      return;
    }
    if (n.type === 'object' && isObj(n.properties)) {
      row('mapping', '', '');
      const req = requiredOf(n);
      for (const [k, child] of Object.entries(n.properties as Record<string, Json>)) this.rows(child, `${path}.${k}`, req.has(k), out);
      return;
    }
    if (n.type === 'object' && isObj(n.additionalProperties)) {
      row('mapping', '', 'any keys');
      this.rows(n.additionalProperties, `${path}.<key>`, false, out);
      return;
    }
    if (n.type === 'array' && isObj(n.items) && (isObj(n.items.properties) || (alternatives(n.items) && discriminator(alternatives(n.items)!)))) {
      const count = typeof n.minItems === 'number' && n.minItems > 0 ? `at least ${n.minItems}` : '';
      const items = n.items;
      if (isObj(items.properties)) {
        row('list of mappings', '', count);
        const req = requiredOf(items);
        for (const [k, child] of Object.entries(items.properties as Record<string, Json>)) this.rows(child, `${path}[].${k}`, req.has(k), out);
      } else {
        row('list', '', count);
        this.rows(items, `${path}[]`, true, out);
      }
      return;
    }
    if (alts && alts.some((a) => isObj(a.properties))) {
      // a union of shapes without a common tag: each mapping option's fields, marked with its option
      const t = this.scalarType(n);
      row(t.type, t.unit, t.allowed);
      alts.forEach((a, i) => {
        if (!isObj(a.properties)) return;
        const req = requiredOf(a);
        for (const [k, child] of Object.entries(a.properties as Record<string, Json>)) this.rows(child, `${path}.${k}`, req.has(k), out, `(form ${i + 1}) `);
      });
      return;
    }
    const t = this.scalarType(n);
    row(t.type, t.unit, t.allowed);
  }
}

/** The unit a family's values carry (the unit of its option fields, if they agree). */
function familyUnit(f: Pick<Family, 'options' | 'discriminator'>): string {
  const seen = new Map<string, number>();
  const scan = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(scan);
    else if (isObj(n)) {
      if (typeof n.pattern === 'string') {
        const u = unitOfPattern(n.pattern);
        if (u) seen.set(u, (seen.get(u) ?? 0) + 1);
      }
      Object.values(n).forEach(scan);
    }
  };
  scan(f.options);
  // the unit most of its fields carry (a shape parameter or a probability has none)
  let best = '';
  for (const [u, k] of [...seen].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (k > (seen.get(best) ?? 0)) best = u;
  return best;
}

function titleOfFamily(f: Omit<Family, 'title' | 'anchor'>): string {
  const unit = familyUnit(f);
  const of = unit.startsWith('any:') ? 'any quantity' : unit ? `${unit.replace(/ \(.*\)$/, '')}s` : 'numbers';
  return `Distributions of ${of}`;
}

function table(rows: readonly Row[]): string[] {
  const lines = ['| path | type | unit | default | allowed | description |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of rows) lines.push(`| ${code(r.path)} | ${cell(r.type)} | ${cell(r.unit)} | ${cell(r.dflt)} | ${cell(r.allowed)} | ${cell(r.description)} |`);
  return lines;
}

/** A section of the top level is complex when it holds fields of its own (a mapping, a list of mappings, a map). */
function isSection(n: Json): boolean {
  if (n.type === 'object') return true;
  return n.type === 'array' && isObj(n.items) && (isObj(n.items.properties) || alternatives(n.items) !== undefined);
}

/** Renders the reference of a scenario JSON Schema (as `scenarioJsonSchema()` returns it). */
export function renderReference(schema: Json): string {
  const walker = new Walker();
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = requiredOf(schema);

  // top-level fields: plain settings in one table, every section in a table of its own
  const settings: Row[] = [];
  const sections: { name: string; description: string; rows: Row[] }[] = [];
  for (const [name, n] of Object.entries(props)) {
    if (isSection(n)) {
      const rows: Row[] = [];
      walker.rows(n, name, required.has(name), rows);
      sections.push({ name, description: typeof n.description === 'string' ? n.description : '', rows });
    } else {
      walker.rows(n, name, required.has(name), settings);
    }
  }
  const heading = (name: string) => code(`${name}:`);

  const out: string[] = [
    '# Scenario file reference',
    '',
    '<!-- Generated by `npm run docs` (src/docs/write-reference.ts) from the scenario schema. Do not edit by hand:',
    '     test/docs/reference.test.ts fails when this file differs from what the schema gives. -->',
    '',
    `Every field a scenario file may hold, generated from the schema that validates it — the same one`,
    '`fleetsim schema` prints as JSON Schema for editors. ' + (typeof schema.description === 'string' ? schema.description : ''),
    '',
    'How to read the tables:',
    '',
    '- **path**: `pools[].engine.maxSeqs` is `engine.maxSeqs` inside each item of the list `pools`. In',
    '  `--set` and in sweeps an item is picked by its name or its index: `pools.llm.engine.maxSeqs`,',
    '  `pools[0].engine.maxSeqs`. `<key>` stands for a key you choose (a path, in `sweep.grid`).',
    '- **type**: `number` and `integer` fields with a unit also take text with the unit (`10m`, `2k`,',
    '  `7.2/s`, `80GB`); `mapping` is a YAML mapping, `list of mappings` a YAML list of them.',
    '- **unit**: the unit a bare number is read in (see [Units](#units)).',
    '- **default**: the value used when the field is left out; **required** fields have none; a blank',
    '  means the field is optional and its absence has the meaning given in the description.',
    '- **allowed**: the range or the set of values accepted; anything else is reported with its file,',
    '  line and column.',
    '- Unknown keys are errors (with a did-you-mean), never ignored.',
    '',
    '## Contents',
    '',
    '- [Units](#units)',
    '- [Top-level settings](#top-level-settings)',
    ...sections.map((s) => `- [${heading(s.name)}](#${slug(heading(s.name))})`),
  ];
  const body: string[] = [];
  body.push('## Units', '', '| unit | a bare number means | or write |', '| --- | --- | --- |');
  for (const u of UNITS) body.push(`| ${cell(u.label)} | ${cell(u.base)} | ${cell(u.written)} |`);
  body.push('', 'Numbers may use `_` to group digits (`1_000_000`) and an exponent (`1e9`).', '');
  body.push('## Top-level settings', '', ...table(settings), '');
  for (const s of sections) body.push(`## ${heading(s.name)}`, '', s.description, '', ...table(s.rows), '');

  // families are known once the sections are walked; one may hold another, so the list can grow
  for (let i = 0; i < walker.families.size; i++) {
    const f = [...walker.families.values()][i];
    out.push(`- [${f.title}](#${f.anchor})`);
    body.push(`## ${f.title}`, '', `Used by ${f.usedBy.map(code).join(', ')}.`, '');
    body.push(`| ${code(f.discriminator + ':')} | field | type | unit | default | allowed | description |`, '| --- | --- | --- | --- | --- | --- | --- |');
    for (const o of f.options) {
      const kind = String(((o.properties as Json)[f.discriminator] as Json).const);
      body.push(`| ${code(kind)} | | | | | | ${cell(typeof o.description === 'string' ? o.description : '')} |`);
      const req = requiredOf(o);
      for (const [k, child] of Object.entries(o.properties as Record<string, Json>)) {
        if (k === f.discriminator) continue;
        const rows: Row[] = [];
        walker.rows(child, k, req.has(k), rows);
        for (const r of rows) body.push(`| | ${code(r.path)} | ${cell(r.type)} | ${cell(r.unit)} | ${cell(r.dflt)} | ${cell(r.allowed)} | ${cell(r.description)} |`);
      }
    }
    body.push('');
  }
  return [...out, '', ...body].join('\n').replace(/\n+$/, '') + '\n';
}

/** The reference of the current scenario schema. */
export function currentReference(): string {
  return renderReference(scenarioJsonSchema());
}
