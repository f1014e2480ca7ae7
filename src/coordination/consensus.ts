/**
 * Consensus by flooding (the FloodSet algorithm on a graph; Lynch, "Distributed Algorithms", 1996,
 * §6.2): every agent starts with a proposal, and the swarm must agree on the smallest. Each agent
 * keeps the set of proposals it knows and announces it; a reader merges what its neighbours
 * announced. An agent knows the answer once it has heard (directly or relayed) from all n agents
 * — it knows n but not the graph — so it decides then, announces once more and stops.
 *
 * Without failures, after round r an agent knows exactly the proposals within distance r, so
 * agent v decides in round ecc(v) and the task settles in round max ecc = the diameter, exactly.
 *
 * Failures (see `protocol.ts`): a late agent does not merge this round; a silent one merges but
 * does not announce. A model error gives the agent a fabricated proposal smaller than every real
 * one: it believes it, announces it, and its readers adopt it unless they catch or reject it —
 * so a wrong value floods like the true minimum ("unverified acceptance" spreads it along edges).
 * A wrong agent is corrected only when a check catches its message. The task succeeds when every
 * agent has decided and none holds a fabricated value.
 *
 * Hierarchies (`passive` members): a member makes no call until its own knowledge merged with its
 * neighbours' announcements is complete — in a tree, until its leader announces the decision —
 * then merges, decides and answers in that one call. Leaders flood as above. Without failures a
 * member still decides in round ecc(member), so the task still takes the diameter.
 *
 * Knowledge is a bitset per agent (n²/8 bytes: 12.5 MB at 10,000 agents, twice for what was
 * announced); a round costs one word-OR per neighbour per 32 agents.
 */
import { CoordinationTask, S_ERROR, S_LATE, S_SILENT, type TaskSetup } from './protocol.js';

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** See the file comment. */
export class ConsensusTask extends CoordinationTask {
  /** 32-bit words per agent's set. */
  private readonly words: number;
  /** What each agent knows. */
  private readonly known: Uint32Array;
  /** What each agent last announced. */
  private readonly told: Uint32Array;
  /** Holds a fabricated proposal. */
  private readonly wrong: Uint8Array;
  /** Its last announcement carried a fabricated proposal. */
  private readonly toldWrong: Uint8Array;
  private readonly decided: Uint8Array;
  /** Its current state differs from what it last announced. */
  private readonly dirty: Uint8Array;
  /** A check caught its message: it corrects itself in its next call. */
  private readonly challenged: Uint8Array;
  private readonly challengedNext: Uint8Array;
  private undecided: number;

  constructor(setup: TaskSetup) {
    super(setup);
    const n = this.n;
    this.words = (n + 31) >>> 5;
    this.known = new Uint32Array(n * this.words);
    this.told = new Uint32Array(n * this.words);
    this.wrong = new Uint8Array(n);
    this.toldWrong = new Uint8Array(n);
    this.decided = new Uint8Array(n);
    this.dirty = new Uint8Array(n);
    this.challenged = new Uint8Array(n);
    this.challengedNext = new Uint8Array(n);
    for (let a = 0; a < n; a++) {
      const bit = 1 << (a & 31);
      this.known[a * this.words + (a >>> 5)] = bit;
      this.told[a * this.words + (a >>> 5)] = bit;
      this.announcedAt[a] = 0;
    }
    for (const a of setup.wrongSeeds ?? []) {
      this.wrong[a] = 1;
      this.toldWrong[a] = 1;
    }
    this.undecided = n;
  }

  /** True once agent `a` knows every proposal. */
  hasDecided(a: number): boolean {
    return this.decided[a] === 1;
  }

  /** True while agent `a` holds a fabricated proposal. */
  isWrong(a: number): boolean {
    return this.wrong[a] === 1;
  }

  protected isActive(a: number): boolean {
    if (this.challenged[a]) return true;
    if (this.decided[a]) return this.dirty[a] === 1;
    if (this.passive !== null && this.passive[a]) return this.completable(a);
    return true;
  }

  /** Its knowledge merged with every neighbour's announcement would be complete. */
  private completable(a: number): boolean {
    const { offsets, adj } = this.graph;
    const W = this.words, n = this.n;
    let total = 0;
    for (let w = 0; w < W; w++) {
      let x = this.known[a * W + w];
      for (let e = offsets[a]; e < offsets[a + 1]; e++) x |= this.told[adj[e] * W + w];
      total += popcount(x >>> 0);
    }
    return total === n;
  }

  protected apply(r: number): void {
    const { offsets, adj } = this.graph;
    const W = this.words, n = this.n;
    const { known, told } = this;
    // merge: reads only announcements made before this round
    for (let a = 0; a < n; a++) {
      if (!this.active[a]) continue;
      if (this.agentDraw(r, a, S_LATE) < this.f.late) {
        this.lateCalls++;
      } else {
        if (this.challenged[a] && this.wrong[a]) {
          this.wrong[a] = 0;
          this.dirty[a] = 1;
        }
        this.challenged[a] = 0;
        if (!this.decided[a]) {
          let count = 0, grew = false;
          const base = a * W;
          for (let w = 0; w < W; w++) {
            let x = known[base + w];
            const before = x;
            for (let e = offsets[a]; e < offsets[a + 1]; e++) x |= told[adj[e] * W + w];
            if (x !== before) {
              known[base + w] = x;
              grew = true;
            }
            count += popcount(x >>> 0);
          }
          if (grew) this.dirty[a] = 1;
          if (count === n) {
            this.decided[a] = 1;
            this.undecided--;
          }
        }
        for (let e = offsets[a]; e < offsets[a + 1] && !this.wrong[a]; e++) {
          const u = adj[e];
          if (!this.toldWrong[u] || this.announcedAt[u] !== r - 1) continue;
          const verdict = this.judge(r, e, u);
          if (verdict === 'caught') this.challengedNext[u] = 1;
          else if (verdict === 'accepted') {
            this.wrong[a] = 1;
            this.infected[a] = 1;
            this.dirty[a] = 1;
          }
        }
      }
      if (this.agentDraw(r, a, S_ERROR) < this.f.error) {
        this.modelErrors++;
        if (!this.wrong[a]) this.dirty[a] = 1;
        this.wrong[a] = 1;
      }
    }
    // announce: what changed, unless silent
    for (let a = 0; a < n; a++) {
      if (!this.active[a] || !this.dirty[a]) continue;
      if (this.agentDraw(r, a, S_SILENT) < this.f.silent) {
        this.silentCalls++;
        continue;
      }
      told.set(known.subarray(a * W, (a + 1) * W), a * W);
      this.toldWrong[a] = this.wrong[a];
      this.dirty[a] = 0;
      this.announce(a, r);
    }
    for (let a = 0; a < n; a++) {
      if (this.challengedNext[a]) {
        this.challenged[a] = 1;
        this.challengedNext[a] = 0;
      }
    }
  }

  protected isSettled(): boolean {
    if (this.undecided > 0) return false;
    for (let a = 0; a < this.n; a++) if (this.dirty[a] || this.challenged[a]) return false;
    return true;
  }

  wrongAgents(): number {
    let w = 0;
    for (let a = 0; a < this.n; a++) w += this.wrong[a];
    return w;
  }
}
