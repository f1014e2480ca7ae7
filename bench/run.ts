/**
 * Runs every benchmark in bench/, prints a table and writes `results/bench/<name>.json` with the
 * figures plus the Node version and CPU model. Wall-clock belongs here, never in simulation results.
 * Usage: `npx tsx bench/run.ts` (or `npm run bench`).
 *
 * Each benchmark runs in a child process of its own: run in one process, the JIT's type feedback
 * from one benchmark (say, the hold model's handler, or every sampler class of the rng bench)
 * makes the next one's call sites polymorphic, and the station figure fell from ~4.5 to ~1.8 M
 * customers/s that way.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** One benchmark: the file that exports it and the exported function's name. */
interface Bench {
  name: string;
  file: string;
  fn: string;
}

/** One row of the printed table. */
interface Row {
  bench: string;
  case: string;
  figure: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const self = fileURLToPath(import.meta.url);
const CHILD_FLAG = '--child';
const RESULT_MARK = '@@bench-result ';

/**
 * The benchmarks present: every `bench/*.ts` but this file, each contributing the functions it
 * exports under a `bench…` name (benchHold, benchStation, benchRng, …), so a new benchmark needs no
 * edit here. Each is called with no arguments.
 */
async function discover(): Promise<Bench[]> {
  const files = (await readdir(here)).filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts')).sort();
  const benches: Bench[] = [];
  for (const f of files) {
    const file = path.join(here, f);
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [fn, value] of Object.entries(mod)) {
      if (/^bench[A-Z]/.test(fn) && typeof value === 'function') {
        benches.push({ name: fn.slice(5, 6).toLowerCase() + fn.slice(6), file, fn });
      }
    }
  }
  return benches;
}

/** Runs one benchmark in a fresh Node process (same loader flags as this one) and returns its figures. */
async function runIsolated(b: Bench): Promise<object> {
  const { stdout } = await promisify(execFile)(process.execPath, [...process.execArgv, self, CHILD_FLAG, b.file, b.fn], {
    maxBuffer: 64 << 20,
  });
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (line === undefined) throw new Error(`bench ${b.name}: no result in its output:\n${stdout}`);
  return JSON.parse(line.slice(RESULT_MARK.length)) as object;
}

const mps = (x: number): string => `${(x / 1e6).toFixed(2)} M/s`;

/** Flattens one result into printable rows (known shapes get labels and units). */
function rows(name: string, res: object): Row[] {
  const r = res as Record<string, unknown>;
  if (name === 'hold' && Array.isArray(r.figures)) {
    return (r.figures as { pending: number; events_per_s: number; events_per_s_rng: number }[]).map((f) => ({
      bench: name,
      case: `N=${f.pending.toExponential(0)}`,
      figure: `${mps(f.events_per_s)} events (live RNG ${mps(f.events_per_s_rng)})`,
    }));
  }
  if (name === 'station') {
    const s = res as { customers: number; customers_per_s: number; events_per_s: number };
    return [{ bench: name, case: `M/M/8 ρ=0.9, ${s.customers.toExponential(1)} customers`, figure: `${mps(s.customers_per_s)} customers (${mps(s.events_per_s)} events)` }];
  }
  if (name === 'rng') {
    return Object.entries(r).map(([k, v]) => ({ bench: name, case: k, figure: typeof v === 'number' ? `${v.toFixed(1)} ns/draw` : JSON.stringify(v) }));
  }
  return [{ bench: name, case: '', figure: JSON.stringify(res) }];
}

/** Runs all benchmarks, writes their JSON files under `outDir`, prints a table, returns the results by name. */
export async function runBenches(outDir = path.join(here, '..', 'results', 'bench')): Promise<Record<string, object>> {
  const env = { node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, platform: `${os.platform()}-${os.arch()}` };
  await mkdir(outDir, { recursive: true });
  const all: Record<string, object> = {};
  const table: Row[] = [];
  for (const b of await discover()) {
    const res = await runIsolated(b);
    all[b.name] = res;
    table.push(...rows(b.name, res));
    await writeFile(path.join(outDir, `${b.name}.json`), JSON.stringify({ name: b.name, results: res, env }, null, 2) + '\n');
  }
  const w0 = Math.max(5, ...table.map((r) => r.bench.length));
  const w1 = Math.max(4, ...table.map((r) => r.case.length));
  console.log(`${'bench'.padEnd(w0)}  ${'case'.padEnd(w1)}  figure`);
  for (const r of table) console.log(`${r.bench.padEnd(w0)}  ${r.case.padEnd(w1)}  ${r.figure}`);
  console.log(`node ${env.node}, ${env.cpu} × ${env.cores}`);
  return all;
}

/** Child mode: import one bench file, run one exported function, print its result as one marked line. */
async function child(file: string, fn: string): Promise<void> {
  const mod = (await import(pathToFileURL(file).href)) as Record<string, () => Promise<object>>;
  const res = await mod[fn]();
  console.log(RESULT_MARK + JSON.stringify(res));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf(CHILD_FLAG);
  if (i >= 0) await child(process.argv[i + 1], process.argv[i + 2]);
  else await runBenches();
}
