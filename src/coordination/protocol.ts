/**
 * What coordination tasks share: synchronous rounds on a graph, per-agent failure draws, messages
 * and their verification (DESIGN.md, "Coordination"). A task runs round after round:
 *
 *   `begin()` decides which agents make a call this round and how many messages each reads and
 *   verifies (that is what their calls cost); the world serves the calls on a pool; `end()` applies
 *   the round — what each agent learnt, adopted, got wrong and announced — and says whether the
 *   task has settled (every agent has its answer) or run out of rounds (`deadline`).
 *
 * In round r an agent reads the messages its neighbours announced in round r − 1 (round 0's
 * announcements are the task's starting point, given to each agent's neighbours with the task).
 * An agent announces only when its state differs from what it last announced.
 *
 * Failure modes, each a probability per agent per round (or per message), drawn as pure functions
 * of the task key and the draw's coordinates (`task-random.ts`):
 * - late agreement (`late`): the agent's call does not act on what it read; it decides later, and
 *   a task whose agents have not all settled by the deadline fails;
 * - silent adoption (`silent`): the agent changes its state but does not announce it;
 * - unverified acceptance (`accept`): a message that is not verified is taken at face value —
 *   a wrong value it carries is adopted — with this probability; otherwise the agent notices the
 *   conflict itself and keeps its own value;
 * - model error (`error`): the call's output is wrong (a fabricated value, a colour chosen blind).
 * Verification (`none`, `verify-all`, `verify-from-low-trust`, `sample`) checks incoming messages
 * at a token cost; a check catches a wrong value with probability `catch`, rejects it and tells
 * the sender, who corrects itself in its next call.
 */
import type { Graph } from './graph.js';
import { drawAt } from './task-random.js';

/** Verification policies. */
export const VERIFICATION_POLICIES = ['none', 'verify-all', 'verify-from-low-trust', 'sample'] as const;
export type VerificationPolicy = (typeof VERIFICATION_POLICIES)[number];

/** Probabilities per agent per round (`accept`: per unverified message carrying a wrong value). */
export interface FailureRates {
  readonly late: number;
  readonly silent: number;
  readonly accept: number;
  readonly error: number;
}

/** How incoming messages are checked. */
export interface VerificationSettings {
  readonly policy: VerificationPolicy;
  /** sample: share of incoming messages checked. */
  readonly rate: number;
  /** Probability that a check of a wrong message catches it. */
  readonly catch: number;
  /** Share of agents that are low-trust (outside hierarchies, where members are low-trust and leaders are not). */
  readonly lowTrustShare: number;
}

/** Everything a task needs besides its kind. */
export interface TaskSetup {
  readonly graph: Graph;
  /** Rounds the task may take; it fails if it has not settled by the end of this round. */
  readonly deadline: number;
  readonly failures: FailureRates;
  readonly verification: VerificationSettings;
  /** Key of the task's draws (`taskKey`). */
  readonly key: number;
  /** Per agent: 1 if low-trust; default drawn from `key` with `lowTrustShare`. */
  readonly lowTrust?: Uint8Array;
  /** Per agent: 1 for hierarchy members, who call only when a leader's announcement lets them finish. */
  readonly passive?: Uint8Array | null;
  /** Agents holding a wrong value from the start (consensus: a fabricated proposal). */
  readonly wrongSeeds?: readonly number[];
}

/** Draw slots of one agent in one round (coordinate a = 2·round): late, silent, model error, colour pick, wrong colour, trust (round 0). */
export const S_LATE = 0, S_SILENT = 1, S_ERROR = 2, S_PICK = 3, S_ERROR_VALUE = 4, S_TRUST = 5;
const AGENT_SLOTS = 8;
/** Draw slots of one message slot (an index into the graph's adjacency) in one round (a = 2·round + 1): sampled for a check, caught, accepted. */
export const E_SAMPLE = 0, E_CATCH = 1, E_ACCEPT = 2;
const EDGE_SLOTS = 4;

/** Figures of a finished (or running) task. */
export interface TaskFigures {
  rounds: number;
  settled: boolean;
  success: boolean;
  deadlineMissed: boolean;
  /** Model calls made. */
  calls: number;
  /** Point-to-point messages sent (an announcement reaches every neighbour). */
  messages: number;
  /** Messages read by the agents' calls. */
  messagesRead: number;
  verifications: number;
  caught: number;
  modelErrors: number;
  lateCalls: number;
  silentCalls: number;
  /** Agents whose final answer is wrong. */
  wrongAgents: number;
  /** Agents that took a wrong value (or an unchecked conflict) from a neighbour at least once. */
  errorSpread: number;
}

/** A coordination task on a graph, stepped round by round (see the file comment). */
export abstract class CoordinationTask {
  readonly n: number;
  readonly graph: Graph;
  /** Rounds begun so far (the current round while calls are in flight). */
  round = 0;
  settled = false;
  success = false;
  deadlineMissed = false;
  /** This round: 1 for agents that make a call. */
  readonly active: Uint8Array;
  /** This round: messages each active agent reads. */
  readonly received: Int32Array;
  /** This round: messages each active agent verifies. */
  readonly verified: Int32Array;
  /** Round of each agent's last announcement (0: the task's starting point; −1: none). */
  readonly announcedAt: Int32Array;
  readonly lowTrust: Uint8Array;
  readonly passive: Uint8Array | null;
  /** Per agent: took a wrong value from a neighbour at least once. */
  protected readonly infected: Uint8Array;
  protected readonly key: number;
  protected readonly f: FailureRates;
  protected readonly v: VerificationSettings;
  protected readonly deadline: number;

