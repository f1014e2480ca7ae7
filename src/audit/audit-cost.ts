/**
 * The price of auditable evidence: every transaction appends one record of `recordBytes` to an
 * append-only log kept for `retention`. At a steady rate of r records per second the log grows by
 * r·recordBytes·86400 bytes a day and, once records start expiring, holds
 * r·recordBytes·retention bytes — the size that is billed every month. One record costs
 * recordBytes · usdPerGbMonth · retention/month over its life.
 */
import type { AuditSpec } from '../scenario/discovery-schema.js';

/** Seconds in an average month (365.25 / 12 days), for $/GB-month. */
export const MONTH_S = (365.25 / 12) * 86400;

/** What an audit log costs at a steady rate of records. */
export interface AuditCost {
  /** Bytes appended per day. */
  bytesPerDay: number;
  /** Bytes held once retention is reached (steady state). */
  logBytes: number;
  /** USD per month of storing the steady-state log. */
  storageUsdPerMonth: number;
  /** USD one record costs over its retention. */
  usdPerRecord: number;
}

/** The audit log's cost at `recordsPerS` records per second. */
export function auditCost(spec: AuditSpec, recordsPerS: number): AuditCost {
  const bytesPerS = recordsPerS * spec.recordBytes;
  const logBytes = bytesPerS * spec.retention;
  return {
    bytesPerDay: bytesPerS * 86400,
    logBytes,
    storageUsdPerMonth: (logBytes / 1e9) * spec.usdPerGbMonth,
    usdPerRecord: (spec.recordBytes / 1e9) * spec.usdPerGbMonth * (spec.retention / MONTH_S),
  };
}
