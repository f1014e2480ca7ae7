/**
 * Growing a typed array: the struct-of-arrays state of engines, cohorts and swarms lives in typed
 * arrays sized for what is known at start and doubled, rarely, when more turns up.
 */

/** The typed arrays {@link grown} handles. */
export type GrowableArray = Float64Array | Int32Array | Uint32Array | Uint8Array;

/**
 * A new array of `a`'s kind, at least `min` long (`a`'s length doubled until it is; from `floor`
 * if `a` is shorter), holding `a`'s first `keep` values (all of them by default), zeros after.
 */
export function grown<T extends GrowableArray>(a: T, min: number, keep = a.length, floor = 1): T {
  let cap = Math.max(floor, a.length, 1);
  while (cap < min) cap *= 2;
  const b = new (a.constructor as new (length: number) => T)(cap);
  b.set(keep === a.length ? a : a.subarray(0, keep));
  return b;
}
