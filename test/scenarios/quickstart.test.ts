import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arrowRows } from '../helpers/arrow-rows.js';
import { cli } from '../helpers/cli.js';

/**
 * The quickstart (`npm start`) exists to show one thing: on the same agent goals, an SLM-first
 * cascade on a mixed fleet completes artifacts more cheaply than an LLM-only fleet, at a small cost
 * in success rate. This test runs it and checks that headline on its compare table.
 */
describe('scenarios/quickstart.yaml', () => {
  it('prints a comparison in which the cascade is cheaper per completed artifact than LLM-only', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fleetsim-quick-')), 'q');
    const r = await cli('run', 'scenarios/quickstart.yaml', '--out', out, '--workers', '2');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/compared with policy=llm-only,big\.count=8,small\.count=1/);
    const rows = arrowRows(join(out, 'compare.arrow'));
    const row = (variant: RegExp, metric: string) => rows.find((x) => variant.test(String(x.variant)) && x.metric === metric)!;
    const cost = row(/^policy=cascade/, 'fn.usd_per_artifact');
    // paired under common random numbers: the whole 95% interval of the ratio lies below 1
    expect(cost.ratio_ci95_hi as number).toBeLessThan(1);
    expect(cost.ratio as number).toBeGreaterThan(0.5); // regression guard
    // the cascade's misses (verifier 85% accurate) cost some success, but not most of it
    const success = row(/^policy=cascade/, 'fn.success_rate');
    expect(success.ratio as number).toBeLessThan(1);
    expect(success.ratio as number).toBeGreaterThan(0.75); // regression guard
  });
});
