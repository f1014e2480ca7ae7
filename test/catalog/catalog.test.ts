import { describe, expect, it } from 'vitest';
import {
  ACCELERATORS, API_PRICES, CACHED_INPUT_FRACTION, MODELS, checkAccelerator, checkApiPrice, checkModel,
  findAccelerator, findApiPrice, findModel, kvBytesPerTokenOf, type Accelerator, type ModelSpec,
} from '../../src/catalog/index.js';
import { UserError, isUserError } from '../../src/errors.js';

const KIB = 1024;

function thrown(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (isUserError(e)) return e as UserError;
    throw e;
  }
  throw new Error('expected a UserError');
}

/** Every built-in model with its BF16 KV size, KiB per token (from each config.json). */
const MODEL_KV_KIB = [
  ['Llama-3.1-8B', 128],
  ['Llama-3.1-70B', 320],
  ['Llama-3.1-405B', 504],
  ['Llama-3.2-1B', 32],
  ['Llama-3.2-3B', 112],
  ['Qwen3-8B', 144],
] as const;

/** Every built-in accelerator: name, dense BF16 TFLOP/s, HBM GB, TB/s, TDP W [vendor datasheets]. */
const DATASHEETS = [
  ['H100', 989, 80, 3.35, 700],
  ['H200', 989, 141, 4.8, 700],
  ['B200', 2250, 180, 8, 1000],
  ['MI300X', 1307.4, 192, 5.3, 750],
  ['L40S', 362.05, 48, 0.864, 350],
  ['L4', 121, 24, 0.3, 72],
] as const;

describe('models', () => {
  it('the KV table below covers every built-in model', () => {
    expect(MODELS.map((m) => m.name).sort()).toEqual(MODEL_KV_KIB.map(([n]) => n).sort());
  });

  it.each(MODEL_KV_KIB)('%s holds %i KiB of BF16 KV per token, derived from its config fields', (name, kib) => {
    const m = findModel(name);
    expect(m.layers * m.kvHeads * m.headDim * 2 * 2).toBe(kib * KIB);
    expect(m.kvBytesPerToken).toBe(kib * KIB);
  });

  it('an FP8 KV cache halves the bytes per token', () => {
    expect(kvBytesPerTokenOf({ layers: 32, kvHeads: 8, headDim: 128 }, 1)).toBe(64 * KIB);
  });

  it('every built-in model passes its own validator, is frozen and has a priced API class', () => {
    for (const m of MODELS) {
      expect(checkModel(m)).toBeNull();
      expect(Object.isFrozen(m)).toBe(true);
      expect(() => findApiPrice(m.apiClass)).not.toThrow();
    }
    expect(Object.isFrozen(MODELS)).toBe(true);
    expect(new Set(MODELS.map((m) => m.name)).size).toBe(MODELS.length);
  });

  it('capability rises with size within the Llama family', () => {
    const caps = ['Llama-3.2-1B', 'Llama-3.2-3B', 'Llama-3.1-8B', 'Llama-3.1-70B', 'Llama-3.1-405B'].map((n) => findModel(n).capability);
    for (let i = 1; i < caps.length; i++) expect(caps[i]).toBeGreaterThan(caps[i - 1]);
  });
});

describe('accelerators', () => {
  it('the datasheet table below covers every built-in accelerator', () => {
    expect(ACCELERATORS.map((a) => a.name).sort()).toEqual(DATASHEETS.map(([n]) => n).sort());
  });

  it.each(DATASHEETS)('%s has the datasheet figures', (name, tflops, gb, tbs, tdp) => {
    const a = findAccelerator(name);
    expect(a.flops).toBeCloseTo(tflops * 1e12, -6);
    expect(a.hbmBytes).toBe(gb * 1e9);
    expect(a.hbmBandwidth).toBeCloseTo(tbs * 1e12, -3);
    expect(a.tdpW).toBe(tdp);
  });

  it('every built-in accelerator passes its own validator and idles below TDP', () => {
    for (const a of ACCELERATORS) {
      expect(checkAccelerator(a)).toBeNull();
      expect(a.idleW).toBeGreaterThan(0);
      expect(a.idleW).toBeLessThan(a.tdpW / 2);
      expect(Object.isFrozen(a)).toBe(true);
    }
  });
});

