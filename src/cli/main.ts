import { Command, CommanderError } from 'commander';
import { isUserError, type UserError } from '../errors.js';
import { FLEETSIM_VERSION } from '../version.js';
import type { CliIO } from './io.js';
import { registerRun } from './run-command.js';
import { registerValidate } from './validate-command.js';
import { registerSchema } from './schema-command.js';
import { registerCatalog } from './catalog-command.js';
import { registerMerge } from './merge-command.js';
import { registerCompare } from './compare-command.js';
import { registerCheck } from './check-command.js';
import { registerReport } from './report-command.js';

/**
 * Runs the fleetsim command line with `argv` (without `node` and the script) and returns the exit
 * code: 0 success, 2 a mistake in the input (scenario, trace or flag), 1 a bug in fleetsim.
 * Never calls `process.exit`; the entry point does.
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number) => (exitCode = code);
  const program = new Command('fleetsim')
    .description('discrete-event simulator of agent-scale datacenters')
    .version(FLEETSIM_VERSION)
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerRun(program, io, setExit);
  registerValidate(program, io, setExit);
  registerSchema(program, io, setExit);
  registerCatalog(program, io, setExit);
  registerMerge(program, io, setExit);
  registerCompare(program, io, setExit);
  registerCheck(program, io, setExit);
  registerReport(program, io, setExit);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version are successes; every other commander error is a usage mistake
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isUserError(e)) {
      io.err(`${(e as UserError).format()}\n`);
      return (e as UserError).exitCode;
    }
    io.err(`fleetsim: internal error (a bug, please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
