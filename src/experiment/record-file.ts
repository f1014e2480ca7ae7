/**
 * A file of finished jobs: a magic header, then one length-prefixed, checksummed record per job
 * (its index and its encoded result). Checkpoints append to it as jobs finish, with an fsync per
 * record, so a `kill -9` loses at most the record being written; shard folders hold one in job
 * order. A torn or corrupt tail is recognised and ignored, never misread.
 */

import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { RunResult } from '../metrics/run-recorder.js';
import { decodeRunResult, encodeRunResult } from './result-codec.js';

const MAGIC = Buffer.from('FLEETSIM-JOBS-1\n', 'latin1');
/** Bytes before a record's payload: u32 payload length, u32 job index, 8 bytes of sha256. */
const RECORD_HEAD = 16;

/** One finished job. */
export interface JobRecord {
  job: number;
  result: RunResult;
}

function digest(payload: Uint8Array, job: number): Buffer {
  return createHash('sha256').update(payload).update(String(job)).digest().subarray(0, 8);
}

/** One record as bytes. */
export function encodeRecord(job: number, result: RunResult): Buffer {
  const payload = encodeRunResult(result);
  const head = Buffer.alloc(RECORD_HEAD);
  head.writeUInt32LE(payload.length, 0);
  head.writeUInt32LE(job, 4);
  digest(payload, job).copy(head, 8);
  return Buffer.concat([head, payload]);
}

/** A whole record file (header and records in the given order). */
export function encodeRecordFile(records: Iterable<JobRecord>): Buffer {
  const parts: Buffer[] = [MAGIC];
  for (const r of records) parts.push(encodeRecord(r.job, r.result));
  return Buffer.concat(parts);
}

/** What a record file holds: its intact records, and where they end (anything after is a torn tail). */
export interface RecordFileContents {
  records: JobRecord[];
  validBytes: number;
  /** Bytes after the last intact record (a write cut short by a kill). */
  tornBytes: number;
}

/** Reads a record file; a missing or empty file has no records. Throws when the file is not a record file. */
export function readRecordFile(path: string): RecordFileContents {
  if (!existsSync(path)) return { records: [], validBytes: 0, tornBytes: 0 };
  const bytes = readFileSync(path);
  if (bytes.length === 0) return { records: [], validBytes: 0, tornBytes: 0 };
  if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new Error(`${path} is not a fleetsim job record file`);
  }
  const records: JobRecord[] = [];
  let at = MAGIC.length;
  while (at + RECORD_HEAD <= bytes.length) {
    const len = bytes.readUInt32LE(at);
    const job = bytes.readUInt32LE(at + 4);
    const end = at + RECORD_HEAD + len;
    if (end > bytes.length) break;
    const payload = bytes.subarray(at + RECORD_HEAD, end);
    if (!digest(payload, job).equals(bytes.subarray(at + 8, at + 16))) break;
    records.push({ job, result: decodeRunResult(payload) });
    at = end;
  }
  return { records, validBytes: at, tornBytes: bytes.length - at };
}

/**
 * Appends records durably: each append is written and fsynced before it returns, so a job counts
 * as finished only once its result is on disk.
 */
export class RecordAppender {
  private fd: number;
  private offset: number;

  /** Opens `path` for appending after its first `validBytes` (a torn tail is cut off); creates it when missing. */
  constructor(readonly path: string, validBytes: number) {
    this.fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
    if (validBytes === 0) {
      ftruncateSync(this.fd, 0);
      writeSync(this.fd, MAGIC, 0, MAGIC.length, 0);
      fsyncSync(this.fd);
      this.offset = MAGIC.length;
    } else {
      ftruncateSync(this.fd, validBytes);
      this.offset = validBytes;
    }
  }

  /** Appends one finished job and waits for it to reach the disk. */
  append(job: number, result: RunResult): void {
    const rec = encodeRecord(job, result);
    let written = 0;
    while (written < rec.length) written += writeSync(this.fd, rec, written, rec.length - written, this.offset + written);
    this.offset += rec.length;
    fsyncSync(this.fd);
  }

  /** Closes the file. */
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
