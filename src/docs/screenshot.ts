/**
 * `npm run docs:screenshot`: a picture of the quickstart's report for the README. Runs the
 * quickstart into a temporary folder, writes its report.html, opens it in headless Chromium
 * (Debian's `chromium`, as the e2e test uses; CHROMIUM_PATH overrides) and saves the top of the
 * page as `docs/report.png` — the title, the comparison table, the Pareto front and the first time
 * series; the per-parameter charts above the comparison are folded away for the picture (the
 * quickstart's sweep pairs each policy with its fleet, so those charts have three points each).
 * SCREENSHOT_FULL=1 takes the whole page instead. Not part of `npm test`.
 */

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { runCli } from '../cli/main.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(root, 'docs', 'report.png');
/** Page width and the height of the picture (the summary table, the comparison and the first charts). */
const WIDTH = 1200;
const HEIGHT = Number(process.env.SCREENSHOT_HEIGHT ?? 1500);

async function cli(...argv: string[]): Promise<void> {
  let err = '';
  const code = await runCli(argv, { out: () => {}, err: (s) => (err += s) });
  if (code !== 0) throw new Error(`fleetsim ${argv.join(' ')} exited ${code}: ${err}`);
}

if (!existsSync(CHROMIUM)) {
  process.stderr.write(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)\n`);
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'fleetsim-screenshot-'));
try {
  const results = join(work, 'quickstart');
  await cli('run', join(root, 'scenarios/quickstart.yaml'), '--out', results);
  await cli('report', results);
  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: WIDTH, height: HEIGHT },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(results, 'report.html')).href, { waitUntil: 'load' });
    if (process.env.SCREENSHOT_FULL !== '1') await page.locator('section#metrics').evaluate((e) => ((e as HTMLElement).style.display = 'none'));
    mkdirSync(join(root, 'docs'), { recursive: true });
    await page.screenshot({ path: OUT, fullPage: process.env.SCREENSHOT_FULL === '1' });
  } finally {
    await context.close();
  }
  process.stdout.write(`wrote ${OUT}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
