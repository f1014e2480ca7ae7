import { describe, expect, it } from 'vitest';
import { ContextChains, cohortKeyBase } from '../../src/agents/context-chains.js';

describe('context chains', () => {
  it('every chain starts with the same system-prompt keys; fresh keys are unique and below the cohort base', () => {
    const c = new ContextChains(3, 16, 40, cohortKeyBase(0));
    expect(c.sharedBlocks).toBe(2);
    expect(c.tokens[0]).toBe(40);
    c.append(0, 100);
    c.append(1, 100);
    expect(c.cover(0, 140)).toBe(8);
    expect(c.cover(1, 140)).toBe(8);
    const a = c.keys(0).slice(0, 8), b = c.keys(1).slice(0, 8);
    expect(Array.from(a.slice(0, 2))).toEqual(Array.from(b.slice(0, 2)));
    const fresh = [...a.slice(2), ...b.slice(2)];
    expect(new Set(fresh).size).toBe(12);
    for (const k of fresh) expect(k).toBeLessThan(cohortKeyBase(0));
    expect(Math.min(...fresh)).toBeGreaterThan(cohortKeyBase(1));
  });

  it('keys cover the output too, survive appends, and are dropped past a truncation', () => {
    const c = new ContextChains(1, 16, 0, cohortKeyBase(2));
    c.append(0, 50); // prompt of 50 tokens
    expect(c.cover(0, 50 + 30)).toBe(5); // 80 tokens → 5 full blocks, 2 of them output blocks
    const before = Array.from(c.keys(0).slice(0, 5));
    c.append(0, 30);
    c.append(0, 100); // a tool result
    expect(c.cover(0, 200)).toBe(12);
    expect(Array.from(c.keys(0).slice(0, 5))).toEqual(before); // the next call re-sends the same blocks
    c.truncate(0, 50); // a discarded answer: blocks reaching past token 50 get new keys
    expect(c.count[0]).toBe(3);
    c.cover(0, 80);
    expect(c.keys(0)[2]).toBe(before[2]);
    expect(c.keys(0)[3]).not.toBe(before[3]);
  });

  it('growing a chain keeps an earlier view intact; restart and copy', () => {
    const c = new ContextChains(2, 16, 32, cohortKeyBase(0));
    const view = c.keys(0);
    c.append(0, 10_000);
    c.cover(0, 10_032);
    expect(c.keys(0)).not.toBe(view);
    expect(Array.from(view.slice(0, 2))).toEqual(Array.from(c.keys(0).slice(0, 2)));
    c.copy(0, 1, true);
    expect(c.tokens[1]).toBe(10_032);
    expect(Array.from(c.keys(1).slice(0, c.count[1]))).toEqual(Array.from(c.keys(0).slice(0, c.count[0])));
    c.copy(0, 1, false);
    expect(c.keys(1)[1]).toBe(c.keys(0)[1]);
    expect(c.keys(1)[2]).not.toBe(c.keys(0)[2]);
    c.restart(0, 100);
    expect(c.tokens[0]).toBe(132);
    expect(c.count[0]).toBe(2);
  });
});
