import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArrowTable } from '../../src/output/arrow-io.js';
import { cli } from '../helpers/cli.js';

describe('a swarm sweep through `fleetsim run`', () => {
  it('writes byte-identical tables, coordination.arrow included, with 1 and 3 worker threads', async () => {
    const root = mkdtempSync(join(tmpdir(), 'fleetsim-swarm-'));
    const file = 'test/fixtures/scenarios/coordination/sweep-small.yaml';
    const one = await cli('run', file, '--out', join(root, 'w1'), '--workers', '1');
    const three = await cli('run', file, '--out', join(root, 'w3'), '--workers', '3');
    expect(one.code, one.err).toBe(0);
    expect(three.code, three.err).toBe(0);
    const tables = readdirSync(join(root, 'w1')).filter((f) => f.endsWith('.arrow'));
    expect(tables).toContain('coordination.arrow');
    for (const t of tables) expect(readFileSync(join(root, 'w1', t)).equals(readFileSync(join(root, 'w3', t))), t).toBe(true);
    const runs = readArrowTable(join(root, 'w1', 'runs.arrow'));
    expect(runs.numRows).toBe(4);
    expect(runs.schema.fields.map((f) => f.name)).toContain('team.success_rate');
    expect(readArrowTable(join(root, 'w1', 'coordination.arrow')).numRows).toBe(4 * 12);
  });
});
