import type { Command } from 'commander';
import { scenarioJsonSchema } from '../scenario/json-schema.js';
import type { CliIO } from './io.js';

/** Adds `schema`: prints the scenario JSON Schema, for editors that complete and check YAML. */
export function registerSchema(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editor completion)')
    .action(() => {
      io.out(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
      setExit(0);
    });
}
