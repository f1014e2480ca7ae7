import { describe, expect, it } from 'vitest';
import { LLM, SLM, makeTierPolicy, tiersUsed, type TierPolicySettings } from '../../src/routing/tier-policy.js';
import { KeyedUniform } from '../../src/agents/keyed-uniform.js';

const base: TierPolicySettings = { policy: 'llm-only', verifierAccuracy: 0.9, classifierAccuracy: 0.8, hardAbove: 0.6, llmShare: 0.25 };
const call = { difficulty: 0.5, uClassifier: 0.5, llmTokensSpent: 0, callTokens: 1000, budget: 10_000 };

describe('tier policies', () => {
  it('llm-only and slm-only send every call to their tier and never escalate', () => {
    expect(makeTierPolicy(base).first(call)).toBe(LLM);
    expect(makeTierPolicy({ ...base, policy: 'slm-only' }).first(call)).toBe(SLM);
    expect(makeTierPolicy({ ...base, policy: 'slm-only' }).escalate(false, 0)).toBe(false);
    expect(tiersUsed('cascade')).toEqual({ llm: true, slm: true });
    expect(tiersUsed('slm-only')).toEqual({ llm: false, slm: true });
  });

  it('cascade: the verifier flags failures at its accuracy and successes at 1 − accuracy', () => {
    const p = makeTierPolicy({ ...base, policy: 'cascade' });
    expect(p.first(call)).toBe(SLM);
    const u = new KeyedUniform(1);
    let flaggedFail = 0, flaggedOk = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      if (p.escalate(false, u.next())) flaggedFail++;
      if (p.escalate(true, u.next())) flaggedOk++;
    }
    expect(flaggedFail / n).toBeCloseTo(0.9, 2);
    expect(flaggedOk / n).toBeCloseTo(0.1, 2);
  });

  it('classifier: labels hard calls hard (to the LLM) with its accuracy, easy ones easy', () => {
    const p = makeTierPolicy({ ...base, policy: 'classifier' });
    const u = new KeyedUniform(2);
    let hardToLlm = 0, easyToLlm = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      if (p.first({ ...call, difficulty: 0.9, uClassifier: u.next() }) === LLM) hardToLlm++;
      if (p.first({ ...call, difficulty: 0.3, uClassifier: u.next() }) === LLM) easyToLlm++;
    }
    expect(hardToLlm / n).toBeCloseTo(0.8, 2);
    expect(easyToLlm / n).toBeCloseTo(0.2, 2);
  });

  it('budget-aware: the LLM while its share of the budget covers the call, then the SLM', () => {
    const p = makeTierPolicy({ ...base, policy: 'budget-aware' });
    expect(p.first({ ...call, llmTokensSpent: 1000 })).toBe(LLM); // 2,000 ≤ 2,500
    expect(p.first({ ...call, llmTokensSpent: 2000 })).toBe(SLM); // 3,000 > 2,500
    expect(p.first({ ...call, llmTokensSpent: 1e9, budget: Infinity })).toBe(LLM);
  });
});
