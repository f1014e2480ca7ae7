/**
 * The `swarms:` section: streams of coordination tasks, each worked by a network of agents whose
 * every round is a model call on a pool (DESIGN.md, "Coordination"). A topology that cannot be
 * built on the swarm's size is reported at the topology field at fault; the pool name and metric
 * name collisions are checked against the other sections by {@link SWARM_CHECKS}, which the
 * top-level schema runs with its cross-checks, so every error carries a position.
 *
 * Default failure rates are AgentsNet-like (Grötschla et al., arXiv:2507.08616: the best models
 * solve ≈ 70–80% of tasks on 4–16 agents and almost none on 100): with late 0.1, silent 0.1,
 * accept 0.8 and error 0.01 per agent per round, consensus on small-world graphs succeeds
 * ≈ 0.9 / 0.8 / 0.5 of the time at 4 / 8 / 16 agents and < 0.01 at 100 (test/coordination,
 * test/fixtures/scenarios/coordination/small-world-sizes.yaml).
 * They are calibrated to those figures, not measured from transcripts; make them parameters.
 */

import { TOPOLOGY_KINDS, MAX_SWARM_SIZE, topologyProblem, type TopologySpec } from '../coordination/topology.js';
import { VERIFICATION_POLICIES, type FailureRates, type VerificationSettings } from '../coordination/protocol.js';
import { TASK_KINDS, type TaskKind } from '../coordination/task-kinds.js';
import { checkMetricName, checkReferences, RUN_WIDE_NAMES, uniqueNames, type IssueSink } from './name-checks.js';
import { booleanField, choiceField, countField, durationField, listOf, nameField, numberField, probabilityField, rateField, section, WHEN_FIELDS_VALID } from './fields.js';

/** Message formats: free text, or compact structured messages (agent-to-agent traffic made lightweight). */
export const MESSAGE_FORMATS = ['text', 'structured'] as const;
export type MessageFormat = (typeof MESSAGE_FORMATS)[number];

/**
 * Default tokens per message. Free text: AgentsNet's agents write a paragraph per neighbour per
 * round (≈ 100–300 tokens in its transcripts as we read them); structured: a JSON record of the
 * sender's state (≈ 20–40 tokens). Assumptions, to be set per study.
 */
export const MESSAGE_TOKENS: Readonly<Record<MessageFormat, number>> = Object.freeze({ text: 200, structured: 30 });

/** Where a swarm's tasks come from: an open Poisson stream, or a batch run `concurrency` at a time. */
export interface SwarmTasksSpec {
  /** Poisson: tasks per second; null for a batch. */
  readonly rate: number | null;
  /** Batch: tasks in all; null for a Poisson stream. */
  readonly count: number | null;
  /** Batch: tasks in flight at once (the next starts when one ends). */
  readonly concurrency: number;
  /** Time of the first task, s. */
  readonly start: number;
}

/** Verification policy with what a check costs. */
export interface SwarmVerificationSpec extends VerificationSettings {
  /** Input tokens a check adds to the reader's call (the evidence it reads). */
  readonly tokens: number;
  /** Output tokens a check adds (its verdict). */
  readonly verdict: number;
}

/** A swarm: a stream of coordination tasks, each worked by `size` agents on a topology. */
export interface SwarmSpec {
  readonly name: string;
  /** Pool serving the agents' calls. */
  readonly pool: string;
  readonly size: number;
  readonly task: TaskKind;
  /** colouring: palette size; null = Δ + 1. */
  readonly colours: number | null;
  readonly topology: TopologySpec;
  readonly tasks: SwarmTasksSpec;
  /** Rounds a task may take; null = 2R + 1 (R: rounds the failure-free protocol needs). */
  readonly deadline: number | null;
  readonly message: { readonly format: MessageFormat; /** tokens per message */ readonly tokens: number };
  readonly context: { /** shared system prompt tokens */ readonly system: number; /** each agent's task statement, tokens */ readonly task: number };
  /** Output tokens of a call besides its message. */
  readonly reasoning: number;
  readonly failures: FailureRates;
  readonly verification: SwarmVerificationSpec;
  /** Per-task rows kept in coordination.arrow per run. */
  readonly sample: number;
}

const topology = section(
  {
    kind: choiceField(TOPOLOGY_KINDS, 'topology').describe(`Network: ${TOPOLOGY_KINDS.join(', ')}.`),
    degree: countField({ min: 2, integer: true }).optional().describe('small-world: ring-lattice neighbours per agent before rewiring; even, ≥ 2 and < size. Default 4.'),
    rewire: numberField({ min: 0, max: 1 }, 'a probability').optional().describe('small-world: probability that a lattice edge is rewired (Watts–Strogatz p). Default 0.1.'),
    m: countField({ min: 1, integer: true }).optional().describe('scale-free: edges each new agent attaches with (Barabási–Albert m); ≥ 1 and < size. Default 2.'),
    fanout: countField({ min: 1, integer: true }).optional().describe('tree: members per leader; ≥ 1. Default 4.'),
    leaders: booleanField().optional().describe('tree: a hierarchy — members wait for their leader’s decision instead of joining every round, and leaders are the trusted agents. Default true.'),
    columns: countField({ min: 1, integer: true }).optional().describe('grid: agents per row; default ⌈√size⌉.'),
  },
  'a topology: a mapping with kind and its parameters',
).describe('The coordination network.');