describe('API prices', () => {
  it.each([
    // class, input and output USD per million tokens: Llama 3.1 Instruct 8B / 70B / 405B on Amazon Bedrock
    ['small', 0.22, 0.22],
    ['large', 0.72, 0.72],
    ['xlarge', 2.4, 2.4],
  ] as const)('%s is priced at the Bedrock list price, cached input at the common 0.1× of fresh', (apiClass, input, output) => {
    const p = findApiPrice(apiClass);
    expect(p).toMatchObject({ inputPerMTok: input, outputPerMTok: output });
    expect(CACHED_INPUT_FRACTION).toBe(0.1);
    expect(p.cachedInputPerMTok).toBeCloseTo(input * 0.1, 12);
    expect(checkApiPrice(p)).toBeNull();
  });

  it('the built-in classes are exactly small, large and xlarge', () => {
    expect(API_PRICES.map((p) => p.apiClass)).toEqual(['small', 'large', 'xlarge']);
  });

  it('larger classes cost more per token', () => {
    const [s, l, x] = ['small', 'large', 'xlarge'].map((c) => findApiPrice(c));
    expect(l.inputPerMTok).toBeGreaterThan(s.inputPerMTok);
    expect(x.inputPerMTok).toBeGreaterThan(l.inputPerMTok);
    expect(x.outputPerMTok / s.outputPerMTok).toBeGreaterThanOrEqual(10);
  });
});

describe('lookups', () => {
  it('an unknown accelerator is a UserError listing the names and suggesting the nearest', () => {
    const e = thrown(() => findAccelerator('H10', [], 'pools[0].accelerator'));
    expect(e.message).toContain("unknown accelerator 'H10'");
    expect(e.details.path).toBe('pools[0].accelerator');
    expect(e.details.hint).toBe("did you mean 'H100'?");
    for (const a of ACCELERATORS) expect(e.details.expected).toContain(a.name);
    expect(e.format()).toContain("hint: did you mean 'H100'?");
  });

  it('a wrongly capitalised model name is suggested back', () => {
    expect(thrown(() => findModel('llama-3.1-8b')).details.hint).toBe("did you mean 'Llama-3.1-8B'?");
  });

  it('a name far from every known one gets the list but no guess', () => {
    const e = thrown(() => findModel('gpt-zzzzzzzzz'));
    expect(e.details.hint).toBeUndefined();
    expect(e.details.expected).toContain('Qwen3-8B');
  });

  it("a scenario's own record is found, and shadows a built-in of the same name", () => {
    const cheap: Accelerator = { ...findAccelerator('H100'), usdPerHour: 1.5 };
    const mine: Accelerator = { ...cheap, name: 'H100-lab' };
    expect(findAccelerator('H100', [cheap]).usdPerHour).toBe(1.5);
    expect(findAccelerator('H100-lab', [mine])).toBe(mine);
    expect(thrown(() => findAccelerator('H100-lb', [mine])).details.hint).toBe("did you mean 'H100-lab'?");
  });
});

describe('validators', () => {
  const h100 = findAccelerator('H100');
  const m8 = findModel('Llama-3.1-8B');

  it.each([
    [{ ...h100, flops: -1 }, /'flops' must be a positive number/],
    [{ ...h100, gpusPerNode: 2.5 }, /'gpusPerNode' must be a whole number/],
    [{ ...h100, name: '' }, /'name'/],
    [{ ...h100, idleW: 800 }, /idleW \(800\) must not exceed tdpW \(700\)/],
    [{ ...h100, hbmBandwidth: undefined }, /'hbmBandwidth' .* got nothing/],
    [42, /must be an object/],
  ])('checkAccelerator(%j) names the problem', (a, message) => {
    expect(checkAccelerator(a)).toMatch(message);
  });

  it.each([
    [{ ...m8, capability: 1.5 } as ModelSpec, /'capability' must be a number from 0 to 1/],
    [{ ...m8, kvHeads: 5 } as ModelSpec, /whole multiple of kvHeads/],
    [{ ...m8, layers: 0 } as ModelSpec, /'layers' must be a whole number ≥ 1/],
    [{ ...m8, apiClass: 3 } as unknown as ModelSpec, /'apiClass'/],
  ])('checkModel names the problem (%#)', (m, message) => {
    expect(checkModel(m)).toMatch(message);
  });

  it('checkApiPrice rejects a negative price', () => {
    expect(checkApiPrice({ apiClass: 'x', inputPerMTok: -1, cachedInputPerMTok: 0, outputPerMTok: 0 })).toMatch(/'inputPerMTok'/);
  });
});
