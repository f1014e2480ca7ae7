/**
 * A cohort of agents pursuing goals (DESIGN.md, "Agents and workload"). Goals arrive to agents
 * (teams, for swarms) and each runs a small program of calls:
 *
 *   plan (model call) → N subtasks, each: model call → tool call on a station (its result joins
 *   the context), retried up to `retries` times when it fails → verify (model call).
 *
 * Every model call re-sends the agent's whole context — shared system prompt, memory, and what the
 * goal (and, for persistent agents, earlier goals) appended — as a block-key chain
 * (`ContextChains`), so the cache-read share comes out of context growth, routing and cache size.
 * A persistent agent's context outlives its goals and is compacted past `compactAt` by a model
 * call whose output becomes its memory (fresh keys from there on). An ephemeral agent starts each
 * goal from the system prompt. A swarm team's lead plans and verifies; its members work subtasks
 * in parallel from a copy of the lead's context — the same blocks when `sharedKv`, the same text
 * under new keys otherwise — and their results join the lead's context as text.
 *
 * Each call's success is a draw against the quality model (capability of the serving model,
 * difficulty, output tokens). A goal succeeds when its plan, every subtask and its verification
 * succeed within its token budget; a subtask that still fails after its retries ends the goal.
 * Tier routing (`TierPolicy`) picks the pool of each call; under `cascade` a verifier may flag a
 * small-model call, which is then rerun on the big model (the small model's tokens are wasted).
 *
 * Common random numbers: a goal's tokens, difficulties and uniforms (success, verifier,
 * classifier) are drawn when it starts from a substream keyed by its arrival ordinal, for every
 * call slot it could use (all retries included), whatever the policy does with them; arrivals are
 * open. So designs compared in one sweep face the same goals with the same luck.
 *
 * State is struct-of-arrays over agents and teams; a request id maps back to its agent through a
 * growable Int32Array. Nothing is allocated per call; per goal, only the samplers of its draws.
 */
import { grown } from '../kernel/grown.js';
import type { Simulation } from '../kernel/simulation.js';
import type { UniformSource } from '../kernel/random-streams.js';
import { makeSampler, type Sampler } from '../kernel/distributions.js';
import type { DistSpec } from '../kernel/distribution-spec.js';
import type { ModelSpec } from '../catalog/models.js';
import type { RequestTable } from '../serving/request-table.js';
import type { ArrivalTarget } from '../fleet/open-arrivals.js';
import { LogHistogram } from '../metrics/log-histogram.js';
import { Welford } from '../metrics/welford.js';
import { TimeWeighted } from '../metrics/time-weighted.js';
import { LLM, SLM, makeTierPolicy, type FirstTierInput, type Tier, type TierPolicy } from '../routing/tier-policy.js';
import type { CohortSpec } from '../scenario/agent-schema.js';
import type { RequestSink, Workload } from './workload.js';
import { ContextChains, cohortKeyBase } from './context-chains.js';
import { GoalArrivals } from './goal-arrivals.js';
import { GoalSample } from './goal-sample.js';
import { KeyedUniform } from './keyed-uniform.js';
import { successProbability } from './quality.js';
import { ALLOW, BLOCK, Governance, PENDING } from '../governance/governance.js';
import { governancePromptTokens } from '../governance/governance-spec.js';
import type { EngagementHost, GoalEngagement } from '../discovery/goal-engagement.js';

/** One tier a cohort can call: the pool's name, where to submit, and the model it runs. */
export interface CohortTier {
  readonly pool: string;
  readonly sink: RequestSink;
  readonly model: ModelSpec;
}

/** Options of {@link Cohort}. */
export interface CohortOptions {
  spec: CohortSpec;
  /** Index in the run's workload list (the `owner` of this cohort's requests). */
  owner: number;
  /** Index among cohorts (key ranges, tool job ids). */
  cohortIndex: number;
  /** Session number of agent 0 (sessions feed session-affinity routing). */
  sessionBase: number;
  requests: RequestTable;
  llm: CohortTier | null;
  slm: CohortTier | null;
  /** `goals.process: trace`: the recorded arrival times (seconds from the first); null otherwise. */
  arrivalTimes?: Float64Array | null;
  /** Station running the tool calls, when the program has them. */
  tool: ArrivalTarget | null;
  /** `governance.mode: external`: the policy service station; null otherwise. */
  policyStation?: ArrivalTarget | null;
  /** Block size of the tier pools. */
  blockTokens: number;
  /** The run's named streams, e.g. `(w) => streams.uniform(\`cohort/${name}/${w}\`)`. */
  stream: (what: string) => UniformSource;
}

/** Tool jobs of cohorts are negative ids (open arrival streams count up from 0): −1 − (cohort·2^32 + agent). */
export function toolJobId(cohortIndex: number, agent: number): number {
  return -1 - (cohortIndex * 4294967296 + agent);
}

/** The cohort index of a tool job id (see {@link toolJobId}). */
export function toolJobCohort(job: number): number {
  return Math.floor((-1 - job) / 4294967296);
}

/** The agent of a tool job id. */
export function toolJobAgent(job: number): number {
  return (-1 - job) % 4294967296;
}

