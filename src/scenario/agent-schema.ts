/**
 * The `cohorts:` section: populations of agents that pursue goals through model calls and tool
 * calls, re-reading a growing context, under a token budget, routed to a big-model or a
 * small-model tier (DESIGN.md, "Agents and workload", "Routing"). Names of pools and stations are
 * checked against the rest of the scenario by {@link COHORT_CHECKS}, which the top-level schema
 * runs with its other cross-checks, so errors carry positions.
 */

import type { DistSpec } from '../kernel/distribution-spec.js';
import { makeSampler } from '../kernel/distributions.js';
import { GOAL_PROCESSES, GOAL_TRACE_FORMATS, type GoalArrivalSpec } from '../agents/goal-arrivals.js';
import { DEFAULT_QUALITY, type QualityModel } from '../agents/quality.js';
import { TIER_POLICIES, tiersUsed, type TierPolicySettings } from '../routing/tier-policy.js';
import { countDist } from './distribution-schema.js';
import { checkMetricName, checkReference, uniqueNames, type IssueSink } from './name-checks.js';
import {
  booleanField,
  choiceField,
  countField,
  durationField,
  listOf,
  nameField,
  numberField,
  rateField,
  section,
  textField,
  WHEN_FIELDS_VALID,
} from './fields.js';
import type { PoolSpec } from './fleet-schema.js';
import type { GovernanceSpec } from '../governance/governance-spec.js';
import { GOVERNANCE_CHECKS, GOVERNANCE_FIELD } from './governance-schema.js';
import { cohortAuditField, cohortDiscoveryField, type AuditSpec, type CohortDiscoverySpec } from './discovery-schema.js';

/** Kinds of cohort. */
export const COHORT_KINDS = ['persistent', 'ephemeral', 'swarm'] as const;
export type CohortKind = (typeof COHORT_KINDS)[number];

/** What the goal does when its token budget runs out. */
export const ON_EXHAUST = ['fail', 'submit'] as const;
export type OnExhaust = (typeof ON_EXHAUST)[number];

/** Tokens and difficulty of one kind of model call. */
export interface CallKindSpec {
  /** New tokens appended to the context before the call (the goal statement, an instruction). */
  readonly input: DistSpec;
  /** Tokens the call generates (appended to the context after it). */
  readonly output: DistSpec;
  /** Difficulty of the call, on [0, 1] (compared with model capability by the quality model). */
  readonly difficulty: DistSpec;
}

/** A tool call after each subtask's model call: a job on a CPU station whose result joins the context. */
export interface ToolSpec {
  readonly station: string;
  /** Tokens of the tool's result. */
  readonly result: DistSpec;
}

/** A goal program: plan → subtasks (model call, then tool call) → verify. */
export interface ProgramSpec {
  /** Subtasks per goal. */
  readonly subtasks: DistSpec;
  /** Extra attempts of a failed subtask (each a model call and a tool call), within budget. */
  readonly retries: number;
  readonly plan: CallKindSpec;
  readonly act: CallKindSpec;
  readonly tool: ToolSpec | null;
  readonly verify: CallKindSpec;
}

/** An agent's context: system prompt, memory, compaction. Tokens. */
export interface ContextSpec {
  /** System/tool prompt every agent of the cohort shares (shared cache blocks). */
  readonly system: number;
  /** Persistent agents: memory each agent starts with. */
  readonly memory: number;
  /** Compact the context when it exceeds this many tokens; null = never. */
  readonly compactAt: number | null;
  /** Tokens of a compaction's output, which becomes the agent's new memory. */
  readonly compactTo: DistSpec;
}

/** A goal's token budget. */
export interface BudgetSpec {
  /** Tokens (input + output of every model call) a goal may spend; null = unlimited. */
  readonly tokens: number | null;
  readonly onExhaust: OnExhaust;
}

/** Where a cohort's calls go: the tier policy and the pool of each tier. */
export interface TierRoutingSpec extends TierPolicySettings {
  /** Pool serving the big-model tier; null = none. */
  readonly llm: string | null;
  /** Pool serving the small-model tier; null = none. */
  readonly slm: string | null;
}

