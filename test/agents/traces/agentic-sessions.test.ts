import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAgenticSessions, readAgenticSessionsFromText } from '../../../src/agents/traces/index.js';

const DIR = 'scenarios/traces/agentic-sessions';

/**
 * Totals over the 14 files kept in the repository, computed independently with Python: walk each
 * file's `requests`, recursing into `type == "subagent"` entries (each a session); count sessions
 * and calls, sum `in`, `out` and len(hash_ids), count calls without `api_time`, and calls per model.
 */
const EXPECTED = {
  files: 14,
  sessions: 20,
  calls: 919,
  input: 84_066_538,
  output: 421_895,
  keys: 1_313_100,
  missingApiTime: 144,
  callsPerModel: {
    'claude-haiku-4-5-20251001': 44,
    'claude-opus-4-1-20250805': 90,
    'claude-opus-4-5-20251101': 458,
    'claude-opus-4-6': 112,
    'claude-sonnet-4-20250514': 65,
    'claude-sonnet-4-5-20250929': 150,
  },
};

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

describe('readAgenticSessions(scenarios/traces/agentic-sessions)', () => {
  const trace = readAgenticSessions(DIR);
  const session = (id: string): number => trace.sessionId.indexOf(id);

  it('has every session and call, with the totals Python finds', () => {
    expect(trace.name).toBe('agentic-sessions');
    expect(trace.sessions).toBe(EXPECTED.sessions);
    expect(trace.think).toHaveLength(EXPECTED.calls);
    expect(sum(trace.callCount)).toBe(EXPECTED.calls);
    expect(sum(trace.inputTokens)).toBe(EXPECTED.input);
    expect(sum(trace.outputTokens)).toBe(EXPECTED.output);
    expect(trace.keys).toHaveLength(EXPECTED.keys);
    expect(trace.apiTime.filter(Number.isNaN)).toHaveLength(EXPECTED.missingApiTime);
    expect(trace.blockTokens).toBe(64);
  });

  it('names six models, sorted, and maps each call to its own', () => {
    expect(trace.models).toEqual(Object.keys(EXPECTED.callsPerModel).sort());
    const counts = Object.fromEntries(trace.models.map((m, i) => [m, trace.modelTier.filter((t) => t === i).length]));
    expect(counts).toEqual(EXPECTED.callsPerModel);
  });

  it('reads a directory like the sorted list of its files', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort().map((f) => join(DIR, f));
    expect(files).toHaveLength(EXPECTED.files);
    const listed = readAgenticSessions(files);
    expect(listed.sessionId).toEqual(trace.sessionId);
    // Element by element: toEqual on a million-entry typed array takes seconds.
    expect(listed.keys.length === trace.keys.length && listed.keys.every((k, i) => k === trace.keys[i])).toBe(true);
  });

  it('lays calls out contiguously, each session after its parent', () => {
    let offset = 0;
    for (let s = 0; s < trace.sessions; s++) {
      expect(trace.callOffset[s]).toBe(offset);
      offset += trace.callCount[s];
      if (trace.parentSession[s] >= 0) expect(trace.parentSession[s]).toBeLessThan(s);
    }
    let keys = 0;
    for (let c = 0; c < trace.think.length; c++) {
      expect(trace.keyOffset[c]).toBe(keys);
      // Only full 64-token blocks are hashed.
      expect(trace.keyCount[c]).toBe(Math.floor(trace.inputTokens[c] / 64));
      keys += trace.keyCount[c];
    }
  });

  it('makes sub-agents sessions of their own, started ≈0.2 s after the parent call that launched them', () => {
    const top = session('trace_0254');
    const subs = trace.sessionId.filter((id) => id.startsWith('trace_0254/'));
    expect(subs).toEqual(['trace_0254/agent_001', 'trace_0254/agent_002', 'trace_0254/agent_003', 'trace_0254/agent_004', 'trace_0254/agent_005']);
    expect(trace.parentSession[top]).toBe(-1);
    expect(trace.parentCall[top]).toBe(-1);
    for (const id of subs) {
      const s = session(id);
      expect(trace.parentSession[s]).toBe(top);
      const pc = trace.parentCall[s];
      expect(pc).toBeGreaterThanOrEqual(trace.callOffset[top]);
      expect(pc).toBeLessThan(trace.callOffset[top] + trace.callCount[top]);
      expect(trace.sessionStart[s]).toBeGreaterThan(0.1);
      expect(trace.sessionStart[s]).toBeLessThan(0.3);
    }
    // agent_001: t = 137.013, duration_ms = 83993; parent call requests[1]: t = 30, api_time = 22.85.
    const a1 = session('trace_0254/agent_001');
    expect(trace.recordedDuration[a1]).toBeCloseTo(83.993, 9);
    expect(trace.sessionStart[a1]).toBeCloseTo(137.013 - 83.993 - (30 + 22.85), 9);
    expect(trace.parentCall[a1]).toBe(trace.callOffset[top] + 1);
    expect(trace.callCount[a1]).toBe(7);
    // trace_0014's only sub-agent follows the parent's 36th call (requests[35]).
    expect(trace.parentCall[session('trace_0014/agent_001')]).toBe(trace.callOffset[session('trace_0014')] + 35);
  });

  it("keeps each file's ids in its own key space, shared by its parent and sub-agents", () => {
    const keySet = (s: number): Set<number> => {
      const set = new Set<number>();
      for (let c = trace.callOffset[s]; c < trace.callOffset[s] + trace.callCount[s]; c++) {
        for (let k = trace.keyOffset[c]; k < trace.keyOffset[c] + trace.keyCount[c]; k++) set.add(trace.keys[k]);
      }
      return set;
    };
    const fileOf = (s: number): number => Math.floor(trace.keys[trace.keyOffset[trace.callOffset[s]]] / 2 ** 32);
    const tops = trace.sessionId.map((id, s) => (id.includes('/') ? -1 : s)).filter((s) => s >= 0);
    tops.forEach((s, i) => expect(fileOf(s)).toBe(i));
    // Files never share keys, although their raw ids overlap (every file numbers from 1).
    const owner = new Map<number, number>();
    let shared = 0;
    for (const s of tops) {
      for (const k of keySet(s)) {
        if ((owner.get(k) ?? s) !== s) shared++;
        owner.set(k, s);
      }
    }
    expect(shared).toBe(0);
    // Sub-agents never reuse the parent's blocks but share the sub-agent system prompt with each other.
    const parent = keySet(session('trace_0254'));
    const a1 = keySet(session('trace_0254/agent_001'));
    const a2 = keySet(session('trace_0254/agent_002'));
    expect([...a1].filter((k) => parent.has(k))).toHaveLength(0);
    expect([...a1].filter((k) => a2.has(k)).length).toBe(180);
    expect(fileOf(session('trace_0254/agent_001'))).toBe(fileOf(session('trace_0254')));
  });

  it('rebuilds a missing think_time from t and leaves a missing api_time NaN (trace_0211)', () => {
    // requests[0]: t = 0, no api_time; requests[1]: t = 16, no think_time.
    const c = trace.callOffset[session('trace_0211')];
    expect(trace.apiTime[c]).toBeNaN();
    expect(trace.think[c + 1]).toBe(16);
    expect(trace.apiTime[c + 1]).toBe(6.83);
    expect(trace.think[c + 2]).toBe(660);
  });
});

