/**
 * Reader for the Azure LLM inference traces (Patel et al., "Splitwise", ISCA'24;
 * Azure/AzurePublicDataset, CC-BY-4.0): CSV with a header `TIMESTAMP,ContextTokens,GeneratedTokens`
 * and timestamps like `2023-11-16 18:17:03.9799600` (7 fractional digits, no zone). There is no
 * prefix information, so the trace has no block keys.
 */

import { UserError } from '../../errors.js';
import { Float64Column, Int32Column } from './growable-column.js';
import { readTraceFile, traceName } from './read-trace-file.js';
import { checkLimit, type RequestTrace, type RequestTraceOptions } from './request-trace.js';
import { MAX_TOKENS } from './trace-errors.js';

const COLUMNS = ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens'] as const;
const HEADER = COLUMNS.join(',');
/** Up to 9 fractional digits (ns) so files re-written with more or fewer digits still read exactly. */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const TIMESTAMP_EXPECTED = "a time like '2023-11-16 18:17:03.9799600': date, hh:mm:ss, up to 9 fractional digits, no zone";
const WHOLE = /^\d+$/;

/** Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's days_from_civil), in exact integer arithmetic. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** One CSV line, split; `firstCol` is the column its first field starts at (2 after a byte-order mark). */
interface Row {
  label: string;
  line: number;
  fields: string[];
  firstCol: number;
}

/** A `UserError` at field `i` of a row (fields never contain commas in this format, so columns are exact). */
function rowError(row: Row, i: number, path: string, message: string, expected: string): UserError {
  let col = row.firstCol;
  for (let k = 0; k < i; k++) col += row.fields[k].length + 1;
  return new UserError(message, { location: { file: row.label, line: row.line, col }, path, expected });
}

/** Reads an Azure LLM inference trace (`.csv`). Any malformed row is a `UserError` naming its file, line and column. */
export function readAzureTrace(path: string, opts: RequestTraceOptions = {}): RequestTrace {
  return readAzureTraceFromText(readTraceFile(path, 'an Azure LLM inference trace (.csv)'), path, opts);
}

/**
 * Parses Azure trace CSV from text; `label` names the file in errors and gives the trace name.
 * Arrival is seconds after the first row, computed as an integer count of nanoseconds (never through
 * `Date`, which would drop everything below a millisecond), so the only rounding is the final
 * division. Rows must be in time order (ties allowed). Blank lines are skipped; columns
 * are found by header name, so extra columns are ignored.
 */
export function readAzureTraceFromText(text: string, label: string, opts: RequestTraceOptions = {}): RequestTrace {
  const limit = checkLimit(opts.limit);
  // The published files average ~37 bytes per row; starting near the final size avoids most regrowth.
  const guess = Math.min(limit, Math.ceil(text.length / 30) + 16);
  const arrival = new Float64Column(guess);
  const inputTokens = new Int32Column(guess);
  const outputTokens = new Int32Column(guess);

  // A UTF-8 byte-order mark is common in CSV written by spreadsheet tools.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let index: number[] | undefined;
  let lastIndex = 0;
  let firstSecond = 0;
  let firstNanos = 0;
  let prevSecond = -Infinity;
  let prevNanos = 0;
  let prevText = '';
  let line = 0;
  for (let pos = bom; pos < text.length && (index === undefined || arrival.length < limit); ) {
    line++;
    const newline = text.indexOf('\n', pos);
    let end = newline === -1 ? text.length : newline;
    if (end > pos && text.charCodeAt(end - 1) === 0x0d) end--;
    const row: Row = { label, line, fields: text.slice(pos, end).split(','), firstCol: line === 1 ? 1 + bom : 1 };
    pos = newline === -1 ? text.length : newline + 1;
    if (row.fields.length === 1 && row.fields[0].trim() === '') continue;

    if (index === undefined) {
      const names = row.fields.map((f) => f.trim());
      const found = COLUMNS.map((c) => names.indexOf(c));
      const missing = COLUMNS.filter((_, k) => found[k] < 0);
      if (missing.length > 0) throw rowError(row, 0, 'header', `the header lacks ${missing.join(', ')}`, `a first line naming the columns: ${HEADER}`);
      index = found;
      lastIndex = Math.max(...found);
      continue;
    }
    if (row.fields.length <= lastIndex) throw rowError(row, 0, 'row', `has ${row.fields.length} fields`, `${index.length} comma-separated values: ${HEADER}`);

    const stamp = row.fields[index[0]].trim();
    const m = TIMESTAMP.exec(stamp);
    if (!m) throw rowError(row, index[0], COLUMNS[0], `got '${stamp}'`, TIMESTAMP_EXPECTED);
    const [year, month, day, hour, minute, sec] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || sec > 59) {
      throw rowError(row, index[0], COLUMNS[0], `'${stamp}' is not a valid date and time`, TIMESTAMP_EXPECTED);
    }
    // Whole seconds since 1970 stay far below 2^53 and the fraction is an integer count of ns: both exact.
    const second = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + sec;
    const nanos = m[7] === undefined ? 0 : Number(m[7].padEnd(9, '0'));
    if (second < prevSecond || (second === prevSecond && nanos < prevNanos)) {
      throw rowError(row, index[0], COLUMNS[0], `goes back in time to ${stamp}`, `rows in arrival order: a time ≥ ${prevText}, the previous row's; ties are fine`);
    }
    if (arrival.length === 0) {
      firstSecond = second;
      firstNanos = nanos;
    }
    prevSecond = second;
    prevNanos = nanos;
    prevText = stamp;

    const context = row.fields[index[1]].trim();
    if (!WHOLE.test(context) || Number(context) > MAX_TOKENS) throw rowError(row, index[1], COLUMNS[1], `got '${context}'`, 'prompt tokens, a whole number ≥ 0');
    const generated = row.fields[index[2]].trim();
    if (!WHOLE.test(generated) || Number(generated) > MAX_TOKENS) throw rowError(row, index[2], COLUMNS[2], `got '${generated}'`, 'generated tokens, a whole number ≥ 0');

    // One rounding only: the ns count is an exact integer for spans under 104 days (2^53 ns).
    arrival.push(((second - firstSecond) * 1e9 + (nanos - firstNanos)) / 1e9);
    inputTokens.push(Number(context));
    outputTokens.push(Number(generated));
  }
  if (index === undefined) throw new UserError('the file is empty', { location: { file: label, line: 1, col: 1 }, expected: `a header line ${HEADER}, then one row per request` });

  const count = arrival.length;
  return {
    name: traceName(label),
    count,
    arrival: arrival.finish(),
    inputTokens: inputTokens.finish(),
    outputTokens: outputTokens.finish(),
    blockTokens: 0,
    keyOffset: new Int32Array(count),
    keyCount: new Int32Array(count),
    keys: new Float64Array(0),
  };
}
