/**
 * The two pending-event sets, `EventQueue` (4-ary heap) and `CalendarQueue`, in the hold model
 * (see bench/hold.ts) through `Simulation.run`, dispatch included, at N = 1e3 … 1e6 pending and
 * with three increment distributions:
 * - `exp`: Exp(1), the classic hold;
 * - `bimodal`: two time scales — even targets step every Exp(mean 1e-3) s, odd ones every
 *   Exp(mean 1e2) s, so half the pending set is far-future "timers" that fast traffic flows past;
 * - `pareto`: Pareto(α = 1.5, mean 1), heavy-tailed (infinite variance).
 *
 * Each (queue, distribution, N) runs in a child process of its own, because JIT type feedback from
 * one variant (the other queue class at `run`'s call sites, another handler) slows the next one in
 * a shared process (bench/run.ts). A child times `repeats` runs; the figure is the best. Each run
 * is also measured in CPU time of the process, a steadier figure when the machine is shared.
 * Usage: `npx tsx bench/event-sets.ts` (or through `npm run bench`).
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RandomStreams } from '../src/kernel/random-streams.js';
import { Simulation } from '../src/kernel/simulation.js';

/** Which pending-event set. */
export type EventSetName = 'heap' | 'calendar';
/** Which increment distribution. */
export type IncrementName = 'exp' | 'bimodal' | 'pareto';

/** One variant's figure. */
export interface EventSetFigure {
  eventSet: EventSetName;
  increments: IncrementName;
  pending: number;
  /** Events per timed run. */
  events: number;
  /** Best of the timed runs, events per second. */
  events_per_s: number;
  /** Every timed run, events per second. */
  runs: number[];
  /** Best of the timed runs, events per second of this process's CPU time (less sensitive to a loaded machine). */
  events_per_cpu_s: number;
}

/** What {@link benchEventSets} returns. */
export interface EventSetsResult {
  name: 'eventSets';
  figures: EventSetFigure[];
  /** 1, 5 and 15 minute load averages before and after (the figures are wall-clock). */
  load_before: number[];
  load_after: number[];
}

interface Variant {
  eventSet: EventSetName;
  increments: IncrementName;
  pending: number;
  events: number;
  repeats: number;
}

const TABLE_SIZE = 1 << 16;
const VARIANT_FLAG = '--event-set-variant';
const RESULT_MARK = '@@event-set-result ';
const self = fileURLToPath(import.meta.url);

/** Increments (before the per-target scale) and the per-target-parity scale of a distribution. */
function increments(name: IncrementName, seed: number): { table: Float64Array; scale: Float64Array } {
  const u = new RandomStreams(seed, 0).uniform(`bench.event-sets.${name}`);
  const table = new Float64Array(TABLE_SIZE);
  for (let i = 0; i < TABLE_SIZE; i++) {
    const v = 1 - u();
    // Pareto(α, x_m) by inversion, x_m = (α − 1)/α for a mean of 1
    table[i] = name === 'pareto' ? (0.5 / 1.5) * v ** (-1 / 1.5) : -Math.log(v);
  }
  const scale = name === 'bimodal' ? Float64Array.of(1e-3, 1e2) : Float64Array.of(1, 1);
  return { table, scale };
}

/** One timed hold run; returns events per second of wall-clock and of CPU time. */
function holdOnce(v: Variant, seed: number): { wall: number; cpu: number } {
  const { table, scale } = increments(v.increments, seed);
  const sim = new Simulation({ initialCapacity: v.pending, eventSet: v.eventSet });
  let i = 0;
  // NOTE: precomputed increments (as in bench/hold.ts) so that only the kernel is timed; the
  // scale multiply is there for every distribution so that the handler is the same code.
  const kind = sim.register('hold', (t) => {
    sim.schedule(table[i++ & (TABLE_SIZE - 1)] * scale[t & 1], kind, t);
  });
  for (let k = 0; k < v.pending; k++) sim.schedule(table[k & (TABLE_SIZE - 1)] * scale[k & 1] * (1 + k / TABLE_SIZE), kind, k);
  sim.run({ maxEvents: Math.max(2 * v.pending, 200_000) });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  sim.run({ maxEvents: v.events });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  return { wall: v.events / wall, cpu: v.events / ((cpu.user + cpu.system) / 1e6) };
}

/** Runs one variant in a fresh Node process (same loader flags as this one). */
async function runIsolated(v: Variant): Promise<{ wall: number; cpu: number }[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [...process.execArgv, self, VARIANT_FLAG, JSON.stringify(v)], {
    maxBuffer: 16 << 20,
  });
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (line === undefined) throw new Error(`event-sets ${JSON.stringify(v)}: no result in its output:\n${stdout}`);
  return JSON.parse(line.slice(RESULT_MARK.length)) as { wall: number; cpu: number }[];
}

/**
 * Runs every (queue, distribution, N) variant, each in its own child process, `repeats` timed runs
 * of `events` events each; the figure is the best run.
 */
export async function benchEventSets(
  options: { sizes?: number[]; events?: number; repeats?: number; eventSets?: EventSetName[]; distributions?: IncrementName[] } = {},
): Promise<EventSetsResult> {
  const sizes = options.sizes ?? [1e3, 1e4, 1e5, 1e6];
  const events = options.events ?? 5_000_000;
  const repeats = options.repeats ?? 3;
  const sets = options.eventSets ?? ['heap', 'calendar'];
  const dists = options.distributions ?? ['exp', 'bimodal', 'pareto'];
  const load_before = os.loadavg();
  const figures: EventSetFigure[] = [];
  for (const increments of dists) {
    for (const pending of sizes) {
      for (const eventSet of sets) {
        const runs = await runIsolated({ eventSet, increments, pending, events, repeats });
        const wall = runs.map((r) => r.wall);
        figures.push({ eventSet, increments, pending, events, events_per_s: Math.max(...wall), runs: wall, events_per_cpu_s: Math.max(...runs.map((r) => r.cpu)) });
      }
    }
  }
  return { name: 'eventSets', figures, load_before, load_after: os.loadavg() };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf(VARIANT_FLAG);
  if (i >= 0) {
    const v = JSON.parse(process.argv[i + 1]) as Variant;
    const runs: { wall: number; cpu: number }[] = [];
    for (let r = 0; r < v.repeats; r++) runs.push(holdOnce(v, r));
    console.log(RESULT_MARK + JSON.stringify(runs));
  } else {
    const res = await benchEventSets();
    const m = (x: number) => (x / 1e6).toFixed(2).padStart(6);
    console.log('events/s (M), best of 3: wall-clock | per CPU second');
    console.log('increments  N      heap    calendar  ratio  |  heap    calendar  ratio');
    for (let k = 0; k < res.figures.length; k += 2) {
      const h = res.figures[k], c = res.figures[k + 1];
      const wall = `${m(h.events_per_s)}  ${m(c.events_per_s)}    ${(c.events_per_s / h.events_per_s).toFixed(2)}`;
      const cpu = `${m(h.events_per_cpu_s)}  ${m(c.events_per_cpu_s)}    ${(c.events_per_cpu_s / h.events_per_cpu_s).toFixed(2)}`;
      console.log(`${h.increments.padEnd(10)}  ${h.pending.toExponential(0)}  ${wall}  | ${cpu}`);
    }
    console.log(`load before ${res.load_before.map((x) => x.toFixed(2)).join(' ')}, after ${res.load_after.map((x) => x.toFixed(2)).join(' ')}; node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}`);
  }
}
