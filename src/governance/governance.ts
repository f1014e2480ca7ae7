/**
 * Runtime governance of one cohort's actions (DESIGN.md, "Coordination, discovery, governance").
 *
 * An *action* is one subtask attempt: the act model call decides what to do, and the action is
 * the step that follows it — the tool call on a station, when the program has one. Plan, verify
 * and compaction calls only think; they are never actions. A share `share` of actions is
 * policy-relevant (a *governance event*), and a share `violationRate` of those would break a
 * policy. So governance events per agent-day = actions per agent-day × share: they come out of
 * the goal program (goal rate × subtask attempts per goal), never from a configured rate.
 *
 * Modes, for one policy-relevant action that would violate:
 * - `none`: nothing checks it; it escapes.
 * - `runtime-memory`: the rules sit in the agent's context — in the shared prefix right after the
 *   system prompt, the same blocks for every agent of the cohort, kept through compactions — so
 *   every model call carries `rules` more prompt tokens (mostly cache reads, measured from the
 *   engine's hits) and the agent checks every policy-relevant action against them: caught with
 *   probability `catchRate`.
 * - `external`: the agent consults the policy service with probability `external.consult`
 *   (actions it does not think policy-relevant are never sent); a check is a job on a station —
 *   real queueing and service time that the action, and so the goal, waits for — and catches the
 *   violation with probability `external.catchRate`. The verdict (`external.response` tokens)
 *   joins the agent's context. Unconsulted violations escape.
 *
 * A caught violation is *prevented*: the action is blocked — no tool call runs — and the attempt
 * counts as failed, so the agent tries the subtask again (a new model call that sees the refused
 * attempt in its context) if it has retries left; otherwise the subtask, and with it the goal,
 * fails. An *escaped* violation runs like any action; the agent does not know, so the goal may
 * still succeed, but it is not compliant: `compliant success` counts goals that succeeded without
 * an escaped violation. Conservation: violations = prevented + escaped, exactly (all three are
 * counted when the action is decided, in the same measured interval).
 *
 * Common random numbers: whether an action is policy-relevant, whether it would violate, the catch
 * draw and the consult draw are pure functions of (cohort seed, goal ordinal, call slot) through
 * `hashUniform`, so designs compared in a sweep — any mode, any catch rate — face the same
 * policy-relevant actions and the same violations, and a lower catch rate or consult probability
 * only ever lets through a superset of violations. Nothing is allocated per action.
 */
import type { Simulation } from '../kernel/simulation.js';
import { hashUniform } from '../kernel/counter-hash.js';
import type { ArrivalTarget } from '../fleet/open-arrivals.js';
import { Welford } from '../metrics/welford.js';
import { governancePromptTokens, type GovernanceSpec } from './governance-spec.js';

/** What becomes of an action: it may run, it is blocked, or it waits for the policy service. */
export const ALLOW = 0, BLOCK = 1, PENDING = 2;
export type Verdict = typeof ALLOW | typeof BLOCK;

// what a pending external check will answer
const NOT_WAITING = 0, WAIT_ALLOW = 1, WAIT_BLOCK = 2;
// key of each draw of an action
const K_RELEVANT = 1, K_VIOLATES = 2, K_CATCH = 3, K_CONSULT = 4;
const DAY_S = 86400;

/** Options of {@link Governance}. */
export interface GovernanceOptions {
  spec: GovernanceSpec;
  /** Simulated agents of the cohort. */
  agents: number;
  /** Agents per team (1 but for swarms). */
  teamSize: number;
  /** Base of the keyed draws (from the cohort's `governance` stream). */
  seed: number;
  /** Tokens before the rules in every prompt (the cohort's system prompt). */
  systemTokens: number;
  /** external: the policy service station; null otherwise. */
  station: ArrivalTarget | null;
  /** The station job id of an agent's check (the cohort routes the completion back). */
  jobId: (agent: number) => number;
}

