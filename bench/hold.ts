/**
 * The classic hold model (Jones, "An empirical comparison of priority-queue and event-set
 * implementations", CACM 29(4), 1986): N events pending; each dispatched event schedules one new
 * event at now + Exp(1), so the queue size stays N. Measures the kernel — `Simulation.run`
 * popping the minimum and dispatching by kind to a registered handler — in events per second.
 *
 * Two figures per N: `events_per_s` draws the Exp(1) increments from a precomputed table so that
 * only the kernel is timed; `events_per_s_rng` draws each one live from a seeded stream (xor4096 +
 * a logarithm), as a model would. Target (issue): ≥ 10 M events/s at N = 1e4.
 */
import { pathToFileURL } from 'node:url';
import { Simulation } from '../src/kernel/simulation.js';
import { RandomStreams } from '../src/kernel/random-streams.js';

/** Figures of one queue size. */
export interface HoldFigure {
  pending: number;
  events: number;
  events_per_s: number;
  events_per_s_rng: number;
}

/** What {@link benchHold} returns. */
export interface HoldResult {
  name: 'hold';
  figures: HoldFigure[];
}

const TABLE_SIZE = 1 << 16;

/** Runs the hold model once; returns events per second of the timed part. */
function holdOnce(n: number, events: number, live: boolean, seed: number): number {
  const u = new RandomStreams(seed, 0).uniform('bench.hold');
  // NOTE: a table of precomputed Exp(1) increments replaces a live draw so the kernel alone is timed.
  const table = new Float64Array(TABLE_SIZE);
  for (let i = 0; i < TABLE_SIZE; i++) table[i] = -Math.log(1 - u());
  const sim = new Simulation({ initialCapacity: n });
  let i = 0;
  const kind = live
    ? sim.register('hold', (t) => {
        sim.schedule(-Math.log(1 - u()), kind, t);
      })
    : sim.register('hold', (t) => {
        sim.schedule(table[i++ & (TABLE_SIZE - 1)], kind, t);
      });
  for (let k = 0; k < n; k++) sim.schedule(table[k & (TABLE_SIZE - 1)] * (1 + k / TABLE_SIZE), kind, k);
  // Reach the steady-state shape of the heap (and let the JIT settle) before timing.
  sim.run({ maxEvents: Math.max(2 * n, 200_000) });
  const t0 = performance.now();
  sim.run({ maxEvents: events });
  const s = (performance.now() - t0) / 1000;
  return events / s;
}

/** Runs the hold model for N = 1e3 … 1e6 (or `sizes`); best of `repeats` timed runs per figure. */
export async function benchHold(options: { sizes?: number[]; events?: number; repeats?: number } = {}): Promise<HoldResult> {
  const sizes = options.sizes ?? [1e3, 1e4, 1e5, 1e6];
  const events = options.events ?? 5_000_000;
  const repeats = options.repeats ?? 3;
  const figures: HoldFigure[] = [];
  for (const n of sizes) {
    let best = 0, bestRng = 0;
    for (let r = 0; r < repeats; r++) {
      best = Math.max(best, holdOnce(n, events, false, r));
      bestRng = Math.max(bestRng, holdOnce(n, events, true, r));
    }
    figures.push({ pending: n, events, events_per_s: best, events_per_s_rng: bestRng });
  }
  return { name: 'hold', figures };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const res = await benchHold();
  for (const f of res.figures) {
    console.log(`hold N=${f.pending.toExponential(0)}: ${(f.events_per_s / 1e6).toFixed(2)} M events/s (table), ${(f.events_per_s_rng / 1e6).toFixed(2)} M events/s (live RNG)`);
  }
}