  calls = 0;
  messages = 0;
  messagesRead = 0;
  verifications = 0;
  caught = 0;
  modelErrors = 0;
  lateCalls = 0;
  silentCalls = 0;

  constructor(setup: TaskSetup) {
    const g = setup.graph;
    this.graph = g;
    this.n = g.n;
    if (!(setup.deadline >= 1)) throw new RangeError(`deadline must be ≥ 1 round, got ${setup.deadline}`);
    this.deadline = setup.deadline;
    this.f = setup.failures;
    this.v = setup.verification;
    this.key = setup.key;
    this.active = new Uint8Array(g.n);
    this.received = new Int32Array(g.n);
    this.verified = new Int32Array(g.n);
    this.announcedAt = new Int32Array(g.n).fill(-1);
    this.infected = new Uint8Array(g.n);
    this.passive = setup.passive ?? null;
    if (setup.lowTrust) this.lowTrust = setup.lowTrust;
    else {
      this.lowTrust = new Uint8Array(g.n);
      for (let a = 0; a < g.n; a++) this.lowTrust[a] = this.agentDraw(0, a, S_TRUST) < this.v.lowTrustShare ? 1 : 0;
    }
  }

  /** Uniform draw `slot` of agent `a` in round `r`. */
  protected agentDraw(r: number, a: number, slot: number): number {
    return drawAt(this.key, 2 * r, a * AGENT_SLOTS + slot);
  }

  /** Uniform draw `slot` of message slot `e` (adjacency index) in round `r`. */
  protected edgeDraw(r: number, e: number, slot: number): number {
    return drawAt(this.key, 2 * r + 1, e * EDGE_SLOTS + slot);
  }

  /** Whether the message in slot `e`, from `sender`, is checked in round `r` under the policy. */
  protected checks(r: number, e: number, sender: number): boolean {
    switch (this.v.policy) {
      case 'none':
        return false;
      case 'verify-all':
        return true;
      case 'verify-from-low-trust':
        return this.lowTrust[sender] === 1;
      case 'sample':
        return this.edgeDraw(r, e, E_SAMPLE) < this.v.rate;
    }
  }

  /**
   * Outcome of a wrong (or conflicting) message in slot `e` from `sender` read in round `r`:
   * 'caught' by a check (the sender is told), 'rejected' by the reader's own scrutiny, or 'accepted'.
   */
  protected judge(r: number, e: number, sender: number): 'caught' | 'rejected' | 'accepted' {
    if (this.checks(r, e, sender)) {
      if (this.edgeDraw(r, e, E_CATCH) < this.v.catch) {
        this.caught++;
        return 'caught';
      }
      return 'accepted';
    }
    return this.edgeDraw(r, e, E_ACCEPT) < this.f.accept ? 'accepted' : 'rejected';
  }

  /** Starts the next round: marks the agents that call and what they read. Returns how many call. */
  begin(): number {
    if (this.settled) throw new Error('coordination task: begin() after it settled');
    const r = ++this.round;
    const { offsets, adj } = this.graph;
    let calls = 0;
    for (let a = 0; a < this.n; a++) {
      if (!this.isActive(a, r)) {
        this.active[a] = 0;
        this.received[a] = 0;
        this.verified[a] = 0;
        continue;
      }
      this.active[a] = 1;
      calls++;
      let got = 0, checked = 0;
      for (let e = offsets[a]; e < offsets[a + 1]; e++) {
        const u = adj[e];
        if (this.announcedAt[u] !== r - 1) continue;
        got++;
        if (this.checks(r, e, u)) checked++;
      }
      this.received[a] = got;
      this.verified[a] = checked;
      this.messagesRead += got;
      this.verifications += checked;
    }
    this.calls += calls;
    return calls;
  }

  /** Applies the round once its calls are done; settles the task when it is finished or out of rounds. */
  end(): void {
    const r = this.round;
    this.apply(r);
    if (this.isSettled()) {
      this.settled = true;
      this.success = this.wrongAgents() === 0;
    } else if (r >= this.deadline) {
      this.settled = true;
      this.deadlineMissed = true;
      this.success = false;
    }
  }

  /** Counts an announcement by `a` in round `r` (one message to each neighbour). */
  protected announce(a: number, r: number): void {
    this.announcedAt[a] = r;
    this.messages += this.graph.offsets[a + 1] - this.graph.offsets[a];
  }

  /** The task's figures so far. */
  figures(): TaskFigures {
    let spread = 0;
    for (let a = 0; a < this.n; a++) spread += this.infected[a];
    return {
      rounds: this.round,
      settled: this.settled,
      success: this.success,
      deadlineMissed: this.deadlineMissed,
      calls: this.calls,
      messages: this.messages,
      messagesRead: this.messagesRead,
      verifications: this.verifications,
      caught: this.caught,
      modelErrors: this.modelErrors,
      lateCalls: this.lateCalls,
      silentCalls: this.silentCalls,
      wrongAgents: this.wrongAgents(),
      errorSpread: spread,
    };
  }

  /** Whether agent `a` makes a call in round `r`. */
  protected abstract isActive(a: number, r: number): boolean;
  /** The round's updates (active agents only), reading only what was announced before it. */
  protected abstract apply(r: number): void;
  /** Every agent has its answer and nobody has anything left to do. */
  protected abstract isSettled(): boolean;
  /** Agents whose answer is wrong now (the settled task succeeds when there are none). */
  abstract wrongAgents(): number;
}

/** Runs a task to the end without a fleet (every round's calls take no time). */
export function runToEnd(task: CoordinationTask): TaskFigures {
  while (!task.settled) {
    task.begin();
    task.end();
  }
  return task.figures();
}
