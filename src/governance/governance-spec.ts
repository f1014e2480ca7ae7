/**
 * What a cohort's governance is (DESIGN.md, "Coordination, discovery, governance"): which of its
 * agents' actions are policy-relevant, how many of those would violate a policy, and how
 * violations are caught — by rules the agent keeps in its own context (`runtime-memory`), by an
 * external policy service it consults now and then (`external`), or not at all (`none`).
 * The scenario schema (`scenario/governance-schema.ts`) builds these; `Governance` runs them.
 */

/** Governance modes. */
export const GOVERNANCE_MODES = ['none', 'runtime-memory', 'external'] as const;
export type GovernanceMode = (typeof GOVERNANCE_MODES)[number];

/** The external policy service of `external` mode. */
export interface ExternalPolicySpec {
  /** Station that serves the checks (its servers, service time and queue are the check latency). */
  readonly station: string;
  /** Probability that the agent consults the service before a policy-relevant action. */
  readonly consult: number;
  /** Probability that a consulted check catches a violation. */
  readonly catchRate: number;
  /** Tokens of the service's verdict appended to the agent's context after each check. */
  readonly response: number;
}

/** A cohort's governance. */
export interface GovernanceSpec {
  readonly mode: GovernanceMode;
  /** Share of actions (subtask attempts) that are policy-relevant: governance events. */
  readonly share: number;
  /** Share of policy-relevant actions that would violate a policy if nothing stopped them. */
  readonly violationRate: number;
  /** runtime-memory: tokens of rules kept in the agent's context (in the shared, cached prefix). */
  readonly rules: number;
  /** runtime-memory: probability that the agent, checking its action against the rules, catches a violation. */
  readonly catchRate: number;
  /** external: the policy service; null in the other modes. */
  readonly external: ExternalPolicySpec | null;
}

/** Prompt tokens the governance adds to every model call of the cohort (the rules of runtime-memory). */
export function governancePromptTokens(g: GovernanceSpec | null): number {
  return g !== null && g.mode === 'runtime-memory' ? g.rules : 0;
}
