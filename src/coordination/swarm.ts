/**
 * A swarm on the fleet: a stream of coordination tasks (Poisson, or a batch run `concurrency` at a
 * time), each worked in synchronous rounds by `size` agents on a topology. In every round each
 * active agent makes one model call on the swarm's pool; the round ends when the last of them is
 * served, so the fleet's latency sets how long coordination takes, and the next round starts.
 *
 * A call's prompt is the agent's whole context — the swarm's shared system prompt, its own task
 * statement, then everything earlier rounds appended (the messages it read, the checks it made,
 * its own outputs) — plus this round's messages (tokens per message × messages read) and the
 * evidence of each check. Its output is the agent's reasoning, its message and its verdicts. So
 * input grows with degree and rounds. Each agent's context is a growing block-key chain whose
 * keys also cover the call's output, so the next round re-reads it from cache: coordination
 * traffic is mostly cache reads once contexts grow, as it would be on a real fleet.
 *
 * What each agent does with its round — and every failure draw — is the protocol's
 * (`consensus.ts`, `colouring.ts`), a pure function of the task's key, so a task's outcome does
 * not depend on the fleet, only its latency and cost do.
 */
import { grown } from '../kernel/grown.js';
import type { Simulation } from '../kernel/simulation.js';
import type { UniformSource } from '../kernel/random-streams.js';
import { makeSampler, type Sampler } from '../kernel/distributions.js';
import { UserError } from '../errors.js';
import type { RequestTable } from '../serving/request-table.js';
import type { RequestSink, Workload } from '../agents/workload.js';
import type { ModelSpec } from '../catalog/models.js';
import { LogHistogram } from '../metrics/log-histogram.js';
import { Welford } from '../metrics/welford.js';
import type { SwarmSpec } from '../scenario/coordination-schema.js';
import { diameter as diameterOf, edgeCount, type Graph } from './graph.js';
import type { CoordinationTask, TaskFigures } from './protocol.js';
import { defaultDeadline, makeTask } from './task-kinds.js';
import { sequenceFrom, taskKey } from './task-random.js';
import { TaskSample } from './task-sample.js';
import { buildTopology, DisconnectedTopologyError, isRandomTopology, smallWorld, treeLeaders } from './topology.js';

/** Options of {@link Swarm}. */
export interface SwarmOptions {
  spec: SwarmSpec;
  /** Index of the swarm in the scenario (key ranges, sessions, error paths). */
  swarmIndex: number;
  /** Index in the run's workload list (the `owner` of the swarm's requests). */
  owner: number;
  requests: RequestTable;
  sink: RequestSink;
  /** Model the pool runs (API-price view of the swarm's tokens). */
  model: ModelSpec;
  /** Tokens per KV block of the pool. */
  blockTokens: number;
  /** The run's named streams, e.g. `(w) => streams.uniform(\`swarm/${name}/${w}\`)`. */
  stream: (what: string) => UniformSource;
  /** The scenario file, for errors found while building a task's graph. */
  file: string;
}

/**
 * Base of a swarm's block keys: below cohorts' (−2^50 − i·2^44) and synthetic workloads'
 * (−(i+1)·2^32), 2^46 keys per swarm, exact in float64 for up to 64 swarms.
 */
export function swarmKeyBase(swarmIndex: number): number {
  return -(2 ** 52) - swarmIndex * 2 ** 46;
}

/** Session numbers of swarm agents (for session-affinity routing) live in [1.5e9, 2.1e9). */
const SESSION_BASE = 1_500_000_000;

/** Columns of the `coordination` table rows, in order. */
export const TASK_COLUMNS = [
  'task_id', 'size', 'edges', 'diameter', 'deadline', 'arrival_s', 'latency_s', 'rounds', 'success', 'deadline_missed',
  'calls', 'messages', 'messages_read', 'verifications', 'caught', 'model_errors', 'late_calls', 'silent_calls',
  'wrong_agents', 'error_spread', 'input_tokens', 'output_tokens', 'cache_read_tokens',
] as const;

/** One task in flight. */
class TaskRun {
  outstanding = 0;
  inputTokens = 0;
  outputTokens = 0;
  cacheReadTokens = 0;
  /** Per agent: its chain (created on its first call), keys assigned, tokens in context. */
  readonly chains: (Float64Array | undefined)[];
  readonly keyCount: Int32Array;
  readonly context: Float64Array;