describe('readAgenticSessionsFromText', () => {
  it('reads a session with a nested sub-agent', () => {
    const text = JSON.stringify({
      id: 'tiny',
      block_size: 64,
      hash_id_scope: 'local',
      requests: [
        { t: 0, type: 'n', model: 'big', in: 130, out: 5, hash_ids: [1, 2], think_time: 0, api_time: 2 },
        { t: 7.5, type: 'subagent', agent_id: 'helper', duration_ms: 5000, requests: [{ t: 0, type: 's', model: 'small', in: 64, out: 3, hash_ids: [7], think_time: 0 }] },
        { t: 10, type: 's', model: 'big', in: 200, out: 9, hash_ids: [1, 2, 3], think_time: 8, api_time: 1.5 },
      ],
    });
    const t = readAgenticSessionsFromText(text, 'dir/tiny.json');
    expect(t.name).toBe('tiny');
    expect(t.sessionId).toEqual(['tiny', 'tiny/helper']);
    expect([...t.callOffset]).toEqual([0, 2]);
    expect([...t.callCount]).toEqual([2, 1]);
    expect([...t.parentSession]).toEqual([-1, 0]);
    expect([...t.parentCall]).toEqual([-1, 0]);
    // Started at 7.5 − 5 = 2.5 s, just as the parent call (t = 0, 2 s) ended: 0.5 s after it.
    expect([...t.sessionStart]).toEqual([0, 0.5]);
    expect(t.recordedDuration[1]).toBe(5);
    expect(t.models).toEqual(['big', 'small']);
    expect([...t.modelTier]).toEqual([0, 0, 1]);
    expect([...t.think]).toEqual([0, 8, 0]);
    expect([...t.apiTime]).toEqual([2, 1.5, NaN]);
    expect([...t.keys]).toEqual([1, 2, 1, 2, 3, 7]);
  });
});