/** Idle agents are suspended; their context waits in a state store. */
export interface LifecycleSpec {
  /** Suspend a persistent agent idle this long, s; 0 = never. */
  readonly idleTimeout: number;
  /** Time to restore a suspended agent before its next goal starts, s. */
  readonly resumeDelay: number;
  /** State-store bytes per context token of a suspended agent. */
  readonly stateBytesPerToken: number;
  /** State-store price, USD per GB-month. */
  readonly storageUsdPerGbMonth: number;
}

/** A cohort of agents with one behaviour. */
export interface CohortSpec {
  readonly name: string;
  readonly kind: CohortKind;
  /** Real agents the cohort stands for. */
  readonly agents: number;
  /** Agents the run simulates (≤ agents); results scale by agents / simulated. */
  readonly simulated: number;
  /** Agents per team (swarm; 1 otherwise). */
  readonly teamSize: number;
  /** swarm: members reuse the team's KV blocks instead of re-sending its context as text. */
  readonly sharedKv: boolean;
  /** Goal arrivals per agent (per team for swarms). */
  readonly goals: GoalArrivalSpec;
  readonly program: ProgramSpec;
  readonly context: ContextSpec;
  readonly budget: BudgetSpec;
  readonly quality: QualityModel;
  readonly routing: TierRoutingSpec;
  readonly lifecycle: LifecycleSpec;
  /** Per-goal rows kept in `goals.arrow` per run (a deterministic sample beyond that). */
  readonly sample: number;
  /** The cohort whose named random streams this one draws from (its own name by default). */
  readonly draws: string;
  /** Runtime governance of the agents' actions; null = none reported. */
  readonly governance: GovernanceSpec | null;
  /** The registry each goal looks its provider up in; null = no discovery. */
  readonly discovery: CohortDiscoverySpec | null;
  /** Identity check and audit record of every transaction; null = none. */
  readonly audit: AuditSpec | null;
}

const constant = (value: number): DistSpec => ({ dist: 'constant', value });

/**
 * A distribution confined to [0, 1] (difficulties): constant, uniform, bernoulli, or empirical
 * values/CDF points in [0, 1]. Unbounded kinds are refused rather than clamped, which would
 * quietly distort them.
 */
function unitIntervalDist() {
  return countDist().superRefine((d, ctx) => {
    const out = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message, input: d, params: { expected: 'a distribution on [0, 1]: constant, uniform, bernoulli or empirical with values in [0, 1]' } });
    switch (d.dist) {
      case 'constant':
        if (d.value > 1) out(['value'], `must be ≤ 1, got ${d.value}`);
        return;
      case 'uniform':
        if (d.max > 1) out(['max'], `must be ≤ 1, got ${d.max}`);
        return;
      case 'bernoulli':
        return;
      case 'empirical':
        if ('values' in d) {
          const bad = d.values.findIndex((v) => v > 1);
          if (bad >= 0) out(['values', bad], `must be ≤ 1, got ${d.values[bad]}`);
        } else {
          const bad = d.cdf.findIndex((p) => p[0] > 1);
          if (bad >= 0) out(['cdf', bad, 0], `x must be ≤ 1, got ${d.cdf[bad][0]}`);
        }
        return;
      default:
        out(['dist'], `${/^[aeiou]/.test(d.dist) ? 'an' : 'a'} ${d.dist} distribution is not confined to [0, 1]`);
    }
  }, WHEN_FIELDS_VALID);
}

const probability = (what: string) => numberField({ min: 0, max: 1 }, 'a probability').describe(`${what}; a probability between 0 and 1.`);

const callKind = (what: string, d: { input: number; output: number; difficulty: number }) =>
  section(
    {
      input: countDist().prefault(constant(d.input)).describe(`Tokens appended to the context before the ${what} call; a distribution of counts. Default ${d.input}.`),
      output: countDist().prefault(constant(d.output)).describe(`Tokens the ${what} call generates; a distribution of counts. Default ${d.output}.`),
      difficulty: unitIntervalDist()
        .prefault(constant(d.difficulty))
        .describe(`Difficulty of a ${what} call on [0, 1] (constant, uniform, bernoulli, empirical). Default ${d.difficulty}.`),
    },
    `a ${what} call: a mapping with input, output and difficulty`,
  ).describe(`The ${what} calls of a goal.`);