  constructor(
    readonly slot: number,
    readonly ordinal: number,
    readonly arrival: number,
    readonly task: CoordinationTask,
    readonly diameter: number,
    readonly deadline: number,
    initialContext: number,
  ) {
    const n = task.n;
    this.chains = new Array<Float64Array | undefined>(n);
    this.keyCount = new Int32Array(n);
    this.context = new Float64Array(n).fill(initialContext);
  }
}

/** What a swarm measured (tasks finished after warm-up). */
export interface SwarmFigures {
  tasksStarted: number;
  tasksUnfinished: number;
  /** Tasks whose small-world network could not be drawn connected. */
  disconnected: number;
  tasks: number;
  successes: number;
  deadlineMisses: number;
  rounds: Welford;
  diameter: Welford;
  deadline: Welford;
  latency: LogHistogram;
  latencyMean: Welford;
  /** Sums over measured tasks. */
  calls: number;
  messages: number;
  messagesRead: number;
  verifications: number;
  caught: number;
  modelErrors: number;
  wrongAgents: number;
  errorSpread: number;
  taskInputTokens: number;
  taskOutputTokens: number;
  taskCacheReadTokens: number;
  /** Over requests finished after warm-up (what the pool measured of this swarm). */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  rejected: number;
}

/** See the file comment. */
export class Swarm implements Workload {
  issued = 0;
  readonly spec: SwarmSpec;
  readonly sample: TaskSample;
  readonly o: SwarmOptions;
  private readonly sim: Simulation;
  private readonly kArrive: number;
  private readonly kRoundEnd: number;
  private readonly interarrival: Sampler | null;
  private readonly base: number;
  /** The graph of a fixed topology (shared by all tasks), with its diameter, leaders and trust. */
  private readonly fixed: { graph: Graph; diameter: number; passive: Uint8Array | null; lowTrust: Uint8Array | undefined } | null;
  private readonly sharedKeys: Float64Array;
  private nextKey: number;
  private readonly runs: (TaskRun | null)[] = [];
  private readonly freeSlots: number[] = [];
  private reqRun = new Int32Array(1024);
  private reqAgent = new Int32Array(1024);
  private started = 0;
  private open = 0;
  private readonly f: SwarmFigures;

  constructor(sim: Simulation, options: SwarmOptions) {
    this.sim = sim;
    this.o = options;
    const spec = (this.spec = options.spec);
    this.kArrive = sim.register(`${spec.name}.task`, () => this.arrive());
    this.kRoundEnd = sim.register(`${spec.name}.round`, (slot) => this.roundEnd(slot));
    this.interarrival = spec.tasks.rate === null ? null : makeSampler({ dist: 'exponential', mean: 1 / spec.tasks.rate }, options.stream('arrivals'));
    this.base = Math.floor(options.stream('tasks')() * 4294967296);
    this.sample = new TaskSample(TASK_COLUMNS, spec.sample, this.base ^ 0x7f4a7c15);
    const bt = options.blockTokens;
    const keyBase = swarmKeyBase(options.swarmIndex);
    this.sharedKeys = Float64Array.from({ length: Math.floor(spec.context.system / bt) }, (_, i) => keyBase - i);
    this.nextKey = keyBase - this.sharedKeys.length;
    if (isRandomTopology(spec.topology.kind)) {
      this.fixed = null;
      // a network that can never be drawn connected is a mistake in the scenario: say so before the run
      try {
        buildTopology(spec.topology, spec.size, sequenceFrom(taskKey(this.base, 0), 1));
      } catch (e) {
        if (!(e instanceof DisconnectedTopologyError)) throw e;
        throw new UserError(`swarm '${spec.name}': ${e.message}`, {
          location: { file: options.file },
          path: `swarms[${options.swarmIndex}].topology`,
          expected: 'a small-world network that can be drawn connected',
          hint: 'raise degree or lower rewire',
        });
      }
    } else {
      const graph = buildTopology(spec.topology, spec.size, () => 0);
      const { passive, lowTrust } = this.hierarchy();
      this.fixed = { graph, diameter: diameterOf(graph), passive, lowTrust };
    }
    this.f = {
      tasksStarted: 0, tasksUnfinished: 0, disconnected: 0, tasks: 0, successes: 0, deadlineMisses: 0,
      rounds: new Welford(), diameter: new Welford(), deadline: new Welford(), latency: new LogHistogram(), latencyMean: new Welford(),
      calls: 0, messages: 0, messagesRead: 0, verifications: 0, caught: 0, modelErrors: 0, wrongAgents: 0, errorSpread: 0,
      taskInputTokens: 0, taskOutputTokens: 0, taskCacheReadTokens: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, rejected: 0,
    };
  }

