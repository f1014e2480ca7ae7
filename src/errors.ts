/**
 * Errors a person can act on. A `UserError` is a mistake in input (scenario, trace, flag): the CLI
 * prints its message without a stack trace and exits with its code (2). Anything else that escapes
 * is a bug in fleetsim and is reported as such.
 */

/** Where in an input a problem sits: a file (or `--set`), 1-based line and column when known. */
export interface SourceLocation {
  file: string;
  line?: number;
  col?: number;
}

/** The parts of a user-facing error, formatted by {@link formatUserError}. */
export interface UserErrorDetails {
  /** Where it is; omitted for errors that belong to no file (e.g. a bad flag). */
  location?: SourceLocation;
  /** The path inside the scenario, e.g. `stations[0].servers`. */
  path?: string;
  /** What was expected there, e.g. `a whole number ≥ 1`. */
  expected?: string;
  /** A suggestion, e.g. `did you mean 'servers'?`. */
  hint?: string;
}

/** An input mistake. Exit code 2 unless stated. */
export class UserError extends Error {
  readonly exitCode: number;
  readonly details: UserErrorDetails;
  /** Further errors found in the same input (all are reported, the first is `this`). */
  readonly more: UserError[];

  constructor(message: string, details: UserErrorDetails = {}, exitCode = 2, more: UserError[] = []) {
    super(message);
    this.name = 'UserError';
    this.details = details;
    this.exitCode = exitCode;
    this.more = more;
  }

  /** The error as a person reads it: `file:line:col: path: message (expected …); hint`. */
  format(): string {
    return [this, ...this.more].map(formatUserError).join('\n');
  }
}

/** Formats one error on one line (plus an indented hint line when there is one). */
export function formatUserError(e: UserError): string {
  const { location, path, expected, hint } = e.details;
  let head = '';
  if (location) {
    head = location.file;
    if (location.line !== undefined) head += `:${location.line}`;
    if (location.line !== undefined && location.col !== undefined) head += `:${location.col}`;
    head += ': ';
  }
  let text = `${head}error: ${path ? `${path}: ` : ''}${e.message}`;
  if (expected) text += ` (expected ${expected})`;
  if (hint) text += `\n  hint: ${hint}`;
  return text;
}

/** True for errors that are the user's to fix (also across worker-thread boundaries). */
export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError || (typeof e === 'object' && e !== null && (e as { name?: string }).name === 'UserError');
}