/** What governance measured (after warm-up); see `reportGovernance` for the scalars. */
export interface GovernanceFigures {
  /** Actions (subtask attempts) decided. */
  actions: number;
  /** Policy-relevant actions: governance events. */
  events: number;
  violations: number;
  prevented: number;
  escaped: number;
  /** Policy-relevant actions checked: against the rules in context, or by the consulted service. */
  checks: number;
  /** external: checks the service answered, and their latency (queue + service), s. */
  checksDone: number;
  checkLatency: Welford;
  /** Goals completed, the sum of their latencies, and of the time they spent waiting for checks, s. */
  goals: number;
  goalLatencySum: number;
  goalCheckTimeSum: number;
  /** Goals with at least one escaped violation; goals that succeeded without one. */
  goalsWithEscape: number;
  goalsCompliantSucceeded: number;
  /** Agent-days (counted from the end of warm-up) in which the agent took at least one action. */
  activeAgentDays: number;
  /** Per tier (LLM, SLM): rule tokens sent in prompts, and how many of them were cache reads. */
  ruleTokens: [number, number];
  ruleCacheReadTokens: [number, number];
  /** external: verdict tokens appended to agents' contexts. */
  verdictTokens: number;
}

/** See the file comment. */
export class Governance {
  readonly spec: GovernanceSpec;
  /** Prompt tokens the governance adds to every call (the rules of runtime-memory). */
  readonly promptTokens: number;
  /** external: tokens appended to the agent's context after each check. */
  readonly verdictTokens: number;

  private readonly sim: Simulation;
  private readonly o: GovernanceOptions;
  private readonly mode: number;
  private readonly aWaiting: Uint8Array;
  private readonly aCheckStart: Float64Array;
  private readonly aLastDay: Float64Array;
  private readonly tCheckTime: Float64Array;
  private readonly tEscaped: Uint8Array;
  private readonly f: GovernanceFigures;

  constructor(sim: Simulation, options: GovernanceOptions) {
    const spec = options.spec;
    this.sim = sim;
    this.o = options;
    this.spec = spec;
    this.mode = spec.mode === 'none' ? 0 : spec.mode === 'runtime-memory' ? 1 : 2;
    if (this.mode === 2 && options.station === null) throw new Error('external governance needs its policy station');
    this.promptTokens = governancePromptTokens(spec);
    this.verdictTokens = spec.external?.response ?? 0;
    const n = options.agents;
    const teams = Math.ceil(n / options.teamSize);
    this.aWaiting = new Uint8Array(n);
    this.aCheckStart = new Float64Array(n);
    this.aLastDay = new Float64Array(n).fill(-1);
    this.tCheckTime = new Float64Array(teams);
    this.tEscaped = new Uint8Array(teams);
    this.f = Governance.emptyFigures();
    sim.onWarmupEnd(() => this.resetMeasured());
  }

  private static emptyFigures(): GovernanceFigures {
    return {
      actions: 0,
      events: 0,
      violations: 0,
      prevented: 0,
      escaped: 0,
      checks: 0,
      checksDone: 0,
      checkLatency: new Welford(),
      goals: 0,
      goalLatencySum: 0,
      goalCheckTimeSum: 0,
      goalsWithEscape: 0,
      goalsCompliantSucceeded: 0,
      activeAgentDays: 0,
      ruleTokens: [0, 0],
      ruleCacheReadTokens: [0, 0],
      verdictTokens: 0,
    };
  }

  private teamOf(agent: number): number {
    return this.o.teamSize === 1 ? agent : Math.floor(agent / this.o.teamSize);
  }

