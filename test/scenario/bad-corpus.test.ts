import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { loadScenario } from '../../src/scenario/load.js';

/**
 * The bad-input corpus: every case in `expected.json` must fail with a `UserError` (exit code 2)
 * whose formatted text contains each listed substring. Files starting with `_` are helpers that
 * other cases extend, not cases of their own.
 */
const BAD = join(import.meta.dirname, '../fixtures/scenarios/bad');
const expected = JSON.parse(readFileSync(join(BAD, 'expected.json'), 'utf8')) as Record<string, { contains: string[]; set?: string[]; stage?: 'run' }>;
/** Cases found only when a run starts (a trace's contents), checked through the CLI in test/cli/bad-input.test.ts. */
const atLoad = Object.entries(expected).filter(([, e]) => e.stage !== 'run');

describe('bad scenario corpus', () => {
  it('lists every case in the directory, and has at least 22', () => {
    const cases = readdirSync(BAD).filter((f) => f !== 'expected.json' && !f.startsWith('_'));
    const listed = new Set(Object.keys(expected));
    for (const f of cases) expect(listed.has(f), `${f} is missing from expected.json`).toBe(true);
    expect(cases.length).toBeGreaterThanOrEqual(22);
    // and the other way round: every entry names a file of the corpus (or the one case about a
    // file that is not there) and says something its error must contain, beyond the file's name
    for (const [file, e] of Object.entries(expected)) {
      if (file !== 'missing-file.yaml') expect(cases, `${file} is listed but not in the corpus`).toContain(file);
      expect(e.contains.some((c) => c.replace(/^[\w.-]+\.yaml(:\d+){0,2}(: error: )?/, '').trim() !== ''), `${file}: expects nothing but its position`).toBe(true);
    }
  });

  it.each(atLoad)('%s', (file, { contains, set }) => {
    let error: unknown;
    try {
      loadScenario(join(BAD, file), { set });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    const ue = error as UserError;
    expect(ue.exitCode).toBe(2);
    const text = ue.format();
    for (const part of contains) expect(text).toContain(part);
    // Nothing of zod's or yaml's raw wording, and no stack trace.
    expect(text).not.toMatch(/Invalid input|Unrecognized key|\n\s+at |ZodError|YAMLParseError/);
  });
});