const program = section(
  {
    subtasks: countDist().prefault(constant(3)).describe('Subtasks per goal; a distribution of counts (e.g. { dist: poisson, mean: 4 }). Default 3.'),
    retries: countField({ min: 0, integer: true }).prefault(2).describe('Extra attempts of a failed subtask, within budget; a whole number ≥ 0.'),
    plan: callKind('plan', { input: 500, output: 400, difficulty: 0.5 }).prefault({}),
    act: callKind('subtask', { input: 100, output: 600, difficulty: 0.5 }).prefault({}),
    tool: section(
      {
        station: nameField().describe('Station (CPU sandbox) that runs the tool call.'),
        result: countDist().prefault(constant(1500)).describe('Tokens of the tool result appended to the context; a distribution of counts. Default 1500.'),
      },
      'a tool: a mapping with station and result',
    )
      .optional()
      .describe('A tool call after each subtask model call; omitted = no tool calls.'),
    verify: callKind('verify', { input: 100, output: 300, difficulty: 0.5 }).prefault({}),
  },
  'a goal program: a mapping with subtasks, retries, plan, act, tool, verify',
).describe('The goal program: plan → subtasks (model call, then tool call) → verify.');

const goalTrace = section(
  {
    format: choiceField(GOAL_TRACE_FORMATS, 'goal trace format').describe(`Trace format: ${GOAL_TRACE_FORMATS.join(', ')} (each request is one goal).`),
    file: textField().describe('Trace file, relative to this scenario file.'),
    limit: countField({ min: 2, integer: true }).optional().describe('Use only the first N requests; omitted = all.'),
    speedup: numberField({ gt: 0 }).optional().describe('Play this many times faster than recorded; > 0; default 1. Not with rate.'),
    loop: booleanField().prefault(true).describe('Replay the trace in a loop (period: its span plus one mean gap); false = no goals after it ends.'),
  },
  'a goal trace: a mapping with format and file',
).describe('process: trace — goals arrive at the request times of a recorded trace.');

const goals = section(
  {
    rate: rateField().optional().describe('Goals per agent (per team for swarms), on average; such as 2/h, 20/d. Required unless process is trace; with a trace, rescales its times to this mean rate.'),
    process: choiceField(GOAL_PROCESSES, 'arrival process').prefault('poisson').describe(`Arrival process: ${GOAL_PROCESSES.join(', ')}.`),
    amplitude: numberField({ min: 0, max: 1 }).prefault(0.5).describe('diurnal: relative amplitude of the daily swing, 0..1.'),
    peak: durationField({ min: 0 }).prefault(14 * 3600).describe('diurnal: time of day of the peak (from t = 0); such as 14h.'),
    period: durationField({ gt: 0 }).prefault(86400).describe('diurnal: length of the cycle; default 1d.'),
    burstFactor: numberField({ min: 1 }).prefault(10).describe('bursty: arrival rate in a burst ÷ rate when calm; ≥ 1.'),
    burstShare: numberField({ gt: 0, max: 0.999 }).prefault(0.1).describe('bursty: share of time spent in bursts; in (0, 1).'),
    burstLength: durationField({ gt: 0 }).prefault(600).describe('bursty: mean length of a burst; such as 10m.'),
    trace: goalTrace.optional(),
  },
  'goal arrivals: a mapping with rate and process',
)
  .describe('How goals arrive to each agent (open arrivals: they do not wait for the fleet).')
  .superRefine((g, ctx) => {
    const add = (path: string[], message: string, expected: string) => ctx.addIssue({ code: 'custom', path, message, input: g, params: { expected } });
    if (g.process === 'trace') {
      if (g.trace === undefined) add(['process'], 'is trace, but no trace is given', 'trace: { format, file } (or another process with a rate)');
      else if (g.rate !== undefined && g.trace.speedup !== undefined) add(['trace', 'speedup'], 'is given with a rate; the rate already sets the trace\'s speed', 'either rate or trace.speedup');
    } else {
      if (g.trace !== undefined) add(['trace'], `is only used with process: trace (this is ${g.process})`, 'process: trace, or no trace');
      if (g.rate === undefined) add(['rate'], 'is missing', 'a rate such as 2/h (or process: trace with a trace)');
    }
  }, WHEN_FIELDS_VALID)
  .transform(
    (g): GoalArrivalSpec => ({
      process: g.process,
      rate: g.rate ?? NaN,
      amplitude: g.amplitude,
      peak: g.peak,
      period: g.period,
      burstFactor: g.burstFactor,
      burstShare: g.burstShare,
      burstLength: g.burstLength,
      trace:
        g.trace === undefined
          ? null
          : { format: g.trace.format, file: g.trace.file, tracePath: null, limit: g.trace.limit ?? null, speedup: g.trace.speedup ?? 1, loop: g.trace.loop },
    }),
  );

