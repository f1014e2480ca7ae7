/**
 * Walking the scenario schema along a path: which keys a mapping accepts (for did-you-mean on an
 * unknown key) and what a `--set` path lands on. Wrappers (optional, defaults, transforms) are
 * looked through; a distribution is resolved by its `dist` kind when the value is known.
 */

import type { z } from 'zod';

type AnySchema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  out?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  getter?: () => AnySchema;
}

function defOf(schema: AnySchema): Def {
  return schema._zod.def as unknown as Def;
}

/** The schema with wrappers removed: what kind of value it really describes. */
export function unwrapSchema(schema: AnySchema): AnySchema {
  for (;;) {
    const def = defOf(schema);
    if (def.innerType && ['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(def.type)) {
      schema = def.innerType;
    } else if (def.type === 'pipe' && def.in && def.out) {
      schema = defOf(def.in).type === 'transform' ? def.out : def.in;
    } else if (def.type === 'lazy' && def.getter) {
      schema = def.getter();
    } else {
      return schema;
    }
  }
}

/** What shape of value a schema takes, once unwrapped. */
export type SchemaShape =
  | { kind: 'object'; keys: string[]; child: (key: string) => AnySchema | undefined }
  | { kind: 'array'; element: AnySchema }
  | { kind: 'leaf' };

/**
 * The shape of `schema`. For a discriminated union (a distribution), `value` picks the option by
 * its discriminator; without a matching option, the keys of all options are offered.
 */
export function schemaShape(schema: AnySchema, value?: unknown): SchemaShape {
  const s = unwrapSchema(schema);
  const def = defOf(s);
  if (def.type === 'object' && def.shape) {
    const shape = def.shape;
    return { kind: 'object', keys: Object.keys(shape), child: (key) => shape[key] };
  }
  if (def.type === 'array' && def.element) return { kind: 'array', element: def.element };
  if (def.type === 'union' && def.options) {
    const objects = def.options.map((o) => schemaShape(o)).filter((o): o is Extract<SchemaShape, { kind: 'object' }> => o.kind === 'object');
    if (def.discriminator && value && typeof value === 'object') {
      const wanted = (value as Record<string, unknown>)[def.discriminator];
      const match = def.options.find((o) => {
        const sh = schemaShape(o);
        if (sh.kind !== 'object') return false;
        const lit = sh.child(def.discriminator as string);
        return lit !== undefined && (defOf(unwrapSchema(lit)) as unknown as { values?: unknown[] }).values?.includes(wanted);
      });
      if (match) return schemaShape(match);
    }
    if (objects.length > 0) {
      const keys = [...new Set(objects.flatMap((o) => o.keys))];
      return { kind: 'object', keys, child: (key) => objects.find((o) => o.keys.includes(key))?.child(key) };
    }
  }
  return { kind: 'leaf' };
}

/** The schema at `path` below `root`, following `value` alongside to resolve distributions; undefined if the path leaves the schema. */
export function schemaAt(root: AnySchema, path: readonly PropertyKey[], value: unknown): { schema: AnySchema; value: unknown } | undefined {
  let schema = root;
  let current = value;
  for (const seg of path) {
    const shape = schemaShape(schema, current);
    if (shape.kind === 'object') {
      const child = shape.child(String(seg));
      if (!child) return undefined;
      schema = child;
      current = current && typeof current === 'object' ? (current as Record<string, unknown>)[String(seg)] : undefined;
    } else if (shape.kind === 'array' && typeof seg === 'number') {
      schema = shape.element;
      current = Array.isArray(current) ? current[seg] : undefined;
    } else {
      return undefined;
    }
  }
  return { schema, value: current };
}
