/**
 * Cross-section name rules shared by the scenario's sections: names unique within a list, a field
 * that must name an item of another list (`workloads[i].pool`, `cohorts[i].governance.external.station`),
 * with a did-you-mean, and names that prefix metrics, which must not collide across sections.
 */

import type { z } from 'zod';
import { suggestionHint } from './did-you-mean.js';

/** Where cross-checks report: the `addIssue` of a zod refinement context. */
export type IssueSink = Pick<z.core.$RefinementCtx<unknown>, 'addIssue'>;

/** Names that prefix run-wide metrics (`fleet.*`, `sim.*`); no entity may take them. */
export const RUN_WIDE_NAMES: readonly string[] = ['fleet', 'sim'];

/** Reports every item of `items` (the list at `list`) whose name an earlier item already has. */
export function uniqueNames(items: readonly { name: string }[], list: string, ctx: IssueSink): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const earlier = first.get(item.name);
    if (earlier === undefined) first.set(item.name, i);
    else {
      ctx.addIssue({
        code: 'custom',
        path: [list, i, 'name'],
        message: `'${item.name}' is already the name of ${list}[${earlier}]`,
        input: item.name,
        params: { expected: `a name unique among ${list}` },
      });
    }
  });
}

/** What a reference must name: the names there are, what they are called, and the hint when there are none. */
export interface ReferenceTargets {
  readonly names: readonly string[];
  /** `station`, `registry`. */
  readonly noun: string;
  /** Plural for the did-you-mean list; default `<noun>s`. */
  readonly plural?: string;
  /** The hint when there are no names at all (default: none). */
  readonly whenNone?: string;
}

/** Reports `name`, written at `path`, unless it is one of `targets.names`. */
export function checkReference(name: string, path: readonly (string | number)[], targets: ReferenceTargets, ctx: IssueSink): void {
  const { names, noun, plural = `${noun}s`, whenNone } = targets;
  if (names.includes(name)) return;
  ctx.addIssue({
    code: 'custom',
    path: [...path],
    message: `no ${noun} is named '${name}'`,
    input: name,
    params: { expected: `the name of a ${noun}`, hint: names.length === 0 && whenNone ? whenNone : suggestionHint(name, names, plural) },
  });
}

/**
 * Reports every item of the list at `list` whose `field` names no item of `targets` (a list of
 * `noun`s). `whenNone` is the hint when there are no targets at all to suggest.
 */
export function checkReferences<T>(
  items: readonly T[],
  list: string,
  field: keyof T & string,
  targets: readonly string[],
  noun: string,
  ctx: IssueSink,
  whenNone?: string,
): void {
  items.forEach((item, i) => checkReference(String(item[field]), [list, i, field], { names: targets, noun, whenNone }, ctx));
}

/**
 * Reports `name` (of `list[i]`, which prefixes that item's metrics) when an item of one of `others`
 * (section → its names) has it, or when it is one of `reserved`.
 */
export function checkMetricName(
  name: string,
  list: string,
  i: number,
  others: readonly (readonly [section: string, names: readonly string[]])[],
  ctx: IssueSink,
  reserved: readonly string[] = RUN_WIDE_NAMES,
): void {
  const path = [list, i, 'name'];
  const unique = `${others.map(([section]) => section).join(', ')} and ${list}`;
  for (const [section, names] of others) {
    if (names.includes(name)) {
      ctx.addIssue({ code: 'custom', path, message: `'${name}' is already the name of one of the ${section}; metrics would collide`, input: name, params: { expected: `a name unique among ${unique}` } });
    }
  }
  if (reserved.includes(name)) ctx.addIssue({ code: 'custom', path, message: `'${name}' is reserved for run-wide metrics`, input: name, params: { expected: 'another name' } });
}
