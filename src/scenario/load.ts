/**
 * Loading a scenario: read the file, resolve `extends`, apply `--set` and `--seed`, validate
 * against the schema, resolve units, fingerprint and freeze. Every failure is a `UserError` that
 * says where (file:line:col or the flag), which path, what is wrong and what was expected.
 */

import { existsSync } from 'node:fs';
import { basename, dirname, extname, relative, resolve as resolvePath } from 'node:path';
import { UserError } from '../errors.js';
import { formatPath } from './scenario-path.js';
import { locate } from './source-tree.js';
import { canonicalHash } from './canonical-hash.js';
import { deepFreeze } from './deep-freeze.js';
import { parseScenarioDocument, readScenarioDocument, resolveExtends } from './extends.js';
import { issuesToUserError } from './issues.js';
import { applyOverrides } from './overrides.js';
import { scenarioSchema, type Scenario, type ScenarioBody } from './schema.js';
import { toPlain, type SourceMap } from './source-tree.js';

/** Changes to a scenario made at load time, typically from CLI flags. */
export interface LoadOptions {
  /** `path=value` overrides (`stations[0].servers=16`, `stations.tools.servers=16`, `horizon=2h`), applied in order after `extends`; values are YAML. */
  readonly set?: readonly string[];
  /** Replaces the scenario's `seed`. */
  readonly seed?: number;
}

/** The scenario name a file gets when it does not state one: its base name, made a valid name. */
export function defaultScenarioName(file: string): string {
  const stem = basename(file, extname(file)).replace(/[^A-Za-z0-9_.-]+/g, '-');
  return stem.length > 0 ? stem : 'scenario';
}

/** The located tree of a scenario document: `extends` resolved, then `--set` and `--seed` applied (sweeps start from here). */
export function scenarioTree(doc: SourceMap, file: string, opts: LoadOptions): SourceMap {
  let tree = applyOverrides(resolveExtends(doc, file), opts.set ?? [], scenarioSchema);
  if (opts.seed !== undefined) {
    const loc = { file: '--seed' };
    const entries = new Map(tree.entries);
    entries.set('seed', { keyLoc: loc, node: { kind: 'scalar', loc, value: opts.seed } });
    tree = { ...tree, entries };
  }
  return tree;
}

function resolveScenario(doc: SourceMap, file: string, opts: LoadOptions): Scenario {
  return validateScenarioTree(scenarioTree(doc, file, opts), file);
}

/** Validates a located tree and resolves it into a frozen `Scenario`; errors point where each value was written. */
export function validateScenarioTree(tree: SourceMap, file: string): Scenario {
  const input = toPlain(tree) as Record<string, unknown>;
  input.name ??= defaultScenarioName(file);
  const parsed = scenarioSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw issuesToUserError(parsed.error.issues, { tree, input, schema: scenarioSchema });
  const body = parsed.data;
  // the hash covers the scenario as written (trace paths as given), not where this machine found them
  const hash = canonicalHash(body);
  return deepFreeze({ ...body, workloads: resolveTracePaths(body.workloads, tree), cohorts: resolveGoalTracePaths(body.cohorts, tree), source: { file, hash } });
}

/**
 * Resolves each trace path against the folder of the file that wrote it (like `extends`), or the
 * working directory for a `--set` value, and checks that it exists.
 */
function resolveTracePaths(workloads: ScenarioBody['workloads'], tree: SourceMap): ScenarioBody['workloads'] {
  return workloads.map((w, i) =>
    w.trace === null
      ? w
      : { ...w, tracePath: resolveTracePath(w.trace, ['workloads', i, 'trace', 'file'], tree, 'a trace file (or, for agentic-sessions, a folder of session files) relative to this scenario file') },
  );
}

/** The same for cohorts whose goals arrive at a trace's request times. */
function resolveGoalTracePaths(cohorts: ScenarioBody['cohorts'], tree: SourceMap): ScenarioBody['cohorts'] {
  return cohorts.map((c, i) => {
    const trace = c.goals.trace;
    if (trace === null) return c;
    const tracePath = resolveTracePath(trace.file, ['cohorts', i, 'goals', 'trace', 'file'], tree, 'a Mooncake or Azure trace file relative to this scenario file');
    return { ...c, goals: { ...c.goals, trace: { ...trace, tracePath } } };
  });
}

/** `file` (as written at `path`) resolved against the file that wrote it; a `UserError` when missing. */
function resolveTracePath(file: string, path: (string | number)[], tree: SourceMap, expected: string): string {
  const location = locate(tree, path);
  const written = location.file.startsWith('--') ? process.cwd() : dirname(location.file);
  const resolved = resolvePath(written, file);
  if (!existsSync(resolved)) throw new UserError(`trace '${file}' not found (looked for ${resolved})`, { location, path: formatPath(path), expected });
  return relative(process.cwd(), resolved) || '.';
}

/**
 * Loads and validates a scenario file. `extends:` paths are relative to the file that names them.
 * Throws a `UserError` (exit code 2) listing every problem found.
 */
export function loadScenario(file: string, opts: LoadOptions = {}): Scenario {
  return resolveScenario(readScenarioDocument(file), file, opts);
}

/**
 * Loads a scenario from text (tests, stdin, editors). `fileLabel` names it in errors, gives the
 * default `name`, and anchors relative `extends:` paths.
 */
export function loadScenarioText(text: string, fileLabel: string, opts: LoadOptions = {}): Scenario {
  return resolveScenario(parseScenarioDocument(text, fileLabel), fileLabel, opts);
}
