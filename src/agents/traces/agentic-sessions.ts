/**
 * Reader for agentic coding sessions in the kv-cache-tester format (callanjfox/kv-cache-tester,
 * traces/): one JSON file per session, `{id, block_size: 64, hash_id_scope: "local", requests: [...]}`.
 * A request is a model call (`type` `n` or `s`) with `t`, `model`, `in`, `out`, `hash_ids`,
 * `think_time`, `api_time`, or a sub-agent (`type: "subagent"`) with its own `requests`.
 *
 * What the published files show, and how it is read:
 * - Block ids come from one counter per *file*: a sub-agent's ids never collide with its parent's,
 *   and sibling sub-agents share ids exactly where their prompts are equal (the sub-agent system
 *   prompt: 106 to 180 identical leading blocks in trace_0254). So each file gets its own key space
 *   (key = fileIndex·2³² + id) shared by the file's parent and sub-agent sessions.
 * - A sub-agent entry's `t` is when it *finished*: `t − duration_ms/1000` falls ≈0.2 s after the
 *   parent call before it ended (`t + api_time`). That gives `sessionStart`; and the parent's next
 *   `think_time` spans the sub-agents' run.
 * - `hash_ids` hold full 64-token blocks only (`floor(in/64)` ids).
 * - Some streaming calls lack `api_time` (NaN here) and one lacks `think_time`; a missing
 *   `think_time` is rebuilt from `t` as the gap since the previous call ended (`t + api_time`,
 *   its start when `api_time` is missing too), never below 0.
 */

import { basename, dirname } from 'node:path';
import { UserError } from '../../errors.js';
import { Float64Column, Int32Column } from './growable-column.js';
import type { JsonPath } from './json-position.js';
import { isDirectory, listTraceFiles, readTraceFile, traceName } from './read-trace-file.js';
import type { SessionTrace } from './session-trace.js';
import { isJsonObject, isWholeNumber, jsonFieldError, jsonSyntaxError, MAX_TOKENS, type JsonSpan } from './trace-errors.js';

/** One session file's text and the name it goes by in errors. */
export interface SessionFileText {
  label: string;
  text: string;
}

const BLOCK_TOKENS = 64;
/** Ids are namespaced as fileIndex·2³² + id; float64 holds that exactly while fileIndex < 2²¹. */
const ID_SPACE = 2 ** 32;
const MAX_FILES = 2 ** 21;
const WHAT = 'a kv-cache-tester session: {"id": ..., "block_size": 64, "hash_id_scope": "local", "requests": [...]}';
const EXPECTED_FILE = 'a session .json file, or a directory of them';

/**
 * Reads agentic sessions from a list of `.json` files, or from every `.json` file in a directory
 * (sorted by name). Missing paths and malformed files are `UserError`s naming file, line, column
 * and field.
 */
export function readAgenticSessions(paths: readonly string[] | string): SessionTrace {
  let files: readonly string[];
  let name: string;
  if (typeof paths === 'string') {
    files = isDirectory(paths, EXPECTED_FILE) ? listTraceFiles(paths, '.json', EXPECTED_FILE) : [paths];
    name = traceName(paths);
  } else {
    if (paths.length === 0) throw new UserError('no session files given', { expected: EXPECTED_FILE });
    files = paths;
    name = paths.length === 1 ? traceName(paths[0]) : basename(dirname(paths[0]));
  }
  return readAgenticSessionsFromTexts(
    files.map((label) => ({ label, text: readTraceFile(label, 'a kv-cache-tester session (.json)') })),
    name,
  );
}

/** Parses one session file from text; `label` names it in errors and gives the trace name. */
export function readAgenticSessionsFromText(text: string, label: string): SessionTrace {
  return readAgenticSessionsFromTexts([{ label, text }], traceName(label));
}

/** Parses several session files from text, in the order given (which fixes session indices and key spaces). */
export function readAgenticSessionsFromTexts(files: readonly SessionFileText[], name: string): SessionTrace {
  if (files.length >= MAX_FILES) throw new UserError(`too many session files (${files.length})`, { expected: `fewer than ${MAX_FILES} files, so block keys stay exact` });
  const b = new SessionColumns();
  files.forEach((f, i) => readFile(b, f, i));
  return b.finish(name);
}

