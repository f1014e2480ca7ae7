import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

/**
 * The scenario library: every `scenarios/*.yaml` is a question fleetsim answers in one run. Each
 * must validate, and open with a comment that says the question, where its figures come from, and
 * what to look at in the results — lines beginning `# Question`, `# Sources` and `# Look at`
 * (anything may follow the word: `# Sources of figures:`, `# Look at (the table …):`).
 */
const DIR = 'scenarios';
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** The comment lines before the first line that is not a comment. */
function header(text: string): string[] {
  const lines = text.split('\n');
  const end = lines.findIndex((l) => !l.startsWith('#'));
  return lines.slice(0, end < 0 ? lines.length : end);
}

describe('the scenario library (scenarios/*.yaml)', () => {
  it('holds the questions of issue #8, the quickstart among them', () => {
    for (const name of [
      'quickstart',
      'persistent-agent-cache',
      'fleet-mix',
      'token-budget',
      'coordination-scaling',
      'kv-tiering',
      'trace-replay-mooncake',
      'trace-replay-azure',
      'trace-replay-agentic',
      'planetary',
    ]) {
      expect(files, name).toContain(`${name}.yaml`);
    }
  });

  it('every file validates (`fleetsim validate`, all at once)', async () => {
    const r = await cli('validate', ...files.map((f) => join(DIR, f)));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const f of files) expect(r.out, f).toContain(`${join(DIR, f)}: ok`);
  });

  // every other test file's text, read once for all the scenarios below
  const tests = readdirSync('test', { recursive: true, encoding: 'utf8' })
    .filter((t) => t.endsWith('.test.ts') && !t.endsWith('library.test.ts'))
    .map((t) => readFileSync(join('test', t), 'utf8'));

  it.each(files)('%s is run by a test that checks its outcome', (f) => {
    // a scenario named in some test's runScenario/loadExperiment call or as a scenarios/ path
    const used = tests.some((t) => t.includes(`scenarios/${f}`) || new RegExp(`runScenario\\(\\s*'scenarios',\\s*'${f.replace('.', '\\.')}'`).test(t));
    expect(used, `${f}: no test runs it`).toBe(true);
  });

  it.each(files)('%s opens with Question, Sources and Look at', (f) => {
    const h = header(readFileSync(join(DIR, f), 'utf8'));
    for (const key of ['Question', 'Sources', 'Look at']) {
      expect(
        h.some((l) => new RegExp(`^# ${key}\\b`).test(l)),
        `${f}: no header line beginning '# ${key}'`,
      ).toBe(true);
    }
  });
});