// goal flags
const FLAG_PLAN_OK = 1, FLAG_VERIFY_OK = 2, FLAG_FAILED = 4, FLAG_ABORTED = 8, FLAG_EXHAUSTED = 16, FLAG_RESUMED = 32;
// goal counters (per team, G_COUNT values)
const G_TOKENS_LLM = 0, G_TOKENS_SLM = 1, G_CALLS_LLM = 2, G_CALLS_SLM = 3, G_INPUT = 4, G_CACHE_READ = 5, G_WASTED = 6;
const G_ESCALATIONS = 7, G_RETRIES = 8, G_TOOLS = 9, G_COMPACTIONS = 10, G_DIFFICULTY = 11, G_JUDGED = 12, G_COUNT = 13;
// call kinds
const PLAN = 1, ACT = 2, VERIFY = 3;
// fields of a call slot in a team's plan buffer
const F_IN = 0, F_OUT = 1, F_DIFF = 2, F_UOK = 3, F_UVER = 4, F_UCLS = 5, F_TOOL = 6, FIELDS = 7;

/** Columns of the `goals` table rows, in order. */
export const GOAL_COLUMNS = [
  'goal', 'agent', 'arrival_s', 'latency_s', 'subtasks', 'subtasks_done', 'calls', 'calls_llm', 'calls_slm',
  'escalations', 'retries', 'tool_calls', 'compactions', 'tokens', 'tokens_llm', 'tokens_slm', 'input_tokens',
  'output_tokens', 'cache_read_tokens', 'wasted_tokens', 'budget_tokens', 'budget_exhausted', 'difficulty_mean',
  'resumed', 'provider_rank', 'misrouted', 'discovery_s', 'success',
] as const;
const COL = Object.fromEntries(GOAL_COLUMNS.map((c, i) => [c, i])) as Record<(typeof GOAL_COLUMNS)[number], number>;

/** Per tier: what the cohort's measured calls took. */
export interface TierFigures {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  /** Tokens the engine processed for these calls: cache reads + prefilled (recomputation after
   *  preemption included) + output — the denominator of the cache-read share, as for pools. */
  processedTokens: number;
}

/** See the file comment. */
export class Cohort implements Workload, EngagementHost {
  issued = 0;
  readonly spec: CohortSpec;
  readonly teams: number;
  readonly teamSize: number;
  readonly policy: TierPolicy;
  /** Measured figures per tier (LLM, SLM). */
  readonly tierFigures: [TierFigures, TierFigures] = [
    { calls: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, processedTokens: 0 },
    { calls: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, processedTokens: 0 },
  ];
  readonly o: CohortOptions;
  /** Runtime governance of the agents' actions (`governance:`); null without one. */
  readonly governance: Governance | null;

  private readonly sim: Simulation;
  private readonly chains: ContextChains;
  private readonly arrivals: GoalArrivals;
  private readonly arrivalU: UniformSource;
  private readonly goalDraws: KeyedUniform;
  private readonly compactDraws: KeyedUniform;
  private readonly compactSpec: DistSpec;
  private readonly budget: number;
  private readonly retries: number;
  private readonly kArrival: number;
  private readonly kSuspend: number;
  private readonly kResumed: number;
  private readonly kRejected: number;
  private ordinals = 0;
  /** NOTE: one input refilled for every `policy.first` call, instead of an object literal per call (FirstTierInput: nothing allocated per call). */
  private readonly tierCall: FirstTierInput = { difficulty: 0, uClassifier: 0, llmTokensSpent: 0, callTokens: 0, budget: Infinity };

  // per agent
  private readonly aKind: Uint8Array;
  private readonly aSlot: Int32Array;
  private readonly aTier: Uint8Array;
  private readonly aEscalated: Uint8Array;
  private readonly aCompacting: Uint8Array;
  private readonly aCompactions: Int32Array;
  private readonly aOk: Uint8Array;
  private readonly aSubtask: Int32Array;
  private readonly aAttempt: Int32Array;
  private readonly aStartTokens: Float64Array;
  private readonly aMemory: Float64Array;
  private readonly aResumeProbe: Uint8Array;
  private reqAgent = new Int32Array(1024);

  // per team: pending goals (a linked list through the pending pool) and state
  private readonly tHead: Int32Array;
  private readonly tTail: Int32Array;
  private readonly tBusy: Uint8Array;
  private readonly tSuspended: Uint8Array;
  /** Handles are generation·2^24 + slot: they outgrow int32, so a Float64Array holds them. */
  private readonly tSuspendHandle: Float64Array;
  private readonly tStoredBytes: Float64Array;
  private pArrival = new Float64Array(64);
  private pOrdinal = new Float64Array(64);
  private pNext = new Int32Array(64);
  private pFree = -1;
  private pUsed = 0;
  /** Per team: its goal's call slots (FIELDS values each), reused goal after goal. */
  private readonly plans: Float64Array[];

  // per team: the goal in progress
  private readonly gOrdinal: Float64Array;
  private readonly gArrival: Float64Array;
  private readonly gN: Int32Array;
  private readonly gNext: Int32Array;
  private readonly gDone: Int32Array;
  private readonly gActive: Int32Array;
  private readonly gMembers: Int32Array;
  private readonly gFlags: Uint8Array;
  /** Per team, G_* counters of the goal. */
  private readonly gCount: Float64Array;

