import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

/** Debian's chromium (`apt-get install chromium`); CHROMIUM_PATH overrides. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Kept after the test for a person to look at (results/ is not committed). */
const SCREENSHOT = resolve('results/e2e/report.png');

describe('report.html in headless Chromium', () => {
  const root = mkdtempSync(join(tmpdir(), 'fleetsim-e2e-'));
  const out = join(root, 'sweep-tools');
  const profile = join(root, 'chromium-profile');
  const consoleProblems: string[] = [];
  const requests: string[] = [];
  let svgs: { width: number; height: number; marks: number }[] = [];
  let title = '';

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`).toBe(true);
    expect((await cli('run', 'scenarios/sweep-tools.yaml', '--out', out, '--workers', '2')).code).toBe(0);
    const r = await cli('report', out);
    expect(r.code, r.err).toBe(0);

    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1200, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') consoleProblems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => consoleProblems.push(`page error: ${e.message}`));
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
      title = await page.title();
      svgs = await page.locator('figure svg').evaluateAll((els) =>
        els.map((e) => {
          const box = e.getBoundingClientRect();
          return { width: box.width, height: box.height, marks: e.querySelectorAll('path, line, circle, rect').length };
        }),
      );
      mkdirSync(resolve('results/e2e'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    } finally {
      await context.close();
    }
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('opens without console errors and fetches nothing but the file itself', () => {
    expect(consoleProblems).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    expect(title).toBe('sweep-tools — fleetsim report');
  });

  it('shows every chart with a size and drawn marks', () => {
    // metrics against parameters (6), the Pareto scatter, and two stations' time series
    expect(svgs.length).toBeGreaterThanOrEqual(9);
    // regression guards: sizes and mark counts well below what a drawn chart has
    for (const s of svgs) {
      expect(s.width).toBeGreaterThan(200);
      expect(s.height).toBeGreaterThan(150);
      expect(s.marks).toBeGreaterThan(20);
    }
  });

  it('leaves a full-page screenshot', () => {
    const png = readFileSync(SCREENSHOT);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(50_000); // regression guard
    console.log(`screenshot: ${SCREENSHOT} (${(png.length / 1024).toFixed(0)} KiB)`);
  });
});
