/** Where a command writes; the entry point passes the process streams, tests pass buffers. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when `err` is a terminal (progress bars are drawn only then). */
  errIsTTY?: boolean;
  /** The environment (shard index variables, CI); default: the process environment. */
  env?: Readonly<Record<string, string | undefined>>;
}
