/**
 * Open-loop request traces (Mooncake, Azure) as columns: request i arrives at `arrival[i]` whatever
 * the system does, so a replay needs only these arrays and one integer cursor.
 */

/**
 * Open-loop requests, one column per field and one entry per request, in file order (ties in
 * arrival keep that order). Columns, not one object per request, so a trace of millions of rows
 * stays a few typed arrays that can move between worker threads without copying.
 */
export interface RequestTrace {
  /** The trace's name: its file name without extension. */
  name: string;
  /** Number of requests. */
  count: number;
  /** Arrival time, seconds after the first request (so `arrival[0]` is 0); non-decreasing. */
  arrival: Float64Array;
  /** Prompt tokens. */
  inputTokens: Int32Array;
  /** Generated tokens. */
  outputTokens: Int32Array;
  /**
   * Tokens per prefix block behind `keys`: 512 for Mooncake; 0 when the trace carries no prefix
   * information (Azure), in which case every `keyCount` is 0.
   */
  blockTokens: number;
  /** Index in `keys` of request i's first block key. */
  keyOffset: Int32Array;
  /** Number of block keys of request i: `ceil(inputTokens[i] / blockTokens)` for Mooncake. */
  keyCount: Int32Array;
  /**
   * All requests' block keys, concatenated. A key names a block *and everything before it*, so
   * equal keys mean an equal prefix; keys are whole numbers exact in float64.
   */
  keys: Float64Array;
}

/** Options shared by the open-loop trace readers. */
export interface RequestTraceOptions {
  /** Read at most this many requests (from the start of the file). Default: all. */
  limit?: number;
}

/** Checks a `limit` option and returns it, Infinity when absent. */
export function checkLimit(limit: number | undefined): number {
  const value = limit ?? Infinity;
  if (!(value === Infinity || (Number.isInteger(value) && value >= 0))) throw new RangeError(`trace limit must be a whole number ≥ 0, got ${value}`);
  return value;
}
