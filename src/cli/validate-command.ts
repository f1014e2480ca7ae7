import type { Command } from 'commander';
import { loadExperiment } from '../scenario/load-experiment.js';
import { UserError, isUserError } from '../errors.js';
import type { CliIO } from './io.js';
import { collect } from './parse-flags.js';

/** `fleetsim validate FILE...`: checks scenarios without running them; reports every file. */
export function validateCommand(files: string[], opts: { set?: string[] }, io: CliIO): number {
  let failed = 0;
  for (const f of files) {
    try {
      // Every variant of a sweep is a scenario of its own, and is checked too.
      const { scenario: s, variants } = loadExperiment(f, { set: opts.set });
      const swept = variants.length > 1 ? `, ${variants.length} variants` : '';
      io.out(`${f}: ok (${s.name}${swept}, hash ${s.source.hash.slice(0, 12)})\n`);
    } catch (e) {
      if (!isUserError(e)) throw e;
      failed++;
      io.err(`${(e as UserError).format()}\n`);
    }
  }
  return failed > 0 ? 2 : 0;
}

/** Adds `validate` to the program. */
export function registerValidate(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('check scenario files and report every problem')
    .argument('<files...>', 'scenario YAML files')
    .option('--set <path=value>', 'override a scenario value (repeatable)', collect)
    .action((files: string[], opts: { set?: string[] }) => setExit(validateCommand(files, opts, io)));
}
