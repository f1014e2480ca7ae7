/**
 * A run result as bytes, for checkpoints and shard folders: the structure as JSON, typed arrays as
 * raw little-endian blocks after it. Every bit of every number survives (NaN payloads, -0), so
 * tables rebuilt from decoded results are byte-identical to tables built from the originals. The
 * codec knows nothing of `RunResult`'s fields, so fields added later are carried without a change here.
 *
 * Layout: u32 text length, u32 block count, u32 byte length per block, the JSON text, then each
 * block starting on an 8-byte boundary.
 */

import type { RunResult } from '../metrics/run-recorder.js';

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedKind = keyof typeof TYPED;
type AnyTyped = InstanceType<(typeof TYPED)[TypedKind]>;

function typedKind(v: unknown): TypedKind | undefined {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return undefined;
  const name = v.constructor.name;
  return name in TYPED ? (name as TypedKind) : undefined;
}

const align8 = (n: number) => (n + 7) & ~7;

interface BlockRef {
  $typed: TypedKind;
  $block: number;
}

/** Encodes a value made of plain data (objects, arrays, strings, numbers, booleans, null) and typed arrays. */
export function encodeValue(value: unknown): Uint8Array {
  const blocks: Uint8Array[] = [];
  const json = JSON.stringify(value, (_key, v: unknown) => {
    const kind = typedKind(v);
    if (kind) {
      const t = v as AnyTyped;
      blocks.push(new Uint8Array(t.buffer, t.byteOffset, t.byteLength));
      return { $typed: kind, $block: blocks.length - 1 } satisfies BlockRef;
    }
    // JSON has no NaN, ±Infinity or -0; results have all of them (a wait with no customers is NaN).
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { $number: Object.is(v, -0) ? '-0' : String(v) };
    return v;
  });
  const text = new TextEncoder().encode(json ?? 'null');
  const head = 8 + 4 * blocks.length;
  let size = align8(head + text.length);
  const offsets = blocks.map((b) => {
    const at = size;
    size = align8(size + b.byteLength);
    return at;
  });
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, text.length, true);
  view.setUint32(4, blocks.length, true);
  blocks.forEach((b, i) => view.setUint32(8 + 4 * i, b.byteLength, true));
  out.set(text, head);
  blocks.forEach((b, i) => out.set(b, offsets[i]));
  return out;
}

/** Decodes what {@link encodeValue} wrote; typed arrays come back as fresh, aligned copies. */
export function decodeValue(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const textLen = view.getUint32(0, true);
  const count = view.getUint32(4, true);
  const head = 8 + 4 * count;
  const starts: number[] = [];
  const lengths: number[] = [];
  let at = align8(head + textLen);
  for (let i = 0; i < count; i++) {
    const len = view.getUint32(8 + 4 * i, true);
    starts.push(at), lengths.push(len);
    at = align8(at + len);
  }
  if (at > bytes.byteLength) throw new Error('result codec: record is shorter than its blocks');
  const json = new TextDecoder().decode(bytes.subarray(head, head + textLen));
  return JSON.parse(json, (_key, v: unknown) => {
    if (v && typeof v === 'object' && '$typed' in v) {
      const ref = v as BlockRef;
      const start = bytes.byteOffset + starts[ref.$block];
      const copy = bytes.buffer.slice(start, start + lengths[ref.$block]);
      return new TYPED[ref.$typed](copy as ArrayBuffer);
    }
    if (v && typeof v === 'object' && '$number' in v) {
      const n = (v as { $number: string }).$number;
      return n === '-0' ? -0 : Number(n);
    }
    return v;
  }) as unknown;
}

/** Encodes a run result. */
export function encodeRunResult(result: RunResult): Uint8Array {
  return encodeValue(result);
}

/** Decodes a run result. */
export function decodeRunResult(bytes: Uint8Array): RunResult {
  return decodeValue(bytes) as RunResult;
}