  // measured (after warm-up)
  private goalsArrived = 0;
  private goalsCompleted = 0;
  private goalsSucceeded = 0;
  private goalsExhausted = 0;
  private escalations = 0;
  private slmFirst = 0;
  private wasted = 0;
  private toolCalls = 0;
  private compactions = 0;
  private retriesDone = 0;
  private resumes = 0;
  private rejected = 0;
  private readonly latency = new LogHistogram();
  private readonly latencyW = new Welford();
  private readonly goalTokens = new Welford();
  private readonly goalTokensLlm = new Welford();
  private readonly goalTokensSlm = new Welford();
  private readonly goalCalls = new Welford();
  private readonly resumeFresh = new Welford();
  private readonly resumeReload = new Welford();
  private readonly suspended: TimeWeighted;
  private readonly storedBytes: TimeWeighted;
  private suspendedNow = 0;
  private storedNow = 0;
  private readonly sample: GoalSample;
  /** Discovery, identity check and audit of the provider each goal engages (src/discovery); null = none. */
  private engagement: GoalEngagement | null = null;

  constructor(sim: Simulation, options: CohortOptions) {
    const spec = options.spec;
    this.sim = sim;
    this.o = options;
    this.spec = spec;
    this.teamSize = spec.teamSize;
    this.teams = spec.simulated / spec.teamSize;
    this.policy = makeTierPolicy(spec.routing);
    this.budget = spec.budget.tokens ?? Infinity;
    this.tierCall.budget = this.budget;
    this.retries = spec.program.retries;
    this.compactSpec = spec.context.compactTo;
    const n = spec.simulated;
    const teams = this.teams;
    // runtime-memory governance rules follow the system prompt in the shared prefix
    this.chains = new ContextChains(n, options.blockTokens, spec.context.system + governancePromptTokens(spec.governance), cohortKeyBase(options.cohortIndex));
    this.arrivalU = options.stream('arrivals');
    this.arrivals = new GoalArrivals(spec.goals, teams, this.arrivalU, options.arrivalTimes ?? undefined);
    const seedOf = (what: string) => Math.floor(options.stream(what)() * 4294967296);
    this.goalDraws = new KeyedUniform(seedOf('goals'));
    this.compactDraws = new KeyedUniform(seedOf('compaction'));
    this.governance =
      spec.governance === null
        ? null
        : new Governance(sim, {
            spec: spec.governance,
            agents: n,
            teamSize: spec.teamSize,
            seed: seedOf('governance'),
            systemTokens: spec.context.system,
            station: options.policyStation ?? null,
            jobId: (a) => toolJobId(options.cohortIndex, a),
          });
    this.sample = new GoalSample(GOAL_COLUMNS, spec.sample, seedOf('sample'));

    this.aKind = new Uint8Array(n);
    this.aSlot = new Int32Array(n);
    this.aTier = new Uint8Array(n);
    this.aEscalated = new Uint8Array(n);
    this.aCompacting = new Uint8Array(n);
    this.aCompactions = new Int32Array(n);
    this.aOk = new Uint8Array(n);
    this.aSubtask = new Int32Array(n);
    this.aAttempt = new Int32Array(n);
    this.aStartTokens = new Float64Array(n);
    this.aMemory = new Float64Array(n);
    this.aResumeProbe = new Uint8Array(n);
    if (spec.kind === 'persistent' && spec.context.memory > 0) {
      for (let a = 0; a < n; a++) {
        this.aMemory[a] = spec.context.memory;
        this.chains.append(a, spec.context.memory);
      }
    }

    this.tHead = new Int32Array(teams).fill(-1);
    this.tTail = new Int32Array(teams).fill(-1);
    this.tBusy = new Uint8Array(teams);
    this.tSuspended = new Uint8Array(teams);
    this.tSuspendHandle = new Float64Array(teams).fill(-1);
    this.tStoredBytes = new Float64Array(teams);
    this.plans = Array.from({ length: teams }, () => new Float64Array(16 * FIELDS));
    this.gOrdinal = new Float64Array(teams);
    this.gArrival = new Float64Array(teams);
    this.gN = new Int32Array(teams);
    this.gNext = new Int32Array(teams);
    this.gDone = new Int32Array(teams);
    this.gActive = new Int32Array(teams);
    this.gMembers = new Int32Array(teams);
    this.gFlags = new Uint8Array(teams);
    this.gCount = new Float64Array(teams * G_COUNT);

    this.suspended = new TimeWeighted(sim.now, 0);
    this.storedBytes = new TimeWeighted(sim.now, 0);
    // persistent agents exist before their first goal: dormant, their memory in the state store
    if (spec.kind === 'persistent' && spec.lifecycle.idleTimeout > 0) for (let t = 0; t < teams; t++) this.suspend(t);
    this.kArrival = sim.register(`${spec.name}.goal`, () => this.onArrival());
    this.kSuspend = sim.register(`${spec.name}.suspend`, (t) => this.suspend(t));
    this.kResumed = sim.register(`${spec.name}.resumed`, (t) => this.beginPlan(t));
    this.kRejected = sim.register(`${spec.name}.rejected`, (a) => this.onRejected(a));
    sim.onWarmupEnd(() => this.resetMeasured());
  }

  start(): void {
    this.scheduleArrival(this.sim.now);
  }

  // ───────────────────────────── goals ─────────────────────────────

