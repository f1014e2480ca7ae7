/** The scenario layer's public surface: load and validate scenario files, their types, and the schema builders later sections reuse. */
export { loadScenario, loadScenarioText, defaultScenarioName, type LoadOptions } from './load.js';
export { scenarioSchema, type Scenario, type ScenarioBody, type ScenarioSource, type StationSpec, type ArrivalSpec } from './schema.js';
export { scenarioJsonSchema } from './json-schema.js';
export { durationDist, countDist } from './distribution-schema.js';
export { durationField, countField, rateField, numberField, nameField, textField, section, listOf, type Range } from './fields.js';
export { parseDuration, parseCount, parseRate, formatDuration, type UnitParse } from './units.js';
export { canonicalJson, canonicalHash } from './canonical-hash.js';
export { formatPath, parsePath } from './scenario-path.js';
export { didYouMean, suggestionHint } from './did-you-mean.js';
export { loadExperiment, loadExperimentText, type Experiment } from './load-experiment.js';
export { expandSweep, type Variant, type SweepOverride } from './sweep.js';
export type { SweepSpec, CompareSpec, RandomParamSpec } from './sweep-schema.js';