  /**
   * Decides the action of `agent` — call slot `slot` of goal `ordinal` — once its act call is
   * done: ALLOW (run it), BLOCK (a violation caught in runtime memory) or PENDING (an external
   * check is under way; {@link checkDone} gives the verdict when the station finishes it).
   */
  check(agent: number, ordinal: number, slot: number): number {
    const f = this.f;
    const measuring = this.sim.measuring;
    const seed = this.o.seed;
    if (measuring) {
      f.actions++;
      const day = Math.floor((this.sim.now - this.sim.warmup) / DAY_S);
      if (this.aLastDay[agent] !== day) {
        this.aLastDay[agent] = day;
        f.activeAgentDays++;
      }
    }
    const spec = this.spec;
    if (!(hashUniform(seed, ordinal, slot, K_RELEVANT) < spec.share)) return ALLOW;
    const violates = hashUniform(seed, ordinal, slot, K_VIOLATES) < spec.violationRate;
    if (measuring) {
      f.events++;
      if (violates) f.violations++;
    }
    switch (this.mode) {
      case 0:
        if (violates) this.escape(agent, measuring);
        return ALLOW;
      case 1: {
        if (measuring) f.checks++;
        if (!violates) return ALLOW;
        if (hashUniform(seed, ordinal, slot, K_CATCH) < spec.catchRate) {
          if (measuring) f.prevented++;
          return BLOCK;
        }
        this.escape(agent, measuring);
        return ALLOW;
      }
      default: {
        const ext = spec.external!;
        if (!(hashUniform(seed, ordinal, slot, K_CONSULT) < ext.consult)) {
          if (violates) this.escape(agent, measuring);
          return ALLOW;
        }
        if (measuring) f.checks++;
        let answer = WAIT_ALLOW;
        if (violates) {
          if (hashUniform(seed, ordinal, slot, K_CATCH) < ext.catchRate) {
            answer = WAIT_BLOCK;
            if (measuring) f.prevented++;
          } else this.escape(agent, measuring);
        }
        this.aWaiting[agent] = answer;
        this.aCheckStart[agent] = this.sim.now;
        this.o.station!.arrive(this.o.jobId(agent));
        return PENDING;
      }
    }
  }

  private escape(agent: number, measuring: boolean): void {
    if (measuring) this.f.escaped++;
    this.tEscaped[this.teamOf(agent)] = 1;
  }

  /** Whether `agent` waits for the policy service (a finished station job of the agent is its check). */
  awaiting(agent: number): boolean {
    return this.aWaiting[agent] !== NOT_WAITING;
  }

  /** The policy service finished the check of `agent`: its verdict. */
  checkDone(agent: number): Verdict {
    const answer = this.aWaiting[agent];
    this.aWaiting[agent] = NOT_WAITING;
    const took = this.sim.now - this.aCheckStart[agent];
    this.tCheckTime[this.teamOf(agent)] += took;
    if (this.sim.measuring) {
      const f = this.f;
      f.checksDone++;
      f.checkLatency.add(took);
      f.verdictTokens += this.verdictTokens;
    }
    return answer === WAIT_BLOCK ? BLOCK : ALLOW;
  }

  /**
   * A model call of the cohort on `tier` (0 LLM, 1 SLM) is done, `cacheRead` of its prompt read
   * from cache. The cache hit is a prefix, so the rules — tokens [system, system + rules) — were
   * read from cache for the part of the hit that reaches past the system prompt.
   */
  onCall(tier: number, prompt: number, cacheRead: number): void {
    const rules = this.promptTokens;
    if (rules === 0 || !this.sim.measuring) return;
    const system = this.o.systemTokens;
    const inPrompt = Math.min(rules, Math.max(0, prompt - system));
    const hit = Math.min(inPrompt, Math.max(0, cacheRead - system));
    this.f.ruleTokens[tier] += inPrompt;
    this.f.ruleCacheReadTokens[tier] += hit;
  }

  /** The team's goal is over (after `latency` s, a success or not). */
  goalDone(team: number, latency: number, success: boolean): void {
    if (this.sim.measuring) {
      const f = this.f;
      f.goals++;
      f.goalLatencySum += latency;
      f.goalCheckTimeSum += this.tCheckTime[team];
      if (this.tEscaped[team]) f.goalsWithEscape++;
      else if (success) f.goalsCompliantSucceeded++;
    }
    this.tCheckTime[team] = 0;
    this.tEscaped[team] = 0;
  }

  private resetMeasured(): void {
    const latency = this.f.checkLatency;
    latency.reset();
    Object.assign(this.f, Governance.emptyFigures(), { checkLatency: latency });
  }

  /** The measured figures. */
  figures(): GovernanceFigures {
    return this.f;
  }
}