  private onArrival(): void {
    const now = this.sim.now;
    const team = Math.floor(this.arrivalU() * this.teams);
    const ordinal = this.ordinals++;
    this.scheduleArrival(now);
    if (this.sim.measuring) this.goalsArrived++;
    const p = this.allocPending();
    this.pArrival[p] = now;
    this.pOrdinal[p] = ordinal;
    this.pNext[p] = -1;
    if (this.tTail[team] < 0) this.tHead[team] = p;
    else this.pNext[this.tTail[team]] = p;
    this.tTail[team] = p;
    if (!this.tBusy[team]) this.startGoal(team);
  }

  /** Schedules the next goal; none after a trace played once has ended. */
  private scheduleArrival(now: number): void {
    const next = this.arrivals.next(now);
    if (next !== Infinity) this.sim.scheduleAt(next, this.kArrival, 0);
  }

  private startGoal(team: number): void {
    const p = this.tHead[team];
    this.tHead[team] = this.pNext[p];
    if (this.tHead[team] < 0) this.tTail[team] = -1;
    this.gOrdinal[team] = this.pOrdinal[p];
    this.gArrival[team] = this.pArrival[p];
    this.pNext[p] = this.pFree;
    this.pFree = p;
    this.tBusy[team] = 1;
    this.gCount.fill(0, team * G_COUNT, (team + 1) * G_COUNT);
    this.gFlags[team] = FLAG_VERIFY_OK;
    this.gDone[team] = 0;
    this.drawPlan(team);
    if (this.tSuspendHandle[team] >= 0) {
      this.sim.cancel(this.tSuspendHandle[team]);
      this.tSuspendHandle[team] = -1;
    }
    if (this.tSuspended[team]) {
      this.unsuspend(team);
      this.gFlags[team] |= FLAG_RESUMED;
      this.aResumeProbe[team * this.teamSize] = 1;
      if (this.spec.lifecycle.resumeDelay > 0) {
        this.sim.schedule(this.spec.lifecycle.resumeDelay, this.kResumed, team);
        return;
      }
    }
    this.beginPlan(team);
  }

  /** Draws everything the goal could use, slot by slot, from the goal's own substream. */
  private drawPlan(team: number): void {
    const spec = this.spec;
    const prog = spec.program;
    const u = this.goalDraws;
    u.reseed(this.gOrdinal[team]);
    const s = (d: DistSpec): Sampler => makeSampler(d, u.next);
    const n = Math.max(0, Math.round(s(prog.subtasks).sample()));
    this.gN[team] = n;
    const slots = 2 + n * (this.retries + 1);
    let plan = this.plans[team];
    if (plan.length < slots * FIELDS) {
      let cap = plan.length;
      while (cap < slots * FIELDS) cap *= 2;
      this.plans[team] = plan = new Float64Array(cap);
    }
    const kinds = [prog.plan, prog.act, prog.verify].map((k) => ({ input: s(k.input), output: s(k.output), difficulty: s(k.difficulty) }));
    const tool = prog.tool === null ? null : s(prog.tool.result);
    const perSubtask = this.retries + 1;
    for (let slot = 0; slot < slots; slot++) {
      const k = slot === 0 ? kinds[0] : slot === slots - 1 ? kinds[2] : kinds[1];
      const o = slot * FIELDS;
      plan[o + F_IN] = Math.max(0, Math.round(k.input.sample()));
      plan[o + F_OUT] = Math.max(1, Math.round(k.output.sample()));
      // a retry is the same subtask: it keeps the first attempt's difficulty (and gets new luck)
      const retry = slot > 0 && slot < slots - 1 && (slot - 1) % perSubtask > 0;
      plan[o + F_DIFF] = retry ? plan[(slot - ((slot - 1) % perSubtask)) * FIELDS + F_DIFF] : k.difficulty.sample();
      plan[o + F_UOK] = u.next();
      plan[o + F_UVER] = u.next();
      plan[o + F_UCLS] = u.next();
      plan[o + F_TOOL] = tool !== null && slot > 0 && slot < slots - 1 ? Math.max(0, Math.round(tool.sample())) : 0;
    }
  }

  private beginPlan(team: number): void {
    this.call(team * this.teamSize, PLAN, 0);
  }

  /** Hands the cohort's goals to a provider engagement (discovery, identity, audit) between plan and subtasks. */
  attachEngagement(engagement: GoalEngagement): void {
    this.engagement = engagement;
  }

  /** Re-engaged after a misroute: the lead (who runs subtask 0) repeats the attempt that went astray, same draws. */
  retryMisrouted(team: number): void {
    const lead = team * this.teamSize;
    if (this.gFlags[team] & FLAG_ABORTED) return this.memberStop(lead);
    this.call(lead, ACT, this.actSlot(0, this.aAttempt[lead]));
  }

  /** After the plan (and the engagement, if any): hands subtasks to the team's members (one at a time each, in parallel). */
  startSubtasks(team: number): void {
    const n = this.gN[team];
    if (n === 0) return this.verify(team);
    const lead = team * this.teamSize;
    const members = Math.min(this.teamSize, n);
    this.gMembers[team] = members;
    this.gActive[team] = members;
    this.gNext[team] = 0;
    for (let m = 1; m < members; m++) {
      this.chains.copy(lead, lead + m, this.spec.sharedKv);
      this.aStartTokens[lead + m] = this.chains.tokens[lead + m];
    }
    for (let m = 0; m < members; m++) this.nextSubtask(lead + m);
  }

