/**
 * The JSON Schema of scenario files, for editors (`# yaml-language-server: $schema=…`) and
 * `fleetsim schema`. It describes the input side: what a person may write (`10m` as well as 600),
 * with every field's description and default.
 */

import { z } from 'zod';
import { scenarioSchema } from './schema.js';

/** The JSON Schema (draft 2020-12) of a scenario file. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'throw' }) as Record<string, unknown>;
  return { ...schema, title: 'fleetsim scenario' };
}
