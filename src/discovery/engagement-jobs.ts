/**
 * Ids of the station jobs goal engagements submit (lookups on discovery stations, identity checks
 * on verification stations). Open arrival streams count up from 0 and cohorts' tool calls use
 * −1 − (cohort·2^32 + agent) (src/agents/cohort.ts), far above −2^51; engagement jobs are
 * −2^51 − ((engagement·4 + kind)·2^32 + team), so the three never meet and a job id alone says
 * whose it is. Exact in float64 for up to 2^17 engagements of 2^32 teams.
 */

/** A registry lookup. */
export const LOOKUP_JOB = 1;
/** An identity (signature) check. */
export const CHECK_JOB = 2;

const BASE = 2 ** 51;
const SPAN = 4294967296;

/** The job id of `kind` for `team` of engagement `index`. */
export function engagementJobId(index: number, kind: number, team: number): number {
  return -BASE - ((index * 4 + kind) * SPAN + team);
}

/** Whether `job` is an engagement job. */
export function isEngagementJob(job: number): boolean {
  return job <= -BASE;
}

/** The engagement index of an engagement job. */
export function engagementJobIndex(job: number): number {
  return Math.floor(Math.floor((-BASE - job) / SPAN) / 4);
}

/** The kind (LOOKUP_JOB, CHECK_JOB) of an engagement job. */
export function engagementJobKind(job: number): number {
  return Math.floor((-BASE - job) / SPAN) % 4;
}

/** The team of an engagement job. */
export function engagementJobTeam(job: number): number {
  return (-BASE - job) % SPAN;
}