const context = section(
  {
    system: countField({ min: 0, integer: true }).prefault(2000).describe('System and tool prompt tokens every agent of the cohort shares (cached once).'),
    memory: countField({ min: 0, integer: true }).prefault(0).describe('persistent: memory tokens each agent starts with.'),
    compactAt: countField({ min: 1, integer: true }).optional().describe('Compact the context (a model call) when it exceeds this many tokens; omitted = never.'),
    compactTo: countDist().prefault(constant(4000)).describe('Tokens a compaction writes: the new memory; a distribution of counts. Default 4000.'),
  },
  'a context: a mapping with system, memory, compactAt, compactTo',
).describe("The agent's context: shared system prompt, memory, compaction.");

const budget = section(
  {
    tokens: countField({ gt: 0, integer: true }).optional().describe('Tokens (input + output of every model call) one goal may spend; omitted = unlimited.'),
    onExhaust: choiceField(ON_EXHAUST, 'budget action').prefault('fail').describe('When the budget runs out: fail (the goal stops as failed) or submit (it delivers what it has).'),
  },
  'a budget: a mapping with tokens and onExhaust',
).describe('Token budget per goal.');

const quality = section(
  {
    capabilityWeight: numberField({ min: 0 }).prefault(DEFAULT_QUALITY.capabilityWeight).describe('Log-odds of success per unit of (capability − difficulty); ≥ 0.'),
    tokenElasticity: numberField({ min: 0 }).prefault(DEFAULT_QUALITY.tokenElasticity).describe('Log-odds of success per e-fold of output tokens (test-time scaling); ≥ 0, 0 = no effect.'),
    referenceTokens: countField({ gt: 0 }).prefault(DEFAULT_QUALITY.referenceTokens).describe('Output tokens at which the token term is zero; > 0.'),
    bias: numberField().prefault(DEFAULT_QUALITY.bias).describe('Log-odds added to every call.'),
  },
  'a quality model: a mapping with capabilityWeight, tokenElasticity, referenceTokens, bias',
).describe('P(call succeeds) = σ(capabilityWeight·(capability − difficulty) + tokenElasticity·ln(tokens/referenceTokens) + bias).');

const routing = section(
  {
    policy: choiceField(TIER_POLICIES, 'tier policy').prefault('llm-only').describe(`Which tier serves a call: ${TIER_POLICIES.join(', ')}.`),
    llm: nameField().optional().describe('Pool serving the big-model tier.'),
    slm: nameField().optional().describe('Pool serving the small-model tier.'),
    verifierAccuracy: probability('cascade: chance the verifier judges a small-model call right (flags a failure, passes a success)').prefault(0.9),
    classifierAccuracy: probability('classifier: chance it labels a call hard or easy correctly').prefault(0.9),
    hardAbove: probability('classifier: a call is hard when its difficulty exceeds this').prefault(0.5),
    llmShare: probability('budget-aware: share of the goal budget that may go to the big model').prefault(0.5),
  },
  'routing: a mapping with policy, llm, slm',
).describe('Tier routing: policy and the pool of each tier (replica policy is set per pool).');

const lifecycle = section(
  {
    idleTimeout: durationField({ min: 0 }).prefault(600).describe('persistent: suspend an agent idle this long; 0 = never. Such as 10m.'),
    resumeDelay: durationField({ min: 0 }).prefault(0).describe('Time to restore a suspended agent before its goal starts; such as 2s.'),
    stateBytesPerToken: numberField({ min: 0 }).prefault(4).describe('State-store bytes per context token of a suspended agent (≈4 for text, the KV bytes/token to keep KV).'),
    storageUsdPerGbMonth: numberField({ min: 0 }).prefault(0.023).describe('State-store price, USD per GB-month (S3 Standard ≈ 0.023).'),
  },
  'a lifecycle: a mapping with idleTimeout, resumeDelay, stateBytesPerToken, storageUsdPerGbMonth',
).describe('Suspension of idle agents and their state store.');

