import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArrowTable } from '../../src/output/arrow-io.js';
import { groupMeans, olsRSquared, rSquared } from '../../src/agents/variance-explained.js';
import { cli } from '../helpers/cli.js';

const DIR = 'test/fixtures/scenarios/agents';

describe('budget sweep: variance in goal success explained by tokens, from goals.arrow', () => {
  it('tokens explain most run-to-run variance (the seed: ≈80%), model choice adds to it, and the per-goal share depends on the quality model', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fleetsim-budget-')), 'out');
    const r = await cli('run', join(DIR, 'budget-sweep.yaml'), '--out', out, '--workers', '2');
    expect(r.code).toBe(0);
    const t = readArrowTable(join(out, 'goals.arrow'));
    const variant = t.getChild('variant')!.toArray() as string[];
    const col = (n: string) => t.getChild(n)!.toArray() as Float64Array;
    const replicate = t.getChild('replicate')!.toArray() as Int32Array;
    const policy = t.getChild('policy')!.toArray() as string[];
    const tokens = col('tokens'), success = col('success');
    const figures = (quality: string) => {
      const rows = [...variant.keys()].filter((i) => variant[i].startsWith(`${quality},`));
      const lnTokens = rows.map((i) => Math.log(tokens[i]));
      const y = rows.map((i) => success[i]);
      const llm = rows.map((i) => (policy[i] === 'llm-only' ? 1 : 0));
      const run = rows.map((i) => `${variant[i]}#${replicate[i]}`);
      const perRun = groupMeans(run, rows.map((i) => tokens[i]), y);
      const perRunLlm = groupMeans(run, llm, y);
      const lnRunTokens = Float64Array.from(perRun.x, Math.log);
      return {
        goals: rows.length,
        goal: rSquared(lnTokens, y),
        goalWithModel: olsRSquared([lnTokens, llm], y),
        run: rSquared(lnRunTokens, perRun.y),
        runWithModel: olsRSquared([lnRunTokens, perRunLlm.x], perRun.y),
      };
    };
    const weak = figures('capabilityWeight=3');
    const strong = figures('capabilityWeight=10');
    for (const f of [weak, strong]) {
      expect(f.goals).toBeGreaterThan(3000);
      expect(f.run).toBeGreaterThan(0.65);
      expect(f.run).toBeLessThan(0.92);
      expect(f.runWithModel).toBeGreaterThan(f.run + 0.03);
    }
    // per goal, success is a coin flip around a probability: tokens explain little of it, and
    // less when the quality model lets capability matter less
    expect(strong.goal).toBeLessThan(0.15);
    expect(strong.goal).toBeGreaterThan(2 * weak.goal);
    expect(strong.goalWithModel).toBeGreaterThan(weak.goalWithModel + 0.05);
  });
});
