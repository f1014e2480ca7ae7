import { describe, expect, it } from 'vitest';
import { findApiPrice } from '../../src/catalog/lookup.js';
import { runScenario, scalar } from '../helpers/run-scenario.js';

/**
 * scenarios/persistent-agent-cache.yaml, reduced to one replicate of three of its six variants: the
 * published cache-read share of a persistent agent (82.9%, Alzahrani, arXiv:2605.26870) must emerge
 * from context growth under session affinity, and routing and cache size must move it.
 */
const run = (set: string[] = []) => runScenario('scenarios', 'persistent-agent-cache.yaml', set);

describe('scenarios/persistent-agent-cache.yaml (reduced: one replicate, three variants)', () => {
  const base = run(['pools.llm.routing=session-affinity', 'pools.llm.engine.kvBlocks=40000']);
  const rr = run(['pools.llm.routing=round-robin', 'pools.llm.engine.kvBlocks=40000']);
  const small = run(['pools.llm.routing=session-affinity', 'pools.llm.engine.kvBlocks=6000']);
  const share = (r: typeof base) => scalar(r, 'research.cache_read_share');

  it('with session affinity and an ample cache, the cache-read share lands within 4 points of the published 82.9%', () => {
    expect(share(base)).toBeGreaterThan(0.829 - 0.04);
    expect(share(base)).toBeLessThan(0.829 + 0.04);
    // conservation: the cohort is the pool's only user, so its tokens are the pool's
    expect(scalar(base, 'research.cache_read_tokens')).toBe(scalar(base, 'llm.cache_read_tokens'));
    expect(scalar(base, 'research.tokens')).toBe(scalar(base, 'llm.input_tokens') + scalar(base, 'llm.output_tokens'));
  });

  it('round-robin over the two replicas loses ≥ 10 points; a 6,000-block cache ≥ 3; the goals and their luck stay the same', () => {
    // regression guards: the margins are this run's; the published figure is the base share above
    expect(share(rr)).toBeLessThan(share(base) - 0.1);
    expect(share(small)).toBeLessThan(share(base) - 0.03);
    expect(share(small)).toBeGreaterThan(share(rr)); // affinity matters more than cache size here
    for (const r of [rr, small]) {
      expect(scalar(r, 'research.goals_completed')).toBe(scalar(base, 'research.goals_completed'));
      expect(scalar(r, 'research.success_rate')).toBe(scalar(base, 'research.success_rate'));
    }
  });

  it('most tokens are cache reads but a minority of the API spend, by the price list’s closed form; losing reads raises the cost per artifact', () => {
    const price = findApiPrice('small'); // Llama-3.1-8B's API class
    const apiOf = (r: typeof base) => {
      const read = scalar(r, 'research.cache_read_tokens');
      const fresh = scalar(r, 'research.input_tokens') - read;
      return { read: (read * price.cachedInputPerMTok) / 1e6, total: (fresh * price.inputPerMTok + read * price.cachedInputPerMTok + scalar(r, 'research.output_tokens') * price.outputPerMTok) / 1e6 };
    };
    const a = apiOf(base);
    expect(scalar(base, 'research.api_cost_usd')).toBeCloseTo(a.total, 6);
    // reads at 0.1× the input price: ≈ 83% of tokens are ≈ a third of the spend (s·0.1 / (s·0.1 + 1 − s))
    const s = share(base);
    expect(a.read / a.total).toBeCloseTo((s * 0.1) / (s * 0.1 + 1 - s), 1);
    expect(a.read / a.total).toBeLessThan(0.45);
    expect(scalar(rr, 'research.api_usd_per_artifact')).toBeGreaterThan(1.3 * scalar(base, 'research.api_usd_per_artifact')); // regression guard
    // per artifact vs per token: cost per artifact = cost per token × tokens per artifact
    const perArtifact = scalar(base, 'research.usd_per_artifact');
    const tokensPerArtifact = scalar(base, 'research.tokens') / scalar(base, 'research.goals_succeeded');
    expect(perArtifact).toBeCloseTo((scalar(base, 'research.usd_per_mtok') * tokensPerArtifact) / 1e6, 9);
    expect(tokensPerArtifact).toBeGreaterThan(1e5); // regression guard
  });
});
