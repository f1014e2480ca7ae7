import { describe, expect, it } from 'vitest';
import { DEFAULT_QUALITY, logistic, successProbability } from '../../src/agents/quality.js';

describe('quality model', () => {
  const q = DEFAULT_QUALITY;

  it('P(success) rises with capability, falls with difficulty, rises with tokens', () => {
    expect(successProbability(q, 0.836, 0.5, 500)).toBeGreaterThan(successProbability(q, 0.694, 0.5, 500));
    expect(successProbability(q, 0.836, 0.8, 500)).toBeLessThan(successProbability(q, 0.836, 0.5, 500));
    expect(successProbability(q, 0.836, 0.8, 2000)).toBeGreaterThan(successProbability(q, 0.836, 0.8, 500));
  });

  it('is the documented logistic: capability = difficulty at the reference tokens gives σ(bias)', () => {
    expect(successProbability(q, 0.6, 0.6, q.referenceTokens)).toBeCloseTo(0.5, 12);
    expect(successProbability({ ...q, bias: 1 }, 0.6, 0.6, q.referenceTokens)).toBeCloseTo(logistic(1), 12);
    // 8B → 70B (capability 0.694 → 0.836) is 1.42 log-odds at capabilityWeight 10
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(logit(successProbability(q, 0.836, 0.7, 500)) - logit(successProbability(q, 0.694, 0.7, 500))).toBeCloseTo(1.42, 10);
    // doubling the tokens adds tokenElasticity·ln 2
    expect(logit(successProbability(q, 0.7, 0.7, 1000)) - logit(successProbability(q, 0.7, 0.7, 500))).toBeCloseTo(Math.log(2), 10);
  });

  it('with tokenElasticity 0 tokens do not matter; logistic is stable at the extremes', () => {
    const flat = { ...q, tokenElasticity: 0 };
    expect(successProbability(flat, 0.7, 0.5, 1)).toBe(successProbability(flat, 0.7, 0.5, 1e6));
    expect(logistic(-800)).toBe(0);
    expect(logistic(800)).toBe(1);
    expect(Number.isFinite(successProbability(q, 0.7, 0.5, 0))).toBe(true);
  });
});