  private nextSubtask(agent: number): void {
    const team = this.teamOf(agent);
    if (this.gFlags[team] & FLAG_ABORTED) return this.memberStop(agent);
    const i = this.gNext[team]++;
    if (i >= this.gN[team]) return this.memberStop(agent);
    this.aSubtask[agent] = i;
    this.aAttempt[agent] = 0;
    this.call(agent, ACT, this.actSlot(i, 0));
  }

  private actSlot(subtask: number, attempt: number): number {
    return 1 + subtask * (this.retries + 1) + attempt;
  }

  /**
   * A subtask attempt (model call and tool call) is over. `acted`: its action ran (the tool call, or
   * the decision when the program has none) — false when governance blocked it.
   */
  private attemptDone(agent: number, ok: boolean, acted: boolean): void {
    const team = this.teamOf(agent);
    // the first action that ran against the goal's provider finds out the provider was stale or
    // wrong: its result is void; re-engage and repeat that attempt — unless the goal already failed
    if (this.engagement !== null && acted && this.aSubtask[agent] === 0 && this.engagement.misrouted(team)) {
      if (this.gFlags[team] & FLAG_ABORTED) return this.memberStop(agent);
      return this.engagement.reengage(team);
    }
    if (ok) {
      this.gDone[team]++;
      return this.nextSubtask(agent);
    }
    if (this.aAttempt[agent] < this.retries && !(this.gFlags[team] & FLAG_ABORTED)) {
      const a = ++this.aAttempt[agent];
      this.gCount[team * G_COUNT + G_RETRIES]++;
      if (this.sim.measuring) this.retriesDone++;
      return this.call(agent, ACT, this.actSlot(this.aSubtask[agent], a));
    }
    // the subtask failed for good: the agent gives up on the goal
    this.gFlags[team] |= FLAG_FAILED | FLAG_ABORTED;
    this.memberStop(agent);
  }

  private memberStop(agent: number): void {
    const team = this.teamOf(agent);
    if (--this.gActive[team] > 0) return;
    const lead = team * this.teamSize;
    // members' work joins the lead's context as text
    for (let m = 1; m < this.gMembers[team]; m++) this.chains.append(lead, this.chains.tokens[lead + m] - this.aStartTokens[lead + m]);
    if (this.gFlags[team] & FLAG_ABORTED) this.finishGoal(team);
    else this.verify(team);
  }

  private verify(team: number): void {
    const n = this.gN[team];
    this.call(team * this.teamSize, VERIFY, 1 + n * (this.retries + 1));
  }

  private finishGoal(team: number): void {
    const now = this.sim.now;
    const f = this.gFlags[team];
    const failOnExhaust = this.spec.budget.onExhaust === 'fail';
    const success =
      (f & FLAG_PLAN_OK) !== 0 && (f & FLAG_VERIFY_OK) !== 0 && (f & FLAG_FAILED) === 0 && this.gDone[team] === this.gN[team] && !((f & FLAG_EXHAUSTED) && failOnExhaust);
    const g = team * G_COUNT;
    const c = this.gCount;
    const latency = now - this.gArrival[team];
    if (this.sim.measuring) {
      this.goalsCompleted++;
      if (success) this.goalsSucceeded++;
      if (f & FLAG_EXHAUSTED) this.goalsExhausted++;
      this.latency.add(latency);
      this.latencyW.add(latency);
      this.goalTokens.add(c[g + G_TOKENS_LLM] + c[g + G_TOKENS_SLM]);
      this.goalTokensLlm.add(c[g + G_TOKENS_LLM]);
      this.goalTokensSlm.add(c[g + G_TOKENS_SLM]);
      this.goalCalls.add(c[g + G_CALLS_LLM] + c[g + G_CALLS_SLM]);
      const row = this.sample.offer(this.gOrdinal[team]);
      if (row >= 0) this.writeRow(row, team, latency, success);
    }
    if (this.engagement !== null) this.engagement.goalFinished(team, latency);
    this.governance?.goalDone(team, latency, success);
    const lead = team * this.teamSize;
    if (this.spec.kind !== 'persistent') this.chains.restart(lead, 0);
    this.tBusy[team] = 0;
    if (this.tHead[team] >= 0) return this.startGoal(team);
    if (this.spec.kind === 'persistent' && this.spec.lifecycle.idleTimeout > 0) {
      this.tSuspendHandle[team] = this.sim.schedule(this.spec.lifecycle.idleTimeout, this.kSuspend, team);
    }
  }

