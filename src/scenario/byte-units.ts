/**
 * Byte sizes and bandwidths as a person writes them (`80GB`, `256GiB`, `25GB/s`, `3.35TB/s`),
 * resolved to bytes and bytes per second. Decimal prefixes are powers of 1000 (datasheets state
 * HBM and link speeds that way), binary ones (`KiB`, `MiB`, …) powers of 1024.
 */

import { describeValue } from './describe-value.js';
import { suggestionHint } from './did-you-mean.js';
import { finite, NUMBER_PATTERN as NUMBER, readNumber, type UnitParse } from './units.js';

/** Bytes per size unit. */
export const BYTE_UNITS: Readonly<Record<string, number>> = Object.freeze({
  B: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  PB: 1e15,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  PiB: 1024 ** 5,
});

const SIZE_RE = new RegExp(`^(${NUMBER})\\s*([A-Za-z]+)?$`);
const BANDWIDTH_RE = new RegExp(`^(${NUMBER})\\s*([A-Za-z]+)\\s*/\\s*s$`);

/** JSON Schema patterns accepting exactly what the parsers read. */
export const BYTE_PATTERNS = Object.freeze({
  bytes: `^\\s*${NUMBER}\\s*(?:${Object.keys(BYTE_UNITS).join('|')})?\\s*$`,
  bandwidth: `^\\s*${NUMBER}\\s*(?:(?:${Object.keys(BYTE_UNITS).join('|')})\\s*/\\s*s)?\\s*$`,
});

/** Phrases naming well-formed inputs, for `expected` in errors. */
export const BYTE_EXAMPLES = Object.freeze({ bytes: 'such as 80GB, 256GiB, 2TB', bandwidth: 'such as 25GB/s, 3.35TB/s' });

function sized(num: string, unit: string | undefined, input: string): UnitParse {
  if (unit === undefined) return finite(readNumber(num), `'${input}'`);
  const scale = BYTE_UNITS[unit];
  if (scale === undefined) {
    return { ok: false, problem: `'${input}' has an unknown size unit '${unit}'`, hint: suggestionHint(unit, Object.keys(BYTE_UNITS), 'size units') };
  }
  return finite(readNumber(num) * scale, `'${input}'`);
}

/** Reads a size: `80GB`, `256GiB`, `512MB`, or a bare number of bytes. */
export function parseBytes(input: unknown): UnitParse {
  if (typeof input === 'number') return finite(input, String(input));
  if (typeof input !== 'string') return { ok: false, problem: `${describeValue(input)} is not a size` };
  const text = input.trim();
  if (BANDWIDTH_RE.test(text)) return { ok: false, problem: `'${input}' is a bandwidth, not a size` };
  const m = SIZE_RE.exec(text);
  return m ? sized(m[1], m[2], input) : { ok: false, problem: `'${input}' is not a size` };
}

/** Reads a bandwidth: `25GB/s`, `3.35TB/s`, or a bare number of bytes per second. */
export function parseBandwidth(input: unknown): UnitParse {
  if (typeof input === 'number') return finite(input, String(input));
  if (typeof input !== 'string') return { ok: false, problem: `${describeValue(input)} is not a bandwidth` };
  const text = input.trim();
  const m = BANDWIDTH_RE.exec(text);
  if (m) return sized(m[1], m[2], input);
  const plain = SIZE_RE.exec(text);
  if (plain && plain[2] === undefined) return sized(plain[1], undefined, input);
  if (plain) return { ok: false, problem: `'${input}' is a size, not a bandwidth`, hint: `add the time unit: ${text}/s` };
  return { ok: false, problem: `'${input}' is not a bandwidth` };
}