/** Parameters each topology kind takes (besides kind). */
const TOPOLOGY_PARAMS: Readonly<Record<TopologySpec['kind'], readonly string[]>> = {
  ring: [],
  complete: [],
  grid: ['columns'],
  'small-world': ['degree', 'rewire'],
  'scale-free': ['m'],
  tree: ['fanout', 'leaders'],
};

const tasks = section(
  {
    rate: rateField().optional().describe('Poisson tasks at this rate (2/min, 30/h). Give rate, or count for a batch.'),
    count: countField({ min: 1, integer: true }).optional().describe('A batch of this many tasks, run `concurrency` at a time. Give count, or rate.'),
    concurrency: countField({ min: 1, integer: true }).optional().describe('Batch: tasks in flight at once; the next starts when one ends. Default 1.'),
    start: durationField({ min: 0 }).prefault(0).describe('Time of the first task; a duration such as 0, 5m.'),
  },
  'tasks: a mapping with rate (Poisson) or count (a batch)',
)
  .describe('Where the tasks come from.')
  .superRefine((t, ctx) => {
    const add = (path: string[], message: string, expected: string) => ctx.addIssue({ code: 'custom', path, message, input: t, params: { expected } });
    if (t.rate !== undefined && t.count !== undefined) add(['count'], 'has both rate and count', 'either rate (a Poisson stream) or count (a batch)');
    else if (t.rate === undefined && t.count === undefined) add([], 'has neither rate nor count', 'rate (a Poisson stream) or count (a batch)');
    if (t.concurrency !== undefined && t.count === undefined) add(['concurrency'], 'only applies to a batch (count)', 'concurrency with count');
  }, WHEN_FIELDS_VALID);

const message = section(
  {
    format: choiceField(MESSAGE_FORMATS, 'message format').prefault('text').describe(`text (free prose, ≈ ${MESSAGE_TOKENS.text} tokens) or structured (a compact record, ≈ ${MESSAGE_TOKENS.structured} tokens).`),
    tokens: countField({ min: 1, integer: true }).optional().describe('Tokens per message; default by format.'),
  },
  'a message: a mapping with format and tokens',
).describe('What one agent-to-agent message costs its reader.');

const context = section(
  {
    system: countField({ min: 0, integer: true }).prefault(1500).describe('System prompt tokens every agent of the swarm shares (cached once). Default 1500.'),
    task: countField({ min: 0, integer: true }).prefault(300).describe('Tokens of each agent’s own task statement (its proposal, its neighbours). Default 300.'),
  },
  'a context: a mapping with system and task',
).describe('What each agent reads before the first round; later rounds append messages and outputs.');

const failures = section(
  {
    late: probabilityField('Late agreement: an agent’s call does not act on what it read this round', 0.1),
    silent: probabilityField('Silent adoption: an agent changes its state without announcing it', 0.1),
    accept: probabilityField('Unverified acceptance: an unchecked message carrying a wrong value is taken at face value', 0.8),
    error: probabilityField('Model error: a call’s output is wrong (a fabricated value, a colour chosen blind)', 0.01),
  },
  'failures: a mapping with late, silent, accept and error',
).describe('Failure probabilities per agent per round (accept: per wrong unchecked message). Defaults are AgentsNet-like.');

const verification = section(
  {
    policy: choiceField(VERIFICATION_POLICIES, 'verification policy').prefault('none').describe(`Which incoming messages are checked: ${VERIFICATION_POLICIES.join(', ')}.`),
    rate: probabilityField('sample: share of incoming messages checked', 0.25),
    catch: probabilityField('Chance a check catches a wrong message (it is rejected and its sender corrects itself)', 0.9),
    tokens: countField({ min: 0, integer: true }).prefault(200).describe('Input tokens one check adds to the reader’s call (the evidence). Default 200.'),
    verdict: countField({ min: 0, integer: true }).prefault(40).describe('Output tokens one check adds (its verdict). Default 40.'),
    lowTrustShare: probabilityField('verify-from-low-trust: share of agents that are low-trust (in a hierarchy, members are low-trust and leaders are not)', 0.5),
  },
  'verification: a mapping with policy, rate, catch, tokens, verdict and lowTrustShare',
).describe('How agents check what their neighbours tell them, and what it costs.');

