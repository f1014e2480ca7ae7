/**
 * Cost of randomness: ns per draw of seedrandom's ARC4 default, the fast generators, Math.random
 * (as a reference only; src/ never uses it) and the samplers of src/kernel/distributions.ts.
 *
 * Run alone with `npx tsx bench/rng.ts`.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import seedrandom from 'seedrandom';
import type { DistSpec } from '../src/kernel/distribution-spec.js';
import { makeSampler } from '../src/kernel/distributions.js';
import { ZipfRejectionSampler } from '../src/kernel/distributions/discrete.js';
import { RandomStreams } from '../src/kernel/random-streams.js';

type Draw = () => number;

/**
 * A fresh copy of the timing loop for each case. NOTE: one shared loop would see every generator
 * and sampler class at its call site, go megamorphic and charge each case the dispatch cost of all
 * the others; compiling a copy per case keeps each call site monomorphic, as it is in real use.
 */
function makeLoop(): (draw: Draw, n: number) => number {
  return new Function(
    'draw',
    'n',
    'let acc = 0; for (let i = 0; i < n; i++) acc += draw(); return acc;',
  ) as (draw: Draw, n: number) => number;
}

/** Best-of-`rounds` ns per draw, after a warm-up that lets the JIT settle. */
function nsPerDraw(draw: Draw, n: number, rounds = 5): { ns: number; sink: number } {
  const loop = makeLoop();
  let sink = loop(draw, Math.min(n, 200_000));
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    sink += loop(draw, n);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / n);
  }
  return { ns: best, sink };
}

/**
 * Draws from several streams in turn, as a simulation does. Closer to real cost than one stream,
 * because seedrandom's per-instance closures make its inner call site polymorphic.
 */
function roundRobin(count: number): Draw {
  const streams = new RandomStreams(1, 0);
  const sources = Array.from({ length: count }, (_, i) => streams.uniform(`bench ${i}`));
  let next = 0;
  return () => sources[(next = (next + 1) % count)]();
}

/** Zipf by binary search of the cumulative table alone: the method ZipfTableSampler improves on. */
function zipfBinarySearch(size: number, s: number): Draw {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let k = 1; k <= size; k++) cumulative[k - 1] = total += k ** -s;
  const source = new RandomStreams(1, 0).uniform('bench');
  return () => {
    const target = source() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo + 1;
  };
}

function samplerDraw(spec: DistSpec): Draw {
  const sampler = makeSampler(spec, new RandomStreams(1, 0).uniform('bench'));
  return () => sampler.sample();
}

/**
 * Measures every case, prints a table, and returns ns per draw by case name.
 */
export async function benchRng(): Promise<Record<string, number>> {
  const n = 4_000_000;
  const cases: [string, Draw, number][] = [
    ['seedrandom ARC4 (default)', seedrandom('bench'), n],
    ['seedrandom xor4096', seedrandom.xor4096('bench'), n],
    ['seedrandom alea', seedrandom.alea('bench'), n],
    ['seedrandom xorwow', seedrandom.xorwow('bench'), n],
    ['Math.random (reference)', Math.random, n],
    ['RandomStreams.uniform', new RandomStreams(1, 0).uniform('bench'), n],
    ['RandomStreams.uniform, 8 streams in turn', roundRobin(8), n],
    ['exponential', samplerDraw({ dist: 'exponential', mean: 1 }), n],
    ['normal', samplerDraw({ dist: 'normal', mean: 0, sd: 1 }), n],
    ['lognormal', samplerDraw({ dist: 'lognormal', mean: 1, cv: 1 }), n],
    ['gamma shape 2', samplerDraw({ dist: 'gamma', shape: 2, scale: 1 }), n],
    ['gamma shape 0.3', samplerDraw({ dist: 'gamma', shape: 0.3, scale: 1 }), n],
    ['pareto', samplerDraw({ dist: 'pareto', alpha: 2, xm: 1 }), n],
    ['poisson mean 3 (inversion)', samplerDraw({ dist: 'poisson', mean: 3 }), n],
    ['poisson mean 100 (PTRS)', samplerDraw({ dist: 'poisson', mean: 100 }), n],
    ['zipf n=1e3 (table)', samplerDraw({ dist: 'zipf', n: 1e3, s: 1.1 }), n],
    ['zipf n=1e6 (table)', samplerDraw({ dist: 'zipf', n: 1e6, s: 1.1 }), n],
    ['zipf n=1e8 (rejection-inversion)', samplerDraw({ dist: 'zipf', n: 1e8, s: 1.1 }), n],
  ];
  // The alternatives at table sizes: rejection-inversion, and the plain binary search the guide
  // table replaced, to show that both choices pay.
  for (const size of [1e3, 1e6]) {
    const sampler = new ZipfRejectionSampler(size, 1.1, new RandomStreams(1, 0).uniform('bench'));
    cases.push([`zipf n=1e${Math.log10(size)} (rejection-inversion)`, () => sampler.sample(), n]);
    cases.push([`zipf n=1e${Math.log10(size)} (binary search, no guide)`, zipfBinarySearch(size, 1.1), n]);
  }
  cases.push(['empirical 16 weighted values', samplerDraw({
    dist: 'empirical',
    values: Array.from({ length: 16 }, (_, i) => i),
    weights: Array.from({ length: 16 }, (_, i) => 16 - i),
  }), n]);

  const result: Record<string, number> = {};
  let sink = 0;
  for (const [name, draw, count] of cases) {
    const { ns, sink: s } = nsPerDraw(draw, count);
    result[name] = ns;
    sink += s;
  }
  const width = Math.max(...Object.keys(result).map((k) => k.length));
  for (const [name, ns] of Object.entries(result)) console.log(`${name.padEnd(width)}  ${ns.toFixed(1).padStart(6)} ns/draw`);
  // Printed so the JIT cannot discard the draws as dead code.
  console.log(`(checksum ${sink.toExponential(3)})`);
  return result;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await benchRng();
}