  /** Members and trust of a hierarchy (a tree with leaders): members wait and are low-trust. */
  private hierarchy(): { passive: Uint8Array | null; lowTrust: Uint8Array | undefined } {
    const t = this.spec.topology;
    if (t.kind !== 'tree' || !t.leaders) return { passive: null, lowTrust: undefined };
    const members = treeLeaders(this.spec.size, t.fanout).map((leader) => 1 - leader);
    return { passive: members, lowTrust: members };
  }

  start(): void {
    const t = this.spec.tasks;
    if (this.interarrival !== null) this.sim.schedule(t.start + this.interarrival.sample(), this.kArrive, 0);
    else for (let i = 0; i < Math.min(t.concurrency, t.count!); i++) this.sim.schedule(t.start, this.kArrive, 0);
  }

  private arrive(): void {
    if (this.interarrival !== null) this.sim.schedule(this.interarrival.sample(), this.kArrive, 0);
    this.openTask();
  }

  /** Builds task number `started` and starts its first round. */
  private openTask(): void {
    const spec = this.spec;
    const ordinal = this.started++;
    this.open++;
    if (this.sim.measuring) this.f.tasksStarted++;
    const key = taskKey(this.base, ordinal);
    let graph: Graph, diameter: number, passive: Uint8Array | null, lowTrust: Uint8Array | undefined;
    if (this.fixed !== null) ({ graph, diameter, passive, lowTrust } = this.fixed);
    else {
      try {
        graph = buildTopology(spec.topology, spec.size, sequenceFrom(key, 1));
      } catch (e) {
        if (!(e instanceof DisconnectedTopologyError)) throw e;
        // rarely (the first task's network was drawn connected): this task's network stays split,
        // so its agents cannot all agree; counted, and left to fail as it would
        const t = spec.topology;
        graph = smallWorld(spec.size, t.degree, t.rewire, sequenceFrom(key, 2));
        if (this.sim.measuring) this.f.disconnected++;
      }
      diameter = diameterOf(graph);
      passive = null;
      lowTrust = undefined;
    }
    const deadline = spec.deadline ?? defaultDeadline(spec.task, spec.size, diameter);
    const task = makeTask(spec.task, { graph, deadline, failures: spec.failures, verification: spec.verification, key, passive, lowTrust }, spec.colours);
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.runs.length;
      this.runs.push(null);
    }
    const run = new TaskRun(slot, ordinal, this.sim.now, task, diameter, deadline, spec.context.system + spec.context.task);
    this.runs[slot] = run;
    this.nextRound(run);
  }

  /** Begins rounds until one has calls (submitting them) or the task settles. */
  private nextRound(run: TaskRun): void {
    const task = run.task;
    for (;;) {
      if (task.begin() > 0) break;
      task.end();
      if (task.settled) {
        this.finishTask(run);
        return;
      }
    }
    const spec = this.spec;
    const { requests } = this.o;
    const bt = this.o.blockTokens;
    const msg = spec.message.tokens;
    const v = spec.verification;
    const session0 = SESSION_BASE + ((this.o.swarmIndex * 65_537 + run.ordinal * 10_007) % 500_000_000);
    for (let a = 0; a < task.n; a++) if (task.active[a]) run.outstanding++;
    for (let a = 0; a < task.n; a++) {
      if (!task.active[a]) continue;
      const prompt = run.context[a] + task.received[a] * msg + task.verified[a] * v.tokens;
      const output = spec.reasoning + msg + task.verified[a] * v.verdict;
      run.context[a] = prompt + output;
      const keys = this.cover(run, a, prompt + output);
      const req = requests.alloc();
      requests.set(req, this.sim.now, prompt, output, session0 + a, this.o.owner);
      requests.setKeys(req, run.chains[a]!, 0, keys, bt);
      if (req >= this.reqRun.length) this.growReqMaps(req);
      this.reqRun[req] = run.slot;
      this.reqAgent[req] = a;
      this.issued++;
      this.o.sink.submit(req);
    }
  }

  /** Keys for every full block of the agent's first `tokens` tokens (fresh keys past the shared prompt). */
  private cover(run: TaskRun, a: number, tokens: number): number {
    const want = Math.floor(tokens / this.o.blockTokens);
    let chain = run.chains[a];
    if (chain === undefined) {
      chain = new Float64Array(Math.max(16, 2 * this.sharedKeys.length));
      chain.set(this.sharedKeys);
      run.chains[a] = chain;
      run.keyCount[a] = this.sharedKeys.length;
    }
    let n = run.keyCount[a];
    if (want <= n) return want;
    if (want > chain.length) run.chains[a] = chain = grown(chain, want, n);
    while (n < want) chain[n++] = this.nextKey--;
    run.keyCount[a] = n;
    return want;
  }

  private growReqMaps(req: number): void {
    this.reqRun = grown(this.reqRun, req + 1);
    this.reqAgent = grown(this.reqAgent, req + 1);
  }

  onDone(req: number): void {
    const q = this.o.requests;
    const run = this.runs[this.reqRun[req]]!;
    const served = !Number.isNaN(q.done[req]);
    const cacheRead = q.hbmHitTokens[req] + q.dramHitTokens[req] + q.poolHitTokens[req];
    if (served) {
      run.inputTokens += q.promptTokens[req];
      run.outputTokens += q.outputTokens[req];
      run.cacheReadTokens += cacheRead;
    }
    if (this.sim.measuring) {
      if (served) {
        this.f.inputTokens += q.promptTokens[req];
        this.f.outputTokens += q.outputTokens[req];
        this.f.cacheReadTokens += cacheRead;
      } else this.f.rejected++;
    }
    q.free(req);
    // the round ends in its own event, so a call rejected while its round is still being submitted
    // cannot start the next round from inside that loop
    if (--run.outstanding === 0) this.sim.schedule(0, this.kRoundEnd, run.slot);
  }

  private roundEnd(slot: number): void {
    const run = this.runs[slot]!;
    run.task.end();
    if (run.task.settled) this.finishTask(run);
    else this.nextRound(run);
  }

  private finishTask(run: TaskRun): void {
    this.runs[run.slot] = null;
    this.freeSlots.push(run.slot);
    this.open--;
    if (this.sim.measuring) this.record(run, run.task.figures());
    const t = this.spec.tasks;
    if (t.count !== null && this.started < t.count) this.openTask();
  }

  private record(run: TaskRun, x: TaskFigures): void {
    const f = this.f;
    const latency = this.sim.now - run.arrival;
    f.tasks++;
    if (x.success) f.successes++;
    if (x.deadlineMissed) f.deadlineMisses++;
    f.rounds.add(x.rounds);
    f.diameter.add(run.diameter);
    f.deadline.add(run.deadline);
    f.latency.add(latency);
    f.latencyMean.add(latency);
    f.calls += x.calls;
    f.messages += x.messages;
    f.messagesRead += x.messagesRead;
    f.verifications += x.verifications;
    f.caught += x.caught;
    f.modelErrors += x.modelErrors;
    f.wrongAgents += x.wrongAgents;
    f.errorSpread += x.errorSpread;
    f.taskInputTokens += run.inputTokens;
    f.taskOutputTokens += run.outputTokens;
    f.taskCacheReadTokens += run.cacheReadTokens;
    const slot = this.sample.offer(run.ordinal);
    if (slot < 0) return;
    const row = [
      run.ordinal, run.task.n, edgeCount(run.task.graph), run.diameter, run.deadline, run.arrival, latency, x.rounds, x.success ? 1 : 0,
      x.deadlineMissed ? 1 : 0, x.calls, x.messages, x.messagesRead, x.verifications, x.caught, x.modelErrors, x.lateCalls, x.silentCalls,
      x.wrongAgents, x.errorSpread, run.inputTokens, run.outputTokens, run.cacheReadTokens,
    ];
    row.forEach((value, i) => this.sample.set(slot, i, value));
  }

  /** The swarm's measured figures (tasks still open at the horizon are counted as unfinished). */
  figures(): SwarmFigures {
    this.f.tasksUnfinished = this.open;
    return this.f;
  }
}
