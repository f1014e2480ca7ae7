#!/usr/bin/env node
// Runs the built CLI when `npm run build` has made dist/, else the TypeScript source through tsx.
import { existsSync } from 'node:fs';

const dist = new URL('../dist/cli/entry.js', import.meta.url);
if (existsSync(dist)) {
  await import(dist.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/entry.ts', import.meta.url).href);
}
