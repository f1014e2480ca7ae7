/**
 * Loading an experiment: a scenario file, validated on its own, and the variants its `sweep:`
 * block makes (each validated too). The base scenario's hash covers the sweep and compare blocks,
 * so it identifies the whole experiment: shards of one sweep share it, and `merge` checks it.
 */

import { UserError } from '../errors.js';
import { suggestionHint } from './did-you-mean.js';
import { parseScenarioDocument, readScenarioDocument } from './extends.js';
import { scenarioTree, validateScenarioTree, type LoadOptions } from './load.js';
import type { Scenario } from './schema.js';
import { locate, type SourceMap } from './source-tree.js';
import { expandSweep, type Variant } from './sweep.js';

/** A scenario and its variants. */
export interface Experiment {
  /** The scenario as written (with its `sweep` and `compare`); `source.hash` identifies the experiment. */
  readonly scenario: Scenario;
  /** At least one; `base` alone when there is no sweep. */
  readonly variants: readonly Variant[];
}

function checkBaseline(tree: SourceMap, scenario: Scenario, variants: readonly Variant[]): void {
  const baseline = scenario.compare?.baseline;
  if (baseline === undefined) return;
  const names = variants.map((v) => v.name);
  if (names.includes(baseline)) return;
  throw new UserError(`no variant is named '${baseline}'`, {
    location: locate(tree, ['compare', 'baseline']),
    path: 'compare.baseline',
    expected: 'the name of a variant of the sweep',
    hint: suggestionHint(baseline, names.length > 8 ? [] : names, 'variants') ?? (names.length > 8 ? `variants include ${names.slice(0, 4).join(', ')} (${names.length} in all)` : undefined),
  });
}

function build(tree: SourceMap, file: string): Experiment {
  const scenario = validateScenarioTree(tree, file);
  const variants = expandSweep(tree, scenario, file, validateScenarioTree);
  checkBaseline(tree, scenario, variants);
  return { scenario, variants };
}

/** Loads a scenario file and expands its sweep. Throws a `UserError` (exit 2) for any problem. */
export function loadExperiment(file: string, opts: LoadOptions = {}): Experiment {
  return build(scenarioTree(readScenarioDocument(file), file, opts), file);
}

/** Like {@link loadExperiment}, from text; `fileLabel` names it in errors and anchors `extends:`. */
export function loadExperimentText(text: string, fileLabel: string, opts: LoadOptions = {}): Experiment {
  return build(scenarioTree(parseScenarioDocument(text, fileLabel), fileLabel, opts), fileLabel);
}