const cohort = section(
  {
    name: nameField().describe('Cohort name, unique; prefixes its metrics (`<name>.success_rate`). Letters, digits, _ . -'),
    kind: choiceField(COHORT_KINDS, 'cohort kind').describe(`persistent (long-lived, memory, compaction), ephemeral (fresh context per goal), swarm (teams).`),
    agents: countField({ min: 1, integer: true }).describe('Real agents the cohort stands for; up to 1e12 and beyond (1e12, 5G).'),
    simulated: countField({ min: 1, max: 1_000_000, integer: true }).optional().describe('Agents the run simulates, ≤ agents; default min(agents, 100). Results scale by agents/simulated.'),
    teamSize: countField({ min: 1, integer: true }).optional().describe('swarm: agents per team (default 4); 1 for other kinds.'),
    sharedKv: booleanField().prefault(false).describe('swarm: members reuse the team context KV blocks instead of re-sending it as text.'),
    goals,
    program: program.prefault({}),
    context: context.prefault({}),
    budget: budget.prefault({}),
    quality: quality.prefault({}),
    routing: routing.prefault({}),
    lifecycle: lifecycle.prefault({}),
    sample: countField({ min: 0, integer: true }).prefault(1000).describe('Per-goal rows kept in goals.arrow per run; beyond that a deterministic uniform sample.'),
    draws: nameField()
      .optional()
      .describe("Draw goals, arrivals and luck from this cohort's random streams instead of this cohort's own (default: its own name), so two cohorts of one run face the same goals — a paired comparison within a run. Give both the same agents, simulated and goals to see the same arrivals."),
    governance: GOVERNANCE_FIELD.optional(),
    discovery: cohortDiscoveryField,
    audit: cohortAuditField,
  },
  'a cohort: a mapping with name, kind, agents, goals and routing',
)
  .describe('A population of agents with one behaviour.')
  .transform(
    (c): CohortSpec => ({
      name: c.name,
      kind: c.kind,
      agents: c.agents,
      simulated: c.simulated ?? Math.min(c.agents, 100),
      teamSize: c.teamSize ?? (c.kind === 'swarm' ? 4 : 1),
      sharedKv: c.sharedKv,
      goals: c.goals,
      program: {
        subtasks: c.program.subtasks,
        retries: c.program.retries,
        plan: c.program.plan,
        act: c.program.act,
        tool: c.program.tool ?? null,
        verify: c.program.verify,
      },
      context: { system: c.context.system, memory: c.context.memory, compactAt: c.context.compactAt ?? null, compactTo: c.context.compactTo },
      budget: { tokens: c.budget.tokens ?? null, onExhaust: c.budget.onExhaust },
      quality: c.quality,
      routing: { ...c.routing, llm: c.routing.llm ?? null, slm: c.routing.slm ?? null },
      lifecycle: c.lifecycle,
      sample: c.sample,
      draws: c.draws ?? c.name,
      governance: c.governance ?? null,
      discovery: c.discovery ?? null,
      audit: c.audit,
    }),
  );

/** Zod fields the top-level scenario schema includes. */
export const AGENT_FIELDS = {
  cohorts: listOf(cohort, { noun: 'cohort', expected: 'a list of cohorts, each with name, kind, agents, goals and routing' })
    .prefault([])
    .describe('Populations of agents pursuing goals through the pools. Names unique.'),
};

/** The parts of a scenario the cohort checks read. */
export interface CohortCheckInput {
  readonly cohorts: readonly CohortSpec[];
  readonly pools: readonly PoolSpec[];
  readonly stations: readonly { readonly name: string }[];
  readonly workloads: readonly { readonly name: string }[];
}

