/** Where a command writes; the entry point passes the process streams, tests pass buffers. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}
