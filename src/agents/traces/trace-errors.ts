/**
 * Turning a bad value in a trace into a `UserError` that points at it: file, line, column, the
 * field path (`requests[3].in`) and what was expected. Shared by the three readers so their messages
 * read alike.
 */

import { UserError } from '../../errors.js';
import { formatPath } from '../../scenario/scenario-path.js';
import { findJsonSyntaxError, locateJsonPath, positionAt, type JsonPath } from './json-position.js';

/** One JSON document inside a file: a line of a JSONL file, or a whole JSON file. */
export interface JsonSpan {
  /** The file as named in messages. */
  file: string;
  /** The whole file's text. */
  text: string;
  /** Where the document starts and ends in `text`. */
  start: number;
  end: number;
  /** The line `start` is on (1-based). */
  line: number;
}

/** How a value reads in a message: `'abc'`, `-5`, `a list`, `an object`, `null`. */
function describeJsonValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 40 ? `'${value.slice(0, 40)}…'` : `'${value}'`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** The `UserError` for text that `JSON.parse` rejected, located at the first syntax error. */
export function jsonSyntaxError(span: JsonSpan, what: string): UserError {
  const issue = findJsonSyntaxError(span.text, span.start, span.end);
  const offset = issue?.offset ?? span.start;
  const { line, col } = positionAt(span.text, offset, span.start, span.line);
  return new UserError(`invalid JSON: ${issue?.message ?? 'cannot be parsed'}`, { location: { file: span.file, line, col }, expected: what });
}

/**
 * The `UserError` for a bad or missing value at `path` inside a valid JSON document: located at the
 * value, or at the object that lacks it. The message says what was found.
 */
export function jsonFieldError(span: JsonSpan, path: JsonPath, found: unknown, expected: string, message?: string): UserError {
  const at = locateJsonPath(span.text, path, span.start, span.end);
  const { line, col } = positionAt(span.text, at.offset, span.start, span.line);
  const text = message ?? (found === undefined ? 'missing' : `got ${describeJsonValue(found)}`);
  return new UserError(text, { location: { file: span.file, line, col }, path: path.length > 0 ? formatPath(path) : undefined, expected });
}

/** Largest token count an `Int32Array` column holds. */
export const MAX_TOKENS = 2 ** 31 - 1;

/** True for a whole number in [min, max]. */
export function isWholeNumber(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** True for a JSON object (not null, not a list). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
