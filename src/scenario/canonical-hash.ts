/**
 * A fingerprint of resolved scenario content, written into output metadata so a result can be
 * traced to the exact inputs. Canonical means: keys sorted at every level, so the same scenario
 * written with its keys in another order hashes the same.
 */

import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level (arrays keep their order; undefined fields are dropped). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** sha256 (hex) of {@link canonicalJson} of `value`. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
