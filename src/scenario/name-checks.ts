/**
 * Cross-section name rules shared by the scenario's sections: names unique within a list, and a
 * field that must name an item of another list (`workloads[i].pool`, `arrivals[i].to`,
 * `swarms[i].pool`), with a did-you-mean.
 */

import type { z } from 'zod';
import { suggestionHint } from './did-you-mean.js';

/** Where cross-checks report: the `addIssue` of a zod refinement context. */
export type IssueSink = Pick<z.core.$RefinementCtx<unknown>, 'addIssue'>;

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
  items.forEach((item, i) => {
    const name = String(item[field]);
    if (targets.includes(name)) return;
    ctx.addIssue({
      code: 'custom',
      path: [list, i, field],
      message: `no ${noun} is named '${name}'`,
      input: name,
      params: { expected: `the name of a ${noun}`, hint: targets.length === 0 && whenNone ? whenNone : suggestionHint(name, targets, `${noun}s`) },
    });
  });
}
