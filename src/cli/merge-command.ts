import type { Command } from 'commander';
import { mergeShards } from '../experiment/merge.js';
import type { CliIO } from './io.js';

/** `fleetsim merge DIR... --out DIR`: shard folders → the results folder one run would have written. */
export function mergeCommand(dirs: string[], opts: { out: string; force?: boolean }, io: CliIO): number {
  const m = mergeShards(dirs, opts.out, opts.force ?? false);
  io.out(`merged ${m.shards.length} shard(s), ${m.jobs.length} job(s) → ${opts.out}/ (${Object.keys(m.files).join(', ')}, manifest.json)\n`);
  for (const w of m.warnings) io.err(`warning: ${w}\n`);
  return 0;
}

/** Adds `merge` to the program. */
export function registerMerge(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('merge')
    .description('join the shard folders of a sweep into the tables a single run makes')
    .argument('<dirs...>', 'shard folders, or folders holding them (shard-i-of-n/)')
    .requiredOption('-o, --out <dir>', 'results folder to write')
    .option('-f, --force', 'replace an existing results folder')
    .action((dirs: string[], opts: { out: string; force?: boolean }) => setExit(mergeCommand(dirs, opts, io)));
}
