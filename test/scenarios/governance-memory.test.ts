import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arrowRows } from '../helpers/arrow-rows.js';
import { cli } from '../helpers/cli.js';

/**
 * scenarios/governance-memory.yaml asks whether governance kept in runtime memory prevents more
 * violations than an external policy service, and at what token cost. This runs a reduced form
 * (16 agents on 2 GPUs for one measured day, 3 replicates, one worker — instead of 48 agents on 4, two days, 5) and
 * checks the headline on its compare table (paired against `mode=external`) and summary.
 */
describe('scenarios/governance-memory.yaml (reduced)', () => {
  it('runtime-memory prevents more violations than external checks, for rule tokens that are mostly cache reads', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fleetsim-gov-')), 'g');
    const set = ['replicates=3', 'horizon=28h', 'cohorts.research.simulated=16', 'pools.llm.count=2'].flatMap((s) => ['--set', s]);
    const r = await cli('run', 'scenarios/governance-memory.yaml', '--out', out, '--workers', '1', ...set);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/compared with mode=external/);
    const rows = arrowRows(join(out, 'compare.arrow'));
    const row = (variant: string, metric: string) => rows.find((x) => x.variant === `mode=${variant}` && x.metric === `research.governance_${metric}`)!;

    // paired under common random numbers: the whole 95% interval of the difference is above 0
    const prevented = row('runtime-memory', 'prevented_per_agent_day');
    expect(prevented.diff_ci95_lo as number).toBeGreaterThan(0);
    // closed form: runtime memory catches 0.9 of violations, the external service 0.4 (consulted) ×
    // 0.95 (caught) — a ratio of 2.37, which the paired interval of the ratio must contain
    expect(prevented.ratio_ci95_lo as number).toBeLessThan(0.9 / (0.4 * 0.95));
    expect(prevented.ratio_ci95_hi as number).toBeGreaterThan(0.9 / (0.4 * 0.95));
    expect(row('runtime-memory', 'escape_rate').diff_ci95_hi as number).toBeLessThan(0);
    expect(row('none', 'prevented_per_agent_day').mean).toBe(0);
    expect(row('none', 'escape_rate').mean).toBe(1);
    // the events come from the goal program, the same in every mode: ≈ 9.3 per agent-day
    const events = row('runtime-memory', 'events_per_agent_day');
    for (const perDay of [events.baseline_mean, events.mean, row('none', 'events_per_agent_day').mean] as number[]) {
      expect(Math.abs(perDay / (889 / 96) - 1)).toBeLessThan(0.15);
    }
    expect(Math.abs((events.ratio as number) - 1)).toBeLessThan(0.02);
    // the price: rule tokens on every call, costing a few per cent of the API spend
    expect(row('runtime-memory', 'overhead_api_usd').diff_ci95_lo as number).toBeGreaterThan(0);
    const costShare = row('runtime-memory', 'overhead_cost_share').mean as number;
    // regression guard around the yaml header's ≈ 4%
    expect(costShare).toBeGreaterThan(0.01);
    expect(costShare).toBeLessThan(0.1);
    const summary = arrowRows(join(out, 'summary.arrow'));
    const cacheRead = summary.find((x) => x.variant === 'mode=runtime-memory' && x.metric === 'research.governance_rule_cache_read_share')!;
    expect(cacheRead.mean as number).toBeGreaterThan(0.99);
    // escape rates: 1 − 0.9 = 0.1 and 1 − 0.4 × 0.95 = 0.62, within 4 binomial standard deviations
    // of the violations of the three runs
    const mean = (variant: string, metric: string) => summary.find((x) => x.variant === `mode=${variant}` && x.metric === `research.governance_${metric}`)!.mean as number;
    for (const [variant, expected] of [['runtime-memory', 0.1], ['external', 1 - 0.4 * 0.95]] as const) {
      const n = 3 * mean(variant, 'violations');
      expect(n).toBeGreaterThan(60);
      expect(Math.abs(mean(variant, 'escape_rate') - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / n));
    }
  }, 60_000);
});
