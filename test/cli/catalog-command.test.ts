import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { catalogReport, formatCatalog, registerCatalog } from '../../src/cli/catalog-command.js';

async function run(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  let code = -1;
  const program = new Command('fleetsim').exitOverride();
  registerCatalog(program, { out: (s) => (out += s), err: () => {} }, (c) => (code = c));
  await program.parseAsync(argv, { from: 'user' });
  return { code, out };
}

describe('fleetsim catalog', () => {
  it('prints aligned accelerator and model tables', async () => {
    const { code, out } = await run('catalog');
    expect(code).toBe(0);
    expect(out).toMatch(/^Accelerators\n/);
    expect(out).toMatch(/\nModels\n/);
    const lines = out.split('\n');
    const header = lines.find((l) => l.startsWith('model '))!;
    const row = lines.find((l) => l.startsWith('Llama-3.1-8B '))!;
    // the KV column is right-aligned under its header
    expect(row.indexOf('128') + 3).toBe(header.indexOf('KV KiB/token') + 'KV KiB/token'.length);
    expect(row).toContain('H100');
    expect(lines.find((l) => l.startsWith('Llama-3.1-405B '))).toContain('(none)');
  });

  it('--json gives the same data as the tables', async () => {
    const { code, out } = await run('catalog', '--json');
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(catalogReport())));
    expect(formatCatalog(parsed)).toBe(formatCatalog(catalogReport()));
  });

  it('says which accelerators hold each model at tp = 1 (weights + KV in 90% of memory)', () => {
    const fits = Object.fromEntries(catalogReport().models.map((m) => [m.name, m.fitsTp1]));
    expect(fits['Llama-3.1-8B']).toEqual(['H100', 'H200', 'B200', 'MI300X', 'L40S', 'L4']);
    // 141 GB of weights: not in 0.9 × 141 GB (H200), yes in 0.9 × 180 GB (B200) and 0.9 × 192 GB (MI300X)
    expect(fits['Llama-3.1-70B']).toEqual(['B200', 'MI300X']);
    expect(fits['Llama-3.1-405B']).toEqual([]);
  });
});
