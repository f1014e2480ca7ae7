/**
 * Freezing loaded data all the way down: a scenario is shared by every job of a sweep, and a
 * model that changed it in place would make results depend on job order.
 */

/** Freezes `value` and everything reachable from it; returns it for chaining. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
