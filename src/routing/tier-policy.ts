/**
 * Tier policies: which model tier (a big-model LLM pool or a small-model SLM pool) serves an agent's
 * model call. A policy decides twice: where a call goes first, and — once a small-model call is
 * done and its outcome known to the simulator — whether a verifier flags it for the big model
 * (Belcak et al., "Small Language Models are the Future of Agentic AI", arXiv:2506.02153: SLMs by
 * default, LLMs selectively).
 *
 * Policies never draw random numbers themselves: the caller passes uniforms that belong to the
 * call (drawn with the goal, whatever the policy), so two designs compared in one sweep judge the
 * same calls with the same luck (common random numbers).
 */

/** The names scenarios use. */
export const TIER_POLICIES = ['llm-only', 'slm-only', 'cascade', 'classifier', 'budget-aware'] as const;
export type TierPolicyName = (typeof TIER_POLICIES)[number];

/** Tier numbers. */
export const LLM = 0;
export const SLM = 1;
export type Tier = typeof LLM | typeof SLM;

/** Which tiers a policy may send calls to (the scenario must give a pool for each). */
export function tiersUsed(policy: TierPolicyName): { llm: boolean; slm: boolean } {
  switch (policy) {
    case 'llm-only':
      return { llm: true, slm: false };
    case 'slm-only':
      return { llm: false, slm: true };
    default:
      return { llm: true, slm: true };
  }
}

/** Settings of the policies; each policy reads the ones it needs. */
export interface TierPolicySettings {
  policy: TierPolicyName;
  /**
   * cascade: probability that the verifier judges a small-model call correctly — it flags a failed
   * call with this probability and passes a good one with this probability (so it misses
   * 1 − accuracy of the failures and needlessly escalates 1 − accuracy of the successes).
   */
  verifierAccuracy: number;
  /** classifier: probability that it labels a call's difficulty class (hard or easy) correctly. */
  classifierAccuracy: number;
  /** classifier: a call is hard when its difficulty exceeds this. */
  hardAbove: number;
  /** budget-aware: share of the goal's token budget that may be spent on the big model. */
  llmShare: number;
}

/** What a policy sees of a call when choosing its first tier (plain numbers: nothing is allocated per call). */
export interface FirstTierInput {
  /** The call's difficulty, 0..1. */
  difficulty: number;
  /** A uniform in [0, 1) owned by the call, for the classifier's mistakes. */
  uClassifier: number;
  /** Tokens (input + output) the goal has spent on the big model so far. */
  llmTokensSpent: number;
  /** Tokens this call will take (prompt + output). */
  callTokens: number;
  /** The goal's token budget (Infinity when unlimited). */
  budget: number;
}

/** A tier policy. */
export interface TierPolicy {
  readonly name: TierPolicyName;
  /** The tier a call tries first. */
  first(call: FirstTierInput): Tier;
  /**
   * After a call on the small model finished (`succeeded` is the truth the simulator knows), does
   * the verifier flag it for the big model? `u` is a uniform owned by the call.
   */
  escalate(succeeded: boolean, u: number): boolean;
}

class Fixed implements TierPolicy {
  constructor(readonly name: TierPolicyName, private readonly tier: Tier) {}
  first(): Tier {
    return this.tier;
  }
  escalate(): boolean {
    return false;
  }
}

/** Small model first; a verifier of given accuracy escalates the calls it flags. */
class Cascade implements TierPolicy {
  readonly name = 'cascade' as const;
  constructor(private readonly accuracy: number) {}
  first(): Tier {
    return SLM;
  }
  escalate(succeeded: boolean, u: number): boolean {
    // flags a failure when it judges right, a success when it judges wrong
    return succeeded ? u >= this.accuracy : u < this.accuracy;
  }
}

/** A difficulty classifier of given accuracy sends calls it labels hard to the big model. */
class Classifier implements TierPolicy {
  readonly name = 'classifier' as const;
  constructor(private readonly accuracy: number, private readonly hardAbove: number) {}
  first(call: FirstTierInput): Tier {
    const hard = call.difficulty > this.hardAbove;
    const labelledHard = call.uClassifier < this.accuracy ? hard : !hard;
    return labelledHard ? LLM : SLM;
  }
  escalate(): boolean {
    return false;
  }
}

/** The big model while the goal's big-model allowance (a share of its budget) covers the call, then the small one. */
class BudgetAware implements TierPolicy {
  readonly name = 'budget-aware' as const;
  constructor(private readonly share: number) {}
  first(call: FirstTierInput): Tier {
    // an unlimited budget is an unlimited allowance
    return call.llmTokensSpent + call.callTokens <= this.share * call.budget ? LLM : SLM;
  }
  escalate(): boolean {
    return false;
  }
}

/** Builds the policy the settings name. */
export function makeTierPolicy(s: TierPolicySettings): TierPolicy {
  switch (s.policy) {
    case 'llm-only':
      return new Fixed('llm-only', LLM);
    case 'slm-only':
      return new Fixed('slm-only', SLM);
    case 'cascade':
      return new Cascade(s.verifierAccuracy);
    case 'classifier':
      return new Classifier(s.classifierAccuracy, s.hardAbove);
    case 'budget-aware':
      return new BudgetAware(s.llmShare);
  }
}
