/** The process entry point: the only place that touches `process.exit`. */
import { runCli } from './main.js';

const code = await runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  errIsTTY: process.stderr.isTTY === true,
  env: process.env,
});
process.exitCode = code;