/** Mean of a distribution (the sampler's analytic mean; no draws). */
function meanOf(d: DistSpec): number {
  return makeSampler(d, () => 0.5).mean;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** One cohort's rules that span sections. */
function checkCohort(c: CohortSpec, i: number, s: CohortCheckInput, ctx: IssueSink): void {
  const at = (path: (string | number)[], message: string, expected: string, hint?: string) =>
    ctx.addIssue({ code: 'custom', path: ['cohorts', i, ...path], message, input: c, params: { expected, hint } });

  if (c.simulated > c.agents) {
    at(['simulated'], `${fmt(c.simulated)} simulated agents exceed the ${fmt(c.agents)} the cohort stands for`, `a whole number ≤ agents (${fmt(c.agents)})`);
  }
  if (c.kind === 'swarm' && c.teamSize < 2) at(['teamSize'], `a swarm needs teams of at least 2 agents, got ${c.teamSize}`, 'a whole number ≥ 2');
  if (c.kind !== 'swarm' && c.teamSize !== 1) at(['teamSize'], `only swarms have teams; a ${c.kind} cohort has teamSize 1`, 'teamSize 1 (or kind: swarm)');
  if (c.teamSize > 1 && c.simulated % c.teamSize !== 0) {
    at(['simulated'], `${c.simulated} simulated agents do not make whole teams of ${c.teamSize}`, `a multiple of teamSize (${c.teamSize})`);
  }
  if (c.kind !== 'persistent' && c.context.memory > 0) at(['context', 'memory'], `only persistent agents keep memory across goals; this cohort is ${c.kind}`, 'memory: 0, or kind: persistent');

  // tiers and pools
  const pools = s.pools.map((p) => p.name);
  const used = tiersUsed(c.routing.policy);
  const tierPools: PoolSpec[] = [];
  for (const [tier, needed, what] of [['llm', used.llm, 'big-model'], ['slm', used.slm, 'small-model']] as const) {
    const name = c.routing[tier];
    if (name === null) {
      if (needed) at(['routing'], `policy '${c.routing.policy}' sends calls to the ${what} tier, but routing.${tier} names no pool`, `routing.${tier}: the name of a pool`, pools.length > 0 ? `pools: ${pools.join(', ')}` : 'add a pool under pools:');
      continue;
    }
    const pool = s.pools.find((p) => p.name === name);
    if (!pool) checkReference(name, ['cohorts', i, 'routing', tier], { names: pools, noun: 'pool' }, ctx);
    else if (needed) tierPools.push(pool);
  }
  if (tierPools.length === 2 && tierPools[0].engine.blockTokens !== tierPools[1].engine.blockTokens) {
    at(
      ['routing'],
      `pools '${tierPools[0].name}' and '${tierPools[1].name}' cache ${tierPools[0].engine.blockTokens}- and ${tierPools[1].engine.blockTokens}-token blocks; an agent's context chain has one block size`,
      'tier pools with equal engine.blockTokens',
    );
  }

  const stations = s.stations.map((st) => st.name);
  if (c.program.tool !== null) checkReference(c.program.tool.station, ['cohorts', i, 'program', 'tool', 'station'], { names: stations, noun: 'station' }, ctx);

  // a budget must cover at least one (typical) plan call
  const plan = c.program.plan;
  const oneCall = c.context.system + c.context.memory + meanOf(plan.input) + meanOf(plan.output);
  if (c.budget.tokens !== null && c.budget.tokens < oneCall) {
    at(
      ['budget', 'tokens'],
      `${fmt(c.budget.tokens)} tokens are fewer than one plan call takes (≈ ${fmt(oneCall)}: system ${fmt(c.context.system)} + memory ${fmt(c.context.memory)} + goal ${fmt(meanOf(plan.input))} + plan output ${fmt(meanOf(plan.output))})`,
      `a budget of at least ${fmt(oneCall)} tokens`,
    );
  }
  const floor = c.context.system + meanOf(c.context.compactTo);
  if (c.context.compactAt !== null && c.context.compactAt <= floor) {
    at(['context', 'compactAt'], `${fmt(c.context.compactAt)} tokens is no more than a compacted context (system ${fmt(c.context.system)} + compactTo ≈ ${fmt(meanOf(c.context.compactTo))}), so compaction could never make room`, `more than ${fmt(floor)} tokens`);
  }

  // metric names are `<cohort>.<metric>`: a cohort must not share a name with another entity
  checkMetricName(c.name, 'cohorts', i, [['pools', pools], ['stations', stations], ['workloads', s.workloads.map((x) => x.name)]], ctx);
  checkReference(c.draws, ['cohorts', i, 'draws'], { names: s.cohorts.map((o) => o.name), noun: 'cohort' }, ctx);
}

/** Rules that span cohorts and the other sections; run by the top-level schema once fields are valid. */
export const COHORT_CHECKS: readonly ((s: CohortCheckInput, ctx: IssueSink) => void)[] = [
  (s, ctx) => uniqueNames(s.cohorts, 'cohorts', ctx),
  (s, ctx) => s.cohorts.forEach((c, i) => checkCohort(c, i, s, ctx)),
  ...GOVERNANCE_CHECKS,
];