  private writeRow(row: number, team: number, latency: number, success: boolean): void {
    const s = this.sample;
    const c = this.gCount;
    const g = team * G_COUNT;
    const f = this.gFlags[team];
    const tokens = c[g + G_TOKENS_LLM] + c[g + G_TOKENS_SLM];
    const calls = c[g + G_CALLS_LLM] + c[g + G_CALLS_SLM];
    s.set(row, COL.goal, this.gOrdinal[team]);
    s.set(row, COL.agent, team);
    s.set(row, COL.arrival_s, this.gArrival[team]);
    s.set(row, COL.latency_s, latency);
    s.set(row, COL.subtasks, this.gN[team]);
    s.set(row, COL.subtasks_done, this.gDone[team]);
    s.set(row, COL.calls, calls);
    s.set(row, COL.calls_llm, c[g + G_CALLS_LLM]);
    s.set(row, COL.calls_slm, c[g + G_CALLS_SLM]);
    s.set(row, COL.escalations, c[g + G_ESCALATIONS]);
    s.set(row, COL.retries, c[g + G_RETRIES]);
    s.set(row, COL.tool_calls, c[g + G_TOOLS]);
    s.set(row, COL.compactions, c[g + G_COMPACTIONS]);
    s.set(row, COL.tokens, tokens);
    s.set(row, COL.tokens_llm, c[g + G_TOKENS_LLM]);
    s.set(row, COL.tokens_slm, c[g + G_TOKENS_SLM]);
    s.set(row, COL.input_tokens, c[g + G_INPUT]);
    s.set(row, COL.output_tokens, tokens - c[g + G_INPUT]);
    s.set(row, COL.cache_read_tokens, c[g + G_CACHE_READ]);
    s.set(row, COL.wasted_tokens, c[g + G_WASTED]);
    s.set(row, COL.budget_tokens, this.spec.budget.tokens ?? NaN);
    s.set(row, COL.budget_exhausted, f & FLAG_EXHAUSTED ? 1 : 0);
    s.set(row, COL.difficulty_mean, c[g + G_JUDGED] > 0 ? c[g + G_DIFFICULTY] / c[g + G_JUDGED] : NaN);
    s.set(row, COL.resumed, f & FLAG_RESUMED ? 1 : 0);
    const e = this.engagement;
    s.set(row, COL.provider_rank, e === null ? 0 : e.providerRank(team));
    s.set(row, COL.misrouted, e !== null && e.wasMisrouted(team) ? 1 : 0);
    s.set(row, COL.discovery_s, e === null ? 0 : e.discoverySeconds(team));
    s.set(row, COL.success, success ? 1 : 0);
  }

  // ───────────────────────────── calls ─────────────────────────────

  /**
   * Starts a model call of `kind` for `agent`, using plan slot `slot` — after a compaction when
   * the agent's context is over the threshold (the call's own input then joins the new context).
   */
  private call(agent: number, kind: number, slot: number): void {
    this.aKind[agent] = kind;
    this.aSlot[agent] = slot;
    this.aEscalated[agent] = 0;
    const spec = this.spec;
    const tokens = this.chains.tokens[agent];
    const compactAt = spec.context.compactAt;
    if (compactAt !== null && tokens > compactAt && tokens > this.chains.sharedTokens + this.aMemory[agent]) {
      this.aCompacting[agent] = 1;
      this.compactDraws.reseed(agent, this.aCompactions[agent]++);
      const output = Math.max(1, Math.round(makeSampler(this.compactSpec, this.compactDraws.next).sample()));
      // a compaction is a routine call: the policy places it as an easy one
      return this.submit(agent, this.firstTier(this.teamOf(agent), 0, 0.5, tokens + output), tokens, output);
    }
    this.proceed(agent);
  }

  /** Issues the agent's model call (its input appended to the context first). */
  private proceed(agent: number): void {
    const team = this.teamOf(agent);
    const plan = this.plans[team];
    const o = this.aSlot[agent] * FIELDS;
    this.chains.append(agent, plan[o + F_IN]);
    if (this.chains.tokens[agent] < 1) this.chains.append(agent, 1);
    const prompt = this.chains.tokens[agent];
    const output = plan[o + F_OUT];
    const tier = this.firstTier(team, plan[o + F_DIFF], plan[o + F_UCLS], prompt + output);
    if (tier === SLM && this.sim.measuring) this.slmFirst++;
    const g = team * G_COUNT;
    this.gCount[g + G_DIFFICULTY] += plan[o + F_DIFF];
    this.gCount[g + G_JUDGED]++;
    this.submit(agent, tier, prompt, output);
  }

  /** The tier the policy sends a call to first; never one the scenario gave no pool (the loader checks routing). */
  private firstTier(team: number, difficulty: number, uClassifier: number, callTokens: number): Tier {
    const c = this.tierCall;
    c.difficulty = difficulty;
    c.uClassifier = uClassifier;
    c.llmTokensSpent = this.gCount[team * G_COUNT + G_TOKENS_LLM];
    c.callTokens = callTokens;
    return this.policy.first(c);
  }

  /** Submits a call of `prompt` + up to `want` output tokens on `tier`, within the goal's budget. */
  private submit(agent: number, tier: Tier, prompt: number, want: number): void {
    const team = this.teamOf(agent);
    const g = team * G_COUNT;
    const left = this.budget - this.gCount[g + G_TOKENS_LLM] - this.gCount[g + G_TOKENS_SLM];
    if (left < prompt + 1) return this.exhaust(agent);
    // the budget caps generation (max_tokens): a call near the end of it thinks less
    const output = want < left - prompt ? want : left - prompt;
    const q = this.o.requests;
    const req = q.alloc();
    const leadSession = this.spec.sharedKv ? team * this.teamSize : agent;
    q.set(req, this.sim.now, prompt, output, this.o.sessionBase + leadSession, this.o.owner);
    const keys = this.chains.cover(agent, prompt + output);
    q.setKeys(req, this.chains.keys(agent), 0, keys, this.chains.blockTokens);
    if (req >= this.reqAgent.length) this.reqAgent = grown(this.reqAgent, req + 1);
    this.reqAgent[req] = agent;
    this.aTier[agent] = tier;
    this.issued++;
    (tier === LLM ? this.o.llm! : this.o.slm!).sink.submit(req);
  }