/** The columns being built, across files. */
class SessionColumns {
  readonly sessionId: string[] = [];
  readonly sessionStart = new Float64Column(64);
  readonly recordedDuration = new Float64Column(64);
  readonly callOffset = new Int32Column(64);
  readonly callCount = new Int32Column(64);
  readonly parentSession = new Int32Column(64);
  readonly parentCall = new Int32Column(64);
  readonly think = new Float64Column();
  readonly inputTokens = new Int32Column();
  readonly outputTokens = new Int32Column();
  /** Index in order of first appearance; remapped to sorted order in `finish`. */
  readonly model = new Int32Column();
  readonly modelIndex = new Map<string, number>();
  readonly apiTime = new Float64Column();
  readonly keyOffset = new Int32Column();
  readonly keyCount = new Int32Column();
  readonly keys = new Float64Column(1 << 16);

  finish(name: string): SessionTrace {
    const models = [...this.modelIndex.keys()].sort();
    const rank = new Int32Array(models.length);
    for (const [m, i] of this.modelIndex) rank[i] = models.indexOf(m);
    const modelTier = this.model.finish();
    for (let c = 0; c < modelTier.length; c++) modelTier[c] = rank[modelTier[c]];
    return {
      name,
      sessions: this.sessionId.length,
      blockTokens: BLOCK_TOKENS,
      sessionId: this.sessionId,
      sessionStart: this.sessionStart.finish(),
      recordedDuration: this.recordedDuration.finish(),
      callOffset: this.callOffset.finish(),
      callCount: this.callCount.finish(),
      parentSession: this.parentSession.finish(),
      parentCall: this.parentCall.finish(),
      think: this.think.finish(),
      inputTokens: this.inputTokens.finish(),
      outputTokens: this.outputTokens.finish(),
      modelTier,
      models,
      apiTime: this.apiTime.finish(),
      keyOffset: this.keyOffset.finish(),
      keyCount: this.keyCount.finish(),
      keys: this.keys.finish(),
    };
  }
}

/** A session waiting to be read: its requests and where it hangs in the tree. */
interface PendingSession {
  id: string;
  requests: unknown[];
  path: JsonPath;
  parentSession: number;
  parentCall: number;
  start: number;
  duration: number;
}

function optionalSeconds(span: JsonSpan, entry: Record<string, unknown>, key: string, path: JsonPath, what: string): number {
  const v = entry[key];
  if (v === undefined) return NaN;
  if (typeof v !== 'number' || v < 0) throw jsonFieldError(span, [...path, key], v, `${what}: a number ≥ 0, or no field`);
  return v;
}

/**
 * Reads one file: its top-level session first, then its sub-agents breadth first, so each
 * session's calls stay contiguous in the per-call columns.
 */
