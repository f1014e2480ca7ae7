import type { Command } from 'commander';
import { ACCELERATORS, type Accelerator } from '../catalog/accelerators.js';
import { MODELS, type ModelSpec } from '../catalog/models.js';
import { API_PRICES, type ApiPrice } from '../catalog/api-prices.js';
import { StepCostModel } from '../serving/roofline.js';
import { formatGrid } from '../output/format-sweep.js';
import type { CliIO } from './io.js';

/** A model row of the catalog, with what the CLI derives from it. */
export interface CatalogModelRow extends ModelSpec {
  /** Weight bytes at the model's `bytesPerParam`. */
  weightBytes: number;
  /** Accelerators on which the model fits at tp = 1 (weights plus some KV in 90% of memory). */
  fitsTp1: string[];
}

/** Everything `fleetsim catalog` shows. */
export interface CatalogReport {
  accelerators: Accelerator[];
  models: CatalogModelRow[];
  apiPrices: ApiPrice[];
}

/** The built-in catalog with derived columns (plain data; the command only formats it). */
export function catalogReport(): CatalogReport {
  return {
    accelerators: ACCELERATORS.map((a) => ({ ...a })),
    models: MODELS.map((m) => ({
      ...m,
      weightBytes: m.params * m.bytesPerParam,
      fitsTp1: ACCELERATORS.filter((a) => new StepCostModel(m, a, 1).fits()).map((a) => a.name),
    })),
    apiPrices: API_PRICES.map((p) => ({ ...p })),
  };
}

/** Right-aligns numeric columns and left-aligns the rest (`numeric[i]` says which), with a rule under the header. */
function table(header: string[], rows: string[][], numeric: boolean[]): string {
  const rule = header.map((h, i) => '-'.repeat(Math.max(h.length, ...rows.map((r) => r[i].length))));
  return formatGrid(header, [rule, ...rows], numeric).join('\n') + '\n';
}

const fixed = (x: number, digits: number) => x.toFixed(digits);

/** The catalog as aligned text tables: accelerators, models, API prices. */
export function formatCatalog(report: CatalogReport): string {
  const acc = table(
    ['accelerator', 'BF16 TFLOP/s', 'HBM GB', 'HBM TB/s', 'TDP W', 'idle W', 'link GB/s', 'GPUs/node', '$/h'],
    report.accelerators.map((a) => [
      a.name, fixed(a.flops / 1e12, 0), fixed(a.hbmBytes / 1e9, 0), fixed(a.hbmBandwidth / 1e12, 3),
      fixed(a.tdpW, 0), fixed(a.idleW, 0), fixed(a.linkBandwidth / 1e9, 0), String(a.gpusPerNode), fixed(a.usdPerHour, 2),
    ]),
    [false, true, true, true, true, true, true, true, true],
  );
  const models = table(
    ['model', 'params B', 'layers', 'KV KiB/token', 'weights GB', 'capability', 'API class', 'fits at tp=1'],
    report.models.map((m) => [
      m.name, fixed(m.params / 1e9, 2), String(m.layers), fixed(m.kvBytesPerToken / 1024, 0), fixed(m.weightBytes / 1e9, 1),
      fixed(m.capability, 3), m.apiClass, m.fitsTp1.length > 0 ? m.fitsTp1.join(', ') : '(none)',
    ]),
    [false, true, true, true, true, true, false, false],
  );
  const prices = table(
    ['API class', 'input $/MTok', 'cached $/MTok', 'output $/MTok'],
    report.apiPrices.map((p) => [p.apiClass, fixed(p.inputPerMTok, 3), fixed(p.cachedInputPerMTok, 3), fixed(p.outputPerMTok, 3)]),
    [false, true, true, true],
  );
  return `Accelerators\n\n${acc}\nModels\n\n${models}\nAPI prices\n\n${prices}`;
}

/** Adds `catalog`: prints the built-in accelerators, models and API prices (`--json` for machines). */
export function registerCatalog(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('catalog')
    .description('list the built-in accelerators, models and API prices')
    .option('--json', 'print JSON instead of tables')
    .action((opts: { json?: boolean }) => {
      const report = catalogReport();
      io.out(opts.json ? JSON.stringify(report, null, 2) + '\n' : formatCatalog(report));
      setExit(0);
    });
}