  onDone(req: number): void {
    const q = this.o.requests;
    const agent = this.reqAgent[req];
    const team = this.teamOf(agent);
    const prompt = q.promptTokens[req];
    const output = q.outputTokens[req];
    const reload = q.dramHitTokens[req] + q.poolHitTokens[req];
    const hit = q.hbmHitTokens[req] + reload;
    const processed = hit + q.prefilledTokens[req] + output;
    const served = !Number.isNaN(q.done[req]);
    q.free(req);
    if (!served) {
      // too large for a replica's KV memory: nothing was processed, so nothing is counted; handled
      // at the next event, outside the pool's call stack
      this.aResumeProbe[agent] = 0;
      this.sim.schedule(0, this.kRejected, agent);
      return;
    }
    const tier = this.aTier[agent];
    const g = team * G_COUNT;
    const c = this.gCount;
    c[g + (tier === LLM ? G_TOKENS_LLM : G_TOKENS_SLM)] += prompt + output;
    c[g + (tier === LLM ? G_CALLS_LLM : G_CALLS_SLM)]++;
    c[g + G_INPUT] += prompt;
    c[g + G_CACHE_READ] += hit;
    if (this.sim.measuring) {
      const t = this.tierFigures[tier];
      t.calls++;
      t.inputTokens += prompt;
      t.outputTokens += output;
      t.cacheReadTokens += hit;
      this.governance?.onCall(tier, prompt, hit);
      t.processedTokens += processed;
      if (this.aResumeProbe[agent]) {
        this.resumeFresh.add(prompt - hit);
        this.resumeReload.add(reload);
      }
    }
    this.aResumeProbe[agent] = 0;
    if (this.aCompacting[agent]) {
      this.aCompacting[agent] = 0;
      c[g + G_COMPACTIONS]++;
      if (this.sim.measuring) this.compactions++;
      this.aMemory[agent] = output;
      this.chains.restart(agent, output);
      return this.proceed(agent);
    }
    const o = this.aSlot[agent] * FIELDS;
    const plan = this.plans[team];
    const model = (tier === LLM ? this.o.llm! : this.o.slm!).model;
    const ok = plan[o + F_UOK] < successProbability(this.spec.quality, model.capability, plan[o + F_DIFF], output);
    if (tier === SLM && !this.aEscalated[agent] && this.o.llm !== null && this.policy.escalate(ok, plan[o + F_UVER])) {
      // flagged: the small model's answer is discarded and the call reruns on the big model
      this.aEscalated[agent] = 1;
      c[g + G_ESCALATIONS]++;
      c[g + G_WASTED] += prompt + output;
      if (this.sim.measuring) {
        this.escalations++;
        this.wasted += prompt + output;
      }
      this.chains.truncate(agent, prompt);
      return this.submit(agent, LLM, prompt, plan[o + F_OUT]);
    }
    this.chains.append(agent, output);
    switch (this.aKind[agent]) {
      case PLAN:
        if (ok) this.gFlags[team] |= FLAG_PLAN_OK;
        return this.engagement === null || this.gN[team] === 0 ? this.startSubtasks(team) : this.engagement.beforeSubtasks(team, this.gOrdinal[team]);
      case ACT: {
        // the attempt's action: governance rules on it first (PENDING: the policy service is asked)
        this.aOk[agent] = ok ? 1 : 0;
        const verdict = this.governance === null ? ALLOW : this.governance.check(agent, this.gOrdinal[team], this.aSlot[agent]);
        if (verdict !== PENDING) this.act(agent, verdict);
        return;
      }
      default:
        if (!ok) this.gFlags[team] &= ~FLAG_VERIFY_OK;
        return this.finishGoal(team);
    }
  }

  /** The action of an attempt once governance has ruled: blocked, the attempt fails (a retry, if any is left); else the tool call runs. */
  private act(agent: number, verdict: number): void {
    if (verdict === BLOCK) return this.attemptDone(agent, false, false);
    if (this.o.tool === null) return this.attemptDone(agent, this.aOk[agent] === 1, true);
    this.o.tool.arrive(toolJobId(this.o.cohortIndex, agent));
  }

  /** A station job of `agent` is done: its policy check (the verdict joins the context), or its tool call. */
  onToolDone(agent: number): void {
    if (this.governance !== null && this.governance.awaiting(agent)) {
      const verdict = this.governance.checkDone(agent);
      this.chains.append(agent, this.governance.verdictTokens);
      return this.act(agent, verdict);
    }
    // the tool call: its result joins the context, and the attempt is judged
    const team = this.teamOf(agent);
    this.chains.append(agent, this.plans[team][this.aSlot[agent] * FIELDS + F_TOOL]);
    this.gCount[team * G_COUNT + G_TOOLS]++;
    if (this.sim.measuring) this.toolCalls++;
    this.attemptDone(agent, this.aOk[agent] === 1, true);
  }

