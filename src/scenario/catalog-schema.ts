/**
 * Scenario sections that add to the catalog: `accelerators` and `models` a scenario defines for
 * itself (a new chip, a fine-tuned or quantised model). They take units like the rest of a
 * scenario (`989T` FLOP/s, `80GB`, `3.35TB/s`) and shadow built-ins of the same name.
 */

import type { Accelerator } from '../catalog/accelerators.js';
import { kvBytesPerTokenOf, type ModelSpec } from '../catalog/models.js';
import { API_PRICES } from '../catalog/api-prices.js';
import { idleAboveTdp, headsNotGrouped } from '../catalog/check.js';
import { bandwidthField, bytesField, choiceField, countField, numberField, section, textField, listOf, WHEN_FIELDS_VALID } from './fields.js';

const accelerator = section(
  {
    name: textField().describe('Name pools use in `accelerator:`; shadows a built-in of the same name.'),
    flops: countField({ gt: 0 }).describe('Dense BF16 FLOP/s, e.g. 989T (H100 SXM).'),
    hbm: bytesField({ gt: 0 }).describe('HBM capacity per accelerator, e.g. 80GB.'),
    hbmBandwidth: bandwidthField().describe('HBM bandwidth, e.g. 3.35TB/s.'),
    tdpW: numberField({ gt: 0 }).describe('Board power at full load, watts.'),
    idleW: numberField({ min: 0 }).describe('Power when idle, watts (≤ tdpW).'),
    usdPerHour: numberField({ min: 0 }).describe('Price per accelerator-hour, USD.'),
    linkBandwidth: bandwidthField().describe('Per-GPU bandwidth for tensor-parallel all-reduce (NVLink, PCIe), one direction.'),
    gpusPerNode: countField({ min: 1, integer: true }).prefault(8).describe('Accelerators per node (tensor parallelism stays inside a node).'),
  },
  'an accelerator: a mapping with name, flops, hbm, hbmBandwidth, tdpW, idleW, usdPerHour, linkBandwidth',
)
  .describe('An accelerator kind defined by the scenario.')
  .superRefine((a, ctx) => {
    const problem = idleAboveTdp(a.idleW, a.tdpW);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: ['idleW'], message: problem, input: a, params: { expected: `a number ≤ tdpW (${a.tdpW})` } });
  }, WHEN_FIELDS_VALID)
  .transform(
    (a): Accelerator => ({
      name: a.name,
      flops: a.flops,
      hbmBytes: a.hbm,
      hbmBandwidth: a.hbmBandwidth,
      tdpW: a.tdpW,
      idleW: a.idleW,
      usdPerHour: a.usdPerHour,
      linkBandwidth: a.linkBandwidth,
      gpusPerNode: a.gpusPerNode,
    }),
  );

const API_CLASSES = API_PRICES.map((p) => p.apiClass);

const model = section(
  {
    name: textField().describe('Name pools use in `model:`; shadows a built-in of the same name.'),
    params: countField({ gt: 0 }).describe('Parameters, e.g. 8.03G.'),
    layers: countField({ min: 1, integer: true }).describe('Transformer layers.'),
    hiddenSize: countField({ min: 1, integer: true }).describe('Hidden size (model dimension).'),
    heads: countField({ min: 1, integer: true }).describe('Attention (query) heads.'),
    kvHeads: countField({ min: 1, integer: true }).describe('Key/value heads (grouped-query attention).'),
    headDim: countField({ min: 1, integer: true }).describe('Dimension of one head.'),
    bytesPerParam: numberField({ gt: 0 }).prefault(2).describe('Bytes per weight: 2 for BF16, 1 for FP8, 0.5 for 4-bit.'),
    kvBytesPerElement: numberField({ gt: 0 }).prefault(2).describe('Bytes per KV-cache element: 2 for BF16, 1 for FP8.'),
    capability: numberField({ min: 0, max: 1 }).describe('Capability score in [0, 1] (the built-ins use MMLU/100).'),
    apiClass: choiceField(API_CLASSES, 'API price class').describe(`API price class: ${API_CLASSES.join(', ')}.`),
  },
  'a model: a mapping with name, params, layers, hiddenSize, heads, kvHeads, headDim, capability, apiClass',
)
  .describe('A model defined by the scenario.')
  .superRefine((m, ctx) => {
    const problem = headsNotGrouped(m.heads, m.kvHeads);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: ['kvHeads'], message: problem, input: m, params: { expected: 'a divisor of heads' } });
  }, WHEN_FIELDS_VALID)
  .transform(
    (m): ModelSpec => ({
      name: m.name,
      params: m.params,
      layers: m.layers,
      hiddenSize: m.hiddenSize,
      heads: m.heads,
      kvHeads: m.kvHeads,
      headDim: m.headDim,
      bytesPerParam: m.bytesPerParam,
      kvBytesPerToken: kvBytesPerTokenOf(m, m.kvBytesPerElement),
      capability: m.capability,
      apiClass: m.apiClass,
    }),
  );

/** Zod fields the top-level scenario schema includes. */
export const CATALOG_FIELDS = {
  accelerators: listOf(accelerator, { noun: 'accelerator' }).prefault([]).describe('Accelerator kinds this scenario adds to the catalog.'),
  models: listOf(model, { noun: 'model' }).prefault([]).describe('Models this scenario adds to the catalog.'),
};
