/**
 * The README's five-minute tour, done as a newcomer would from a fresh clone: every command of the
 * tour's `sh` blocks is run exactly as written (through `sh -c`) in a copy of the repository, in
 * order, and must exit 0 and print the lines the README shows after it; the files the tour names
 * must exist afterwards. The Python, R and DuckDB snippets of "Reading results" are checked against
 * the tables the tour wrote: every column and value they name must be there.
 */

import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBlocks, missingLines, section, tourSteps, type TourStep } from './markdown.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const TOUR = 'Five-minute tour';
const READING = 'Reading results';

/** What a fresh clone does not have: installed packages (linked in), results, build output, git. */
const NOT_IN_CLONE = new Set(['node_modules', '.git', 'results', 'dist', '.scratch']);

interface Ran {
  step: TourStep;
  code: number;
  out: string;
  err: string;
}

function sh(command: string, cwd: string): Promise<{ code: number; out: string; err: string }> {
  const env: NodeJS.ProcessEnv = {};
  // the child sees a plain shell: nothing from the npm script or the test runner around this test
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|VITEST|NODE_OPTIONS$|INIT_CWD$)/i.test(k)) env[k] = v;
  env.CI = '1';
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { cwd, env, timeout: 120_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, out: stdout, err: stderr });
    });
  });
}

describe(`README: ${TOUR}`, () => {
  const tour = section(readme, TOUR) ?? '';
  const steps = tourSteps(tour);
  const work = mkdtempSync(join(tmpdir(), 'fleetsim-tour-'));
  const ran: Ran[] = [];

  beforeAll(async () => {
    cpSync(root, work, { recursive: true, filter: (src) => src === root || !NOT_IN_CLONE.has(src.slice(root.length).split('/')[0]) });
    symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
    for (const step of steps) {
      const r = await sh(step.command, work);
      ran.push({ step, ...r });
      if (r.code !== 0) break;
    }
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('has a tour: run, compare, report', () => {
    expect(tour, `README.md has no "## ${TOUR}" section`).not.toBe('');
    const commands = steps.map((s) => s.command);
    expect(commands.some((c) => /fleetsim run /.test(c))).toBe(true);
    expect(commands.some((c) => /fleetsim compare /.test(c))).toBe(true);
    expect(commands.some((c) => /fleetsim report /.test(c))).toBe(true);
  });

  it('runs every command as written, each exiting 0', () => {
    expect(ran.length).toBe(steps.length);
    for (const r of ran) expect(r.code, `\`${r.step.command}\` exited ${r.code}:\n${r.err}`).toBe(0);
  });

  it('prints what the README shows after each command', () => {
    for (const r of ran) {
      const missing = missingLines(r.step.shows, r.out);
      expect(missing, `\`${r.step.command}\` did not print these README lines:\n${missing.join('\n')}\n--- it printed:\n${r.out}`).toEqual([]);
    }
    expect(ran.filter((r) => r.step.shows.length > 0).length).toBeGreaterThanOrEqual(3);
  });

  it('leaves the files the tour names', () => {
    const named = [...new Set([...tour.matchAll(/`(results\/[^`\s]+)`/g)].map((m) => m[1]))];
    expect(named.length).toBeGreaterThan(0);
    for (const path of named) expect(existsSync(join(work, path)), `${path} (named in the tour) is missing after it`).toBe(true);
  });

  it('shows pictures that are in the repository', () => {
    const pictures = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    expect(pictures.length).toBeGreaterThan(0);
    for (const p of pictures) expect(existsSync(join(root, p)), `picture ${p} is missing`).toBe(true);
  });

  it('npm start is the tour\'s first run', () => {
    const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
    const firstRun = steps.find((s) => /fleetsim run /.test(s.command))!.command;
    expect(firstRun.replace(/^npx fleetsim /, '')).toBe(start.replace(/^tsx src\/cli\/entry\.ts /, ''));
  });

  describe(`${READING}: the snippets name columns and values the tables have`, () => {
    /** Words with an underscore that snippets use and that are not columns: library functions and arguments. */
    const API_WORDS = new Set(['read_feather', 'read_table', 'read_ipc', 'scan_ipc', 'group_by', 'maintain_order', 'to_pandas', 'read_ipc_file', 'read_arrow', 'as_data_frame', 'sort_values', 'reset_index', 'pivot_table', 'to_list', 'arrange', 'left_join', 'pivot_wider', 'names_from', 'values_from', 'sort_by']);
    const blocks = codeBlocks(section(readme, READING) ?? '').filter((b) => ['python', 'r', 'sql'].includes(b.lang));

    it('has Python, R and DuckDB snippets', () => {
      expect(new Set(blocks.map((b) => b.lang))).toEqual(new Set(['python', 'r', 'sql']));
    });

    it('every quoted name is a column, a value or a metadata key of a table the snippet reads', () => {
      const problems: string[] = [];
      for (const b of blocks) {
        const quoted = [...b.text.matchAll(/"([^"\n]*)"|'([^'\n]*)'|`([^`\n]*)`/g)].map((m) => m[1] ?? m[2] ?? m[3]);
        const files = quoted.filter((q) => q.endsWith('.arrow'));
        if (files.length === 0) problems.push(`a ${b.lang} snippet reads no table:\n${b.text}`);
        const known = new Set<string>();
        for (const f of files) {
          const path = join(work, f);
          if (!existsSync(path)) {
            problems.push(`${f} (read by a ${b.lang} snippet) is not written by the tour`);
            continue;
          }
          const t = tableFromIPC(readFileSync(path));
          for (const k of t.schema.metadata.keys()) known.add(k);
          for (const field of t.schema.fields) {
            known.add(field.name);
            if (String(field.type) === 'Utf8') for (const v of t.getChild(field.name)!.toArray() as string[]) known.add(v);
          }
        }
        const unknown = quoted.filter((q) => !q.endsWith('.arrow') && !known.has(q));
        if (unknown.length > 0) problems.push(`a ${b.lang} snippet names what its tables (${files.join(', ')}) do not have: ${unknown.join(', ')}`);

        // bare words with an underscore (ci95_lo in dplyr or SQL) must be columns too, or library words
        const comment = b.lang === 'sql' ? /--.*$/gm : /#.*$/gm;
        const bare = b.text.replace(/"[^"\n]*"|'[^'\n]*'|`[^`\n]*`/g, ' ').replace(comment, ' ');
        const words = [...bare.matchAll(/\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*\b/g)].map((m) => m[0]);
        const strange = words.filter((w) => !known.has(w) && !API_WORDS.has(w));
        if (strange.length > 0) problems.push(`a ${b.lang} snippet uses words that are neither columns of its tables nor known library names: ${strange.join(', ')}`);
      }
      expect(problems).toEqual([]);
    });
  });
});