const swarm = section(
  {
    name: nameField().describe('Swarm name, unique; prefixes its metrics (`<name>.success_rate`). Letters, digits, _ . -'),
    pool: nameField().describe('Pool serving the agents’ calls.'),
    size: countField({ min: 2, max: MAX_SWARM_SIZE, integer: true }).describe(`Agents in the network; a whole number from 2 to ${MAX_SWARM_SIZE}.`),
    task: choiceField(TASK_KINDS, 'task').prefault('consensus').describe('consensus (agree on the smallest proposal, by flooding) or colouring (neighbours must differ; checked at the end).'),
    colours: countField({ min: 1, integer: true }).optional().describe('colouring: palette size; default Δ + 1 (max degree + 1).'),
    topology,
    tasks,
    deadline: countField({ min: 1, integer: true }).optional().describe('Rounds a task may take before it fails (agreed too late); default 2R + 1, R = rounds the failure-free protocol needs (consensus: the diameter).'),
    message: message.prefault({}),
    context: context.prefault({}),
    reasoning: countField({ min: 0, integer: true }).prefault(150).describe('Output tokens of a call besides its message (its reasoning). Default 150.'),
    failures: failures.prefault({}),
    verification: verification.prefault({}),
    sample: countField({ min: 0, integer: true }).prefault(1000).describe('Per-task rows kept in coordination.arrow per run; beyond that a deterministic uniform sample.'),
  },
  'a swarm: a mapping with name, pool, size, topology and tasks',
)
  .describe('A stream of coordination tasks worked by a network of agents.')
  .superRefine((s, ctx) => {
    const add = (path: (string | number)[], message: string, expected: string) => ctx.addIssue({ code: 'custom', path, message, input: s, params: { expected } });
    const t = s.topology;
    const takes = TOPOLOGY_PARAMS[t.kind];
    for (const key of Object.values(TOPOLOGY_PARAMS).flat()) {
      if (!takes.includes(key) && (t as Record<string, unknown>)[key] !== undefined) {
        add(['topology', key], `is not a parameter of a ${t.kind} topology`, takes.length > 0 ? `${t.kind} parameters: ${takes.join(', ')}` : `no parameters for a ${t.kind}`);
      }
    }
    const problem = topologyProblem(resolveTopology(t), s.size);
    if (problem) add(['topology', problem.field], problem.message, problem.expected);
    if (s.colours !== undefined && s.task !== 'colouring') add(['colours'], `only applies to colouring; this swarm's task is ${s.task}`, 'colours with task: colouring');
  }, WHEN_FIELDS_VALID)
  .transform(
    (s): SwarmSpec => ({
      name: s.name,
      pool: s.pool,
      size: s.size,
      task: s.task,
      colours: s.colours ?? null,
      topology: resolveTopology(s.topology),
      tasks: { rate: s.tasks.rate ?? null, count: s.tasks.count ?? null, concurrency: s.tasks.concurrency ?? 1, start: s.tasks.start },
      deadline: s.deadline ?? null,
      message: { format: s.message.format, tokens: s.message.tokens ?? MESSAGE_TOKENS[s.message.format] },
      context: s.context,
      reasoning: s.reasoning,
      failures: s.failures,
      verification: s.verification,
      sample: s.sample,
    }),
  );

type RawTopology = { kind: TopologySpec['kind']; degree?: number; rewire?: number; m?: number; fanout?: number; leaders?: boolean; columns?: number };

/** A topology with its kind's defaults filled in. */
function resolveTopology(t: RawTopology): TopologySpec {
  return { kind: t.kind, degree: t.degree ?? 4, rewire: t.rewire ?? 0.1, m: t.m ?? 2, fanout: t.fanout ?? 4, leaders: t.leaders ?? true, columns: t.columns ?? null };
}

/** Zod fields the top-level scenario schema includes. */
export const SWARM_FIELDS = {
  swarms: listOf(swarm, { noun: 'swarm', expected: 'a list of swarms, each with name, pool, size, topology and tasks' })
    .prefault([])
    .describe('Coordination tasks worked by networks of agents on the pools. Names unique.'),
};

/** The parts of a scenario the swarm checks read. */
export interface SwarmCheckInput {
  readonly swarms: readonly SwarmSpec[];
  readonly pools: readonly { readonly name: string }[];
  readonly stations: readonly { readonly name: string }[];
  readonly workloads: readonly { readonly name: string }[];
  readonly cohorts: readonly { readonly name: string }[];
  readonly registries: readonly { readonly name: string }[];
}

/** Names that prefix run-wide metrics or tables (`coordination.arrow`). */
const RESERVED = [...RUN_WIDE_NAMES, 'coordination'];

/** Rules that span swarms and the other sections; run by the top-level schema once fields are valid. */
export const SWARM_CHECKS: readonly ((s: SwarmCheckInput, ctx: IssueSink) => void)[] = [
  (s, ctx) => uniqueNames(s.swarms, 'swarms', ctx),
  (s, ctx) => checkReferences(s.swarms, 'swarms', 'pool', s.pools.map((p) => p.name), 'pool', ctx, 'add a pool under pools:'),
  (s, ctx) => {
    const others = [['pools', s.pools], ['stations', s.stations], ['workloads', s.workloads], ['cohorts', s.cohorts], ['registries', s.registries]] as const;
    const named = others.map(([list, items]) => [list, items.map((x) => x.name)] as const);
    s.swarms.forEach((w, i) => checkMetricName(w.name, 'swarms', i, named, ctx, RESERVED));
  },
];
