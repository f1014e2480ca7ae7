/**
 * Reader for Mooncake traces (Moonshot AI / Kimi, Qin et al., FAST'25): JSON Lines of
 * `{timestamp (ms), input_length, output_length, hash_ids}`, one id per 512-token prompt block, each
 * id a hash of the block and all blocks before it. The ids are global to a file and prefix-chained,
 * so they are used as cache keys as they are.
 */

import { Float64Column, Int32Column } from './growable-column.js';
import { readTraceFile, traceName } from './read-trace-file.js';
import { checkLimit, type RequestTrace, type RequestTraceOptions } from './request-trace.js';
import { isJsonObject, isWholeNumber, jsonFieldError, jsonSyntaxError, MAX_TOKENS, type JsonSpan } from './trace-errors.js';

/** Options of {@link readMooncakeTrace}. */
export interface MooncakeTraceOptions extends RequestTraceOptions {
  /** Tokens per `hash_ids` block. Default 512, the block size of every published Mooncake trace. */
  blockTokens?: number;
}

const WHAT = 'one JSON object per line: {"timestamp": ms, "input_length": n, "output_length": n, "hash_ids": [...]}';

/** Reads a Mooncake `.jsonl` trace. Any malformed line is a `UserError` naming its file, line and column. */
export function readMooncakeTrace(path: string, opts: MooncakeTraceOptions = {}): RequestTrace {
  return readMooncakeTraceFromText(readTraceFile(path, 'a Mooncake trace (.jsonl)'), path, opts);
}

/**
 * Parses Mooncake JSON Lines from text; `label` names the file in errors and gives the trace name.
 * Timestamps (ms) become seconds after the first request; ties keep file order (the conversation
 * trace rounds timestamps to ≈3 s, so most requests share one), but a timestamp may not go back.
 * Blank lines are skipped.
 */
export function readMooncakeTraceFromText(text: string, label: string, opts: MooncakeTraceOptions = {}): RequestTrace {
  const limit = checkLimit(opts.limit);
  const blockTokens = opts.blockTokens ?? 512;
  if (!(Number.isInteger(blockTokens) && blockTokens >= 1)) throw new RangeError(`blockTokens must be a whole number ≥ 1, got ${blockTokens}`);

  // The published traces average ~250 bytes per line; starting near the final size avoids most regrowth.
  const guess = Math.min(limit, Math.ceil(text.length / 200) + 16);
  const arrival = new Float64Column(guess);
  const inputTokens = new Int32Column(guess);
  const outputTokens = new Int32Column(guess);
  const keyOffset = new Int32Column(guess);
  const keyCount = new Int32Column(guess);
  const keys = new Float64Column(guess * 16);

  let first = 0;
  let previous = -Infinity;
  let line = 0;
  for (let pos = 0; pos < text.length && arrival.length < limit; ) {
    line++;
    const newline = text.indexOf('\n', pos);
    const next = newline === -1 ? text.length : newline + 1;
    let end = newline === -1 ? text.length : newline;
    if (end > pos && text.charCodeAt(end - 1) === 0x0d) end--;
    const span: JsonSpan = { file: label, text, start: pos, end, line };
    pos = next;
    if (span.end === span.start) continue;

    let row: unknown;
    try {
      row = JSON.parse(text.slice(span.start, span.end));
    } catch {
      if (/^\s*$/.test(text.slice(span.start, span.end))) continue;
      throw jsonSyntaxError(span, WHAT);
    }
    if (!isJsonObject(row)) throw jsonFieldError(span, [], row, WHAT, 'each line must be a JSON object');

    const timestamp = row.timestamp;
    if (typeof timestamp !== 'number') throw jsonFieldError(span, ['timestamp'], timestamp, 'milliseconds since the trace started, a number');
    if (timestamp < previous) {
      throw jsonFieldError(span, ['timestamp'], timestamp, `requests in arrival order: a time ≥ ${previous} ms, the previous line's; ties are fine`, `goes back in time to ${timestamp} ms`);
    }
    if (arrival.length === 0) first = timestamp;
    previous = timestamp;

    const input = row.input_length;
    if (!isWholeNumber(input, 0, MAX_TOKENS)) throw jsonFieldError(span, ['input_length'], input, 'prompt tokens, a whole number ≥ 0');
    const output = row.output_length;
    if (!isWholeNumber(output, 0, MAX_TOKENS)) throw jsonFieldError(span, ['output_length'], output, 'generated tokens, a whole number ≥ 0');

    const ids = row.hash_ids;
    if (!Array.isArray(ids)) throw jsonFieldError(span, ['hash_ids'], ids, `a list of block ids, one per ${blockTokens}-token block of the prompt`);
    const blocks = Math.ceil(input / blockTokens);
    if (ids.length !== blocks) {
      throw jsonFieldError(span, ['hash_ids'], ids, `${blocks} ids for input_length ${input}: one per ${blockTokens}-token block, the last one partial`, `has ${ids.length} ids`);
    }
    keyOffset.push(keys.length);
    keyCount.push(blocks);
    for (let i = 0; i < blocks; i++) {
      const id = ids[i];
      if (!isWholeNumber(id, 0, Number.MAX_SAFE_INTEGER)) throw jsonFieldError(span, ['hash_ids', i], id, 'a block id: a whole number ≥ 0');
      keys.push(id);
    }
    arrival.push((timestamp - first) / 1000);
    inputTokens.push(input);
    outputTokens.push(output);
  }

  return {
    name: traceName(label),
    count: arrival.length,
    arrival: arrival.finish(),
    inputTokens: inputTokens.finish(),
    outputTokens: outputTokens.finish(),
    blockTokens,
    keyOffset: keyOffset.finish(),
    keyCount: keyCount.finish(),
    keys: keys.finish(),
  };
}
