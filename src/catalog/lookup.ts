/**
 * Name lookups over the built-in catalog plus whatever a scenario defines. A scenario's own record
 * of the same name replaces the built-in one, so a scenario can re-price an `H100` without
 * inventing a new name. An unknown name is a `UserError` that lists the known names and suggests
 * the nearest one.
 */
import { UserError } from '../errors.js';
import { didYouMean } from '../scenario/did-you-mean.js';
import { ACCELERATORS, type Accelerator } from './accelerators.js';
import { MODELS, type ModelSpec } from './models.js';
import { API_PRICES, type ApiPrice } from './api-prices.js';

function find<T>(
  kind: string,
  name: string,
  key: (item: T) => string,
  builtIn: readonly T[],
  custom: readonly T[],
  path: string | undefined,
): T {
  for (const item of custom) if (key(item) === name) return item;
  for (const item of builtIn) if (key(item) === name) return item;
  const known = [...new Set([...custom.map(key), ...builtIn.map(key)])];
  const match = didYouMean(name, known);
  throw new UserError(`unknown ${kind} '${name}'`, {
    path,
    expected: `one of ${known.join(', ')}`,
    hint: match === undefined ? undefined : `did you mean '${match}'?`,
  });
}

/**
 * The accelerator called `name`: from `custom` (a scenario's own) first, then the built-in catalog.
 * `path` says where the name was written, for the error message.
 */
export function findAccelerator(name: string, custom: readonly Accelerator[] = [], path?: string): Accelerator {
  return find('accelerator', name, (a) => a.name, ACCELERATORS, custom, path);
}

/** The model called `name`: from `custom` first, then the built-in catalog. */
export function findModel(name: string, custom: readonly ModelSpec[] = [], path?: string): ModelSpec {
  return find('model', name, (m) => m.name, MODELS, custom, path);
}

/** The API price of class `apiClass`: from `custom` first, then the built-in classes. */
export function findApiPrice(apiClass: string, custom: readonly ApiPrice[] = [], path?: string): ApiPrice {
  return find('API price class', apiClass, (p) => p.apiClass, API_PRICES, custom, path);
}