  private onRejected(agent: number): void {
    if (this.sim.measuring) this.rejected++;
    this.aCompacting[agent] = 0;
    const team = this.teamOf(agent);
    this.gFlags[team] |= FLAG_FAILED | FLAG_ABORTED;
    this.stopCall(agent);
  }

  /** The goal's budget cannot pay for the agent's next call. */
  private exhaust(agent: number): void {
    const team = this.teamOf(agent);
    this.gFlags[team] |= FLAG_EXHAUSTED | FLAG_ABORTED;
    this.aCompacting[agent] = 0;
    this.stopCall(agent);
  }

  /** The agent's current call will not happen: a member stops, a lead's plan or verify ends the goal. */
  private stopCall(agent: number): void {
    if (this.aKind[agent] === ACT) this.memberStop(agent);
    else this.finishGoal(this.teamOf(agent));
  }

  // ───────────────────────────── lifecycle ─────────────────────────────

  private suspend(team: number): void {
    this.tSuspendHandle[team] = -1;
    this.tSuspended[team] = 1;
    // the shared system prompt is the cohort's, not the agent's: it is not stored per agent
    const bytes = (this.chains.tokens[team * this.teamSize] - this.chains.sharedTokens) * this.spec.lifecycle.stateBytesPerToken;
    this.tStoredBytes[team] = bytes;
    const now = this.sim.now;
    this.suspended.update(now, ++this.suspendedNow);
    this.storedBytes.update(now, (this.storedNow += bytes));
  }

  private unsuspend(team: number): void {
    this.tSuspended[team] = 0;
    const now = this.sim.now;
    this.suspended.update(now, --this.suspendedNow);
    this.storedBytes.update(now, (this.storedNow -= this.tStoredBytes[team]));
    if (this.sim.measuring) this.resumes++;
  }

  // ───────────────────────────── bookkeeping ─────────────────────────────

  private teamOf(agent: number): number {
    return this.teamSize === 1 ? agent : Math.floor(agent / this.teamSize);
  }

  private allocPending(): number {
    if (this.pFree >= 0) {
      const p = this.pFree;
      this.pFree = this.pNext[p];
      return p;
    }
    if (this.pUsed === this.pArrival.length) {
      const cap = this.pUsed * 2;
      const f = (a: Float64Array) => {
        const b = new Float64Array(cap);
        b.set(a);
        return b;
      };
      this.pArrival = f(this.pArrival);
      this.pOrdinal = f(this.pOrdinal);
      const next = new Int32Array(cap);
      next.set(this.pNext);
      this.pNext = next;
    }
    return this.pUsed++;
  }

  private resetMeasured(): void {
    const now = this.sim.now;
    this.goalsArrived = this.goalsCompleted = this.goalsSucceeded = this.goalsExhausted = 0;
    this.escalations = this.slmFirst = this.wasted = this.toolCalls = this.compactions = this.retriesDone = this.resumes = this.rejected = 0;
    for (const t of this.tierFigures) t.calls = t.inputTokens = t.outputTokens = t.cacheReadTokens = t.processedTokens = 0;
    this.latency.reset();
    for (const w of [this.latencyW, this.goalTokens, this.goalTokensLlm, this.goalTokensSlm, this.goalCalls, this.resumeFresh, this.resumeReload]) w.reset();
    this.suspended.reset(now);
    this.storedBytes.reset(now);
  }

  /** The measured figures (see `reportCohorts` for the scalars built from them). */
  figures(): CohortFigures {
    const now = this.sim.now;
    return {
      goalsArrived: this.goalsArrived,
      goalsCompleted: this.goalsCompleted,
      goalsSucceeded: this.goalsSucceeded,
      goalsExhausted: this.goalsExhausted,
      escalations: this.escalations,
      slmFirstCalls: this.slmFirst,
      wastedTokens: this.wasted,
      toolCalls: this.toolCalls,
      compactions: this.compactions,
      retries: this.retriesDone,
      resumes: this.resumes,
      rejected: this.rejected,
      latency: this.latency,
      latencyMean: this.latencyW.meanOrNaN,
      tokensPerGoal: this.goalTokens.meanOrNaN,
      tokensPerGoalLlm: this.goalTokensLlm.meanOrNaN,
      tokensPerGoalSlm: this.goalTokensSlm.meanOrNaN,
      callsPerGoal: this.goalCalls.meanOrNaN,
      resumeFreshMean: this.resumeFresh.meanOrNaN,
      resumeReloadMean: this.resumeReload.meanOrNaN,
      suspendedMean: this.suspended.mean(now),
      storedBytesMean: this.storedBytes.mean(now),
      sample: this.sample,
    };
  }
}

/** What a cohort measured, for reporting. */
export interface CohortFigures {
  goalsArrived: number;
  goalsCompleted: number;
  goalsSucceeded: number;
  goalsExhausted: number;
  escalations: number;
  slmFirstCalls: number;
  wastedTokens: number;
  toolCalls: number;
  compactions: number;
  retries: number;
  resumes: number;
  rejected: number;
  latency: LogHistogram;
  latencyMean: number;
  tokensPerGoal: number;
  tokensPerGoalLlm: number;
  tokensPerGoalSlm: number;
  callsPerGoal: number;
  resumeFreshMean: number;
  resumeReloadMean: number;
  suspendedMean: number;
  storedBytesMean: number;
  sample: GoalSample;
}

