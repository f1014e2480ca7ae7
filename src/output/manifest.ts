import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { hostname } from 'node:os';
import { FLEETSIM_VERSION, OUTPUT_FORMAT_VERSION } from '../version.js';

/**
 * `manifest.json`: what varies from run to run of the same scenario (timestamps, host, worker
 * count, wall time) lives here and only here, so the Arrow tables stay byte-identical.
 */
export interface Manifest {
  fleetsim_version: string;
  format_version: string;
  scenario: { name: string; file: string; hash: string };
  seed: number;
  jobs: number;
  workers: number;
  started_at: string;
  finished_at: string;
  wall_s: number;
  host: string;
  node: string;
  /** sha256 of every table file, so a reader can tell two result folders hold the same numbers. */
  files: Record<string, string>;
  /** How this folder came about when it was not one uninterrupted run: shard, resume, merge. */
  run?: Record<string, unknown>;
}

/** Builds a manifest for tables already encoded. */
export function buildManifest(args: {
  scenario: Manifest['scenario'];
  seed: number;
  jobs: number;
  workers: number;
  startedAt: Date;
  finishedAt: Date;
  tables: Record<string, Uint8Array>;
  run?: Record<string, unknown>;
}): Manifest {
  const files: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(args.tables)) files[name] = sha256(bytes);
  return {
    fleetsim_version: FLEETSIM_VERSION,
    format_version: OUTPUT_FORMAT_VERSION,
    scenario: args.scenario,
    seed: args.seed,
    jobs: args.jobs,
    workers: args.workers,
    started_at: args.startedAt.toISOString(),
    finished_at: args.finishedAt.toISOString(),
    wall_s: (args.finishedAt.getTime() - args.startedAt.getTime()) / 1000,
    host: hostname(),
    node: process.version,
    files,
    ...(args.run ? { run: args.run } : {}),
  };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Records in `dir/manifest.json` the digest of a table rewritten after the run (`fleetsim compare`
 * writes a new `compare.arrow`), so the manifest keeps describing the folder's files. A folder
 * without a manifest is left alone.
 */
export function updateManifestDigest(dir: string, name: string, bytes: Uint8Array): void {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) return;
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  manifest.files = { ...manifest.files, [name]: sha256(bytes) };
  writeFileAtomic(path, manifestText(manifest));
}

/** `manifest.json`'s text: the manifest as indented JSON, one trailing newline. */
export function manifestText(manifest: Manifest): string {
  return JSON.stringify(manifest, null, 2) + '\n';
}
