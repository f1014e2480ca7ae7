/**
 * Closed-loop agent sessions as columns. Unlike open-loop requests, a session's next call waits for
 * its previous one, so what is recorded is the *gap* (`think`) rather than an arrival time.
 */

/**
 * Closed-loop sessions: call j of a session is issued `think[j]` seconds after call j−1 of the same
 * session finished; the first call is issued `think[first]` after the session starts (0 in all
 * recorded data). Per-session columns have `sessions` entries; per-call columns have one entry per
 * call, each session's calls contiguous from `callOffset[s]`.
 *
 * Sub-agents are sessions of their own: `parentSession[s]` is the session that launched them and
 * `parentCall[s]` the call (a global call index) whose tool use did. In the recorded traces the
 * parent's next call came only after its sub-agents finished and its `think` includes that wait.
 */
export interface SessionTrace {
  /** The trace's name: the directory name, or the file name without extension for one file. */
  name: string;
  /** Number of sessions, top-level and sub-agent. */
  sessions: number;
  /** Tokens per prefix block behind `keys` (the kv-cache-tester format hashes 64-token blocks). */
  blockTokens: 64;

  /** Per session: a readable id, `trace_0254` or `trace_0254/agent_001` for a sub-agent. */
  sessionId: string[];
  /**
   * Per session: when it starts, seconds. 0 for top-level sessions (the replay decides when each
   * begins). For a sub-agent, seconds after its parent call *finished* (≈0.2 s in the recorded data).
   */
  sessionStart: Float64Array;
  /** Per session: how long a sub-agent ran in production, seconds; NaN for top-level sessions or when not recorded. */
  recordedDuration: Float64Array;
  /** Per session: index of its first call in the per-call columns. */
  callOffset: Int32Array;
  /** Per session: number of calls. */
  callCount: Int32Array;
  /** Per session: the session that launched this sub-agent; -1 for top level. */
  parentSession: Int32Array;
  /** Per session: global index of the parent call that launched this sub-agent; -1 for top level (or no call before it). */
  parentCall: Int32Array;

  /** Per call: seconds before this call (after the previous call of the session finished, or after the session start). */
  think: Float64Array;
  /** Per call: prompt tokens (the whole re-sent context). */
  inputTokens: Int32Array;
  /** Per call: generated tokens. */
  outputTokens: Int32Array;
  /** Per call: index into `models`. */
  modelTier: Int32Array;
  /** Model names seen, sorted by name so that an index does not depend on which files were read first. */
  models: string[];
  /** Per call: seconds the call took in production; NaN when not recorded (many streaming calls). */
  apiTime: Float64Array;
  /** Per call: index in `keys` of the call's first block key. */
  keyOffset: Int32Array;
  /** Per call: number of block keys (full 64-token blocks only: `floor(in / 64)` in the recorded data). */
  keyCount: Int32Array;
  /**
   * All calls' block keys, concatenated. Ids in the files are local to a file, so each file gets its
   * own key space: key = fileIndex·2³² + id (exact in float64 for fileIndex < 2²¹).
   */
  keys: Float64Array;
}
