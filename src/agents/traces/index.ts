/**
 * Real workload traces: open-loop request streams (Mooncake, Azure) and closed-loop agentic
 * sessions (kv-cache-tester), read into typed columns. Copies of the published traces, with their
 * licences, are in `scenarios/traces/`.
 */

export type { RequestTrace, RequestTraceOptions } from './request-trace.js';
export type { SessionTrace } from './session-trace.js';
export { readMooncakeTrace, readMooncakeTraceFromText, type MooncakeTraceOptions } from './mooncake.js';
export { readAzureTrace, readAzureTraceFromText } from './azure.js';
export {
  readAgenticSessions,
  readAgenticSessionsFromText,
  readAgenticSessionsFromTexts,
  type SessionFileText,
} from './agentic-sessions.js';