function readFile(b: SessionColumns, file: SessionFileText, fileIndex: number): void {
  const span: JsonSpan = { file: file.label, text: file.text, start: 0, end: file.text.length, line: 1 };
  let root: unknown;
  try {
    root = JSON.parse(file.text);
  } catch {
    throw jsonSyntaxError(span, WHAT);
  }
  if (!isJsonObject(root)) throw jsonFieldError(span, [], root, WHAT, 'the file must hold one JSON object');
  if (root.block_size !== undefined && root.block_size !== BLOCK_TOKENS) {
    throw jsonFieldError(span, ['block_size'], root.block_size, `${BLOCK_TOKENS}: tokens per hash_ids block, the only size supported`);
  }
  if (root.hash_id_scope !== undefined && root.hash_id_scope !== 'local') {
    throw jsonFieldError(span, ['hash_id_scope'], root.hash_id_scope, "'local': ids numbered per file, the only scope supported");
  }
  if (!Array.isArray(root.requests)) throw jsonFieldError(span, ['requests'], root.requests, 'a list of requests');
  const stem = typeof root.id === 'string' && root.id !== '' ? root.id : traceName(file.label);
  const keyBase = fileIndex * ID_SPACE;

  const queue: PendingSession[] = [{ id: stem, requests: root.requests, path: ['requests'], parentSession: -1, parentCall: -1, start: 0, duration: NaN }];
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q];
    const session = b.sessionId.length;
    const firstCall = b.think.length;
    b.sessionId.push(s.id);
    b.sessionStart.push(s.start);
    b.recordedDuration.push(s.duration);
    b.callOffset.push(firstCall);
    b.parentSession.push(s.parentSession);
    b.parentCall.push(s.parentCall);

    // End of the previous call on this session's timeline (its start when api_time is missing).
    let previousEnd = 0;
    let previousCall = -1;
    let subagents = 0;
    s.requests.forEach((entry, k) => {
      const path = [...s.path, k];
      if (!isJsonObject(entry)) throw jsonFieldError(span, path, entry, 'a request object');
      const t = entry.t;
      if (typeof t !== 'number' || t < 0) throw jsonFieldError(span, [...path, 't'], t, 'seconds from the session start, a number ≥ 0');
      const type = entry.type;

      if (type === 'subagent') {
        subagents++;
        if (!Array.isArray(entry.requests)) throw jsonFieldError(span, [...path, 'requests'], entry.requests, "the sub-agent's own list of requests");
        const ms = optionalSeconds(span, entry, 'duration_ms', path, 'how long the sub-agent ran, ms');
        const startedAt = Number.isNaN(ms) ? t : t - ms / 1000;
        queue.push({
          id: `${stem}/${typeof entry.agent_id === 'string' ? entry.agent_id : `subagent_${subagents}`}`,
          requests: entry.requests,
          path: [...path, 'requests'],
          parentSession: session,
          parentCall: previousCall,
          // Timestamps are rounded to whole seconds, so a start a little before the parent's end means "right after it".
          start: Math.max(0, startedAt - previousEnd),
          duration: ms / 1000,
        });
        return;
      }
      if (type !== 'n' && type !== 's') throw jsonFieldError(span, [...path, 'type'], type, "'n' for a call, 's' for a streamed call, or 'subagent'");

      const input = entry.in;
      if (!isWholeNumber(input, 0, MAX_TOKENS)) throw jsonFieldError(span, [...path, 'in'], input, 'prompt tokens, a whole number ≥ 0');
      const output = entry.out;
      if (!isWholeNumber(output, 0, MAX_TOKENS)) throw jsonFieldError(span, [...path, 'out'], output, 'generated tokens, a whole number ≥ 0');
      const model = entry.model;
      if (typeof model !== 'string' || model === '') throw jsonFieldError(span, [...path, 'model'], model, 'the model name, text');
      const ids = entry.hash_ids;
      if (!Array.isArray(ids)) throw jsonFieldError(span, [...path, 'hash_ids'], ids, `a list of block ids, one per ${BLOCK_TOKENS}-token block of the prompt`);
      const maxBlocks = Math.ceil(input / BLOCK_TOKENS);
      if (ids.length > maxBlocks) {
        throw jsonFieldError(span, [...path, 'hash_ids'], ids, `at most ${maxBlocks} ids for in = ${input}: one per ${BLOCK_TOKENS}-token block`, `has ${ids.length} ids`);
      }
      const thinkTime = optionalSeconds(span, entry, 'think_time', path, 'seconds before this call');
      const apiTime = optionalSeconds(span, entry, 'api_time', path, 'seconds the call took');

      b.think.push(Number.isNaN(thinkTime) ? Math.max(0, t - previousEnd) : thinkTime);
      b.inputTokens.push(input);
      b.outputTokens.push(output);
      let tier = b.modelIndex.get(model);
      if (tier === undefined) b.modelIndex.set(model, (tier = b.modelIndex.size));
      b.model.push(tier);
      b.apiTime.push(apiTime);
      b.keyOffset.push(b.keys.length);
      b.keyCount.push(ids.length);
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        if (!isWholeNumber(id, 0, ID_SPACE - 1)) throw jsonFieldError(span, [...path, 'hash_ids', i], id, `a block id: a whole number from 0 to ${ID_SPACE - 1}`);
        b.keys.push(keyBase + id);
      }
      previousCall = b.think.length - 1;
      previousEnd = t + (Number.isNaN(apiTime) ? 0 : apiTime);
    });
    b.callCount.push(b.think.length - firstCall);
  }
}
