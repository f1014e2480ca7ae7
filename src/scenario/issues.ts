/**
 * Schema issues → `UserError`s a person can act on: each names where the value was written
 * (file:line:col, or the `--set` flag), the path inside the scenario, what is wrong, what was
 * expected, and a did-you-mean when a word was misspelt. Zod's own wording never reaches the user.
 */

import type { z } from 'zod';
import { UserError } from '../errors.js';
import { describeValue } from './describe-value.js';
import { didYouMean, suggestionHint } from './did-you-mean.js';
import { EXPECTING_PREFIX, MISSING } from './fields.js';
import { formatPath } from './scenario-path.js';
import { schemaAt, schemaShape } from './schema-walk.js';
import { locate, type SourceNode } from './source-tree.js';

type Issue = z.core.$ZodIssue;

/** What the formatter needs besides the issues: the located tree, the plain input and its schema. */
export interface IssueContext {
  readonly tree: SourceNode;
  readonly input: unknown;
  readonly schema: z.core.$ZodType;
}

const TYPE_PHRASES: Readonly<Record<string, string>> = Object.freeze({
  object: 'a mapping',
  array: 'a list',
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
});

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

function toUserErrors(issue: Issue, ctx: IssueContext): UserError[] {
  const path = issue.path as PropertyKey[];
  const here = (p: readonly PropertyKey[] = path, at: 'value' | 'key' = 'value') => locate(ctx.tree, p, at);
  const value = valueAt(ctx.input, path);

  switch (issue.code) {
    case 'custom': {
      const params = (issue.params ?? {}) as { expected?: string; hint?: string };
      return [new UserError(issue.message, { location: here(), path: formatPath(path), expected: params.expected, hint: params.hint })];
    }
    case 'unrecognized_keys': {
      const shape = schemaAt(ctx.schema, path, ctx.input);
      const known = shape ? schemaShape(shape.schema, shape.value) : undefined;
      const keys = known?.kind === 'object' ? known.keys.filter((k) => k !== 'extends' || path.length === 0) : [];
      return issue.keys.map(
        (key) =>
          new UserError(`unknown key '${key}'`, {
            location: here([...path, key], 'key'),
            path: formatPath([...path, key]),
            hint: suggestionHint(key, keys, 'known keys'),
          }),
      );
    }
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator) {
        // A distribution whose `dist` is missing or not a known kind.
        const owner = path.slice(0, -1);
        const kinds = ((issue as { options?: unknown[] }).options ?? []).map(String);
        const given = valueAt(ctx.input, owner);
        const kind = given && typeof given === 'object' ? (given as Record<string, unknown>)[issue.discriminator] : undefined;
        const expected = `one of ${kinds.join(', ')}`;
        if (kind === undefined) {
          return [new UserError(`has no '${issue.discriminator}'`, { location: here(owner), path: formatPath(owner), expected: `${issue.discriminator}: ${expected}` })];
        }
        const hint = typeof kind === 'string' ? suggestionHint(kind, kinds, 'distributions') : undefined;
        return [new UserError(`unknown distribution ${describeValue(kind)}`, { location: here(path), path: formatPath(path), expected, hint })];
      }
      return [typeProblem(issue, path, value, here())];
    }
    case 'invalid_type':
      return [typeProblem(issue, path, value, here())];
    default:
      // Shapes this schema does not produce today; still located and worded plainly.
      return [new UserError(issue.message.toLowerCase(), { location: here(), path: formatPath(path) })];
  }
}

function typeProblem(issue: Issue, path: PropertyKey[], value: unknown, location: ReturnType<typeof locate>): UserError {
  const custom = issue.message.startsWith(EXPECTING_PREFIX) ? issue.message.slice(EXPECTING_PREFIX.length) : undefined;
  const expected = custom ?? (issue.code === 'invalid_type' ? TYPE_PHRASES[issue.expected] ?? issue.expected : undefined);
  const message = value === undefined ? MISSING : value === null ? 'has no value' : `got ${describeValue(value)}`;
  return new UserError(message, { location, path: formatPath(path), expected });
}

/**
 * One `UserError` for all issues: the first (in the order the text was written, within each file)
 * with the rest in `more`.
 */
export function issuesToUserError(issues: readonly Issue[], ctx: IssueContext): UserError {
  // `sevrers: 8` also leaves `servers` missing; the unknown key with its did-you-mean says it all.
  const misspelt = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const shape = schemaAt(ctx.schema, issue.path as PropertyKey[], ctx.input);
    const known = shape ? schemaShape(shape.schema, shape.value) : undefined;
    if (known?.kind !== 'object') continue;
    for (const key of issue.keys) {
      const meant = didYouMean(key, known.keys);
      if (meant !== undefined) misspelt.add(formatPath([...(issue.path as PropertyKey[]), meant]));
    }
  }
  const shadowed = (i: Issue) =>
    (i.code === 'custom' || i.code === 'invalid_type') &&
    valueAt(ctx.input, i.path as PropertyKey[]) === undefined &&
    misspelt.has(formatPath(i.path as PropertyKey[]));
  const errors = issues.filter((i) => !shadowed(i)).flatMap((i) => toUserErrors(i, ctx));
  const fileRank = new Map<string, number>();
  for (const e of errors) {
    const f = e.details.location?.file ?? '';
    if (!fileRank.has(f)) fileRank.set(f, fileRank.size);
  }
  const key = (e: UserError) => [fileRank.get(e.details.location?.file ?? '') ?? 0, e.details.location?.line ?? Infinity, e.details.location?.col ?? Infinity];
  const sorted = errors
    .map((e, i) => ({ e, i, k: key(e) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.k[2] - b.k[2] || a.i - b.i)
    .map((x) => x.e);
  const [first, ...rest] = sorted;
  return new UserError(first.message, first.details, first.exitCode, rest);
}
