/**
 * Graph colouring, the constraint task: neighbours must end with different colours from a palette
 * (default Δ + 1, which always suffices). The protocol is randomised trial colouring (Johansson,
 * "Simple distributed Δ+1-coloring of graphs", IPL 1999, in the form LLM agents tend to follow):
 * an uncoloured agent proposes a tentative colour no neighbour has claimed; if, on reading its
 * neighbours, nobody else claimed it, it fixes it; otherwise it proposes again. A fixed agent
 * stays idle until a neighbour announces something, then checks it against its own colour.
 *
 * Failures (see `protocol.ts`): a late agent does nothing this round; a silent one changes its
 * colour without telling, so neighbours may fix the same colour; a model error fixes a colour
 * chosen blind. A conflict (a neighbour announcing the agent's own fixed colour) is noticed by a
 * check, or by the agent's own scrutiny unless it accepts the claim unverified — then the conflict
 * stays. The task settles in the first round after which nobody has anything to do (all fixed,
 * all announced, no announcement unread), and succeeds when no two neighbours share a colour.
 * Colouring is local, so hierarchy members take part in every round like everyone else.
 */
import { maxDegree } from './graph.js';
import { CoordinationTask, S_ERROR, S_ERROR_VALUE, S_LATE, S_PICK, S_SILENT, type TaskSetup } from './protocol.js';

/** See the file comment. */
export class ColouringTask extends CoordinationTask {
  readonly colours: number;
  private readonly colour: Int32Array;
  private readonly fixed: Uint8Array;
  private readonly toldColour: Int32Array;
  private readonly toldFixed: Uint8Array;
  private readonly dirty: Uint8Array;
  private readonly blocked: Uint8Array;

  /** @param colours palette size; default Δ + 1. */
  constructor(setup: TaskSetup, colours?: number | null) {
    super(setup);
    const n = this.n;
    this.colours = colours ?? maxDegree(this.graph) + 1;
    if (!(this.colours >= 1)) throw new RangeError(`colouring needs at least 1 colour, got ${this.colours}`);
    this.colour = new Int32Array(n).fill(-1);
    this.fixed = new Uint8Array(n);
    this.toldColour = new Int32Array(n).fill(-1);
    this.toldFixed = new Uint8Array(n);
    this.dirty = new Uint8Array(n);
    this.blocked = new Uint8Array(this.colours);
  }

  /** Agent `a`'s colour (−1: none yet). */
  colourOf(a: number): number {
    return this.colour[a];
  }

  protected isActive(a: number, r: number): boolean {
    if (!this.fixed[a] || this.dirty[a]) return true;
    const { offsets, adj } = this.graph;
    for (let e = offsets[a]; e < offsets[a + 1]; e++) if (this.announcedAt[adj[e]] === r - 1) return true;
    return false;
  }

  protected apply(r: number): void {
    const { offsets, adj } = this.graph;
    const n = this.n, C = this.colours;
    const { colour, fixed, toldColour, toldFixed } = this;
    for (let a = 0; a < n; a++) {
      if (!this.active[a]) continue;
      if (this.agentDraw(r, a, S_LATE) < this.f.late) this.lateCalls++;
      else {
        let unfixed = false;
        if (fixed[a]) {
          for (let e = offsets[a]; e < offsets[a + 1]; e++) {
            const u = adj[e];
            if (this.announcedAt[u] !== r - 1 || !toldFixed[u] || toldColour[u] !== colour[a]) continue;
            if (this.judge(r, e, u) === 'accepted') this.infected[a] = 1;
            else unfixed = true;
          }
          if (unfixed) {
            fixed[a] = 0;
            this.dirty[a] = 1;
          }
        }
        if (!fixed[a]) {
          const t = colour[a];
          let free = !unfixed && t >= 0;
          for (let e = offsets[a]; e < offsets[a + 1] && free; e++) if (toldColour[adj[e]] === t) free = false;
          if (free) {
            fixed[a] = 1;
            this.dirty[a] = 1;
          } else {
            const c = this.pick(a, r);
            if (c !== t) this.dirty[a] = 1;
            colour[a] = c;
          }
        }
      }
      if (this.agentDraw(r, a, S_ERROR) < this.f.error) {
        this.modelErrors++;
        colour[a] = Math.floor(this.agentDraw(r, a, S_ERROR_VALUE) * C);
        fixed[a] = 1;
        this.dirty[a] = 1;
      }
    }
    for (let a = 0; a < n; a++) {
      if (!this.active[a] || !this.dirty[a]) continue;
      if (this.agentDraw(r, a, S_SILENT) < this.f.silent) {
        this.silentCalls++;
        continue;
      }
      toldColour[a] = colour[a];
      toldFixed[a] = fixed[a];
      this.dirty[a] = 0;
      this.announce(a, r);
    }
  }

  /**
   * A tentative colour for `a`, uniform among those no neighbour has announced as fixed (any, if
   * every colour is taken). Johansson's rule: ignoring neighbours' tentative colours keeps two
   * neighbours with one free colour between them from choosing it together forever.
   */
  private pick(a: number, r: number): number {
    const { offsets, adj } = this.graph;
    const C = this.colours;
    const blocked = this.blocked;
    blocked.fill(0);
    for (let e = offsets[a]; e < offsets[a + 1]; e++) {
      const u = adj[e];
      if (this.toldFixed[u] && this.toldColour[u] >= 0) blocked[this.toldColour[u]] = 1;
    }
    let free = 0;
    for (let c = 0; c < C; c++) free += 1 - blocked[c];
    const x = this.agentDraw(r, a, S_PICK);
    if (free === 0) return Math.floor(x * C);
    let k = Math.floor(x * free);
    for (let c = 0; c < C; c++) if (!blocked[c] && k-- === 0) return c;
    return C - 1;
  }

  protected isSettled(): boolean {
    const r = this.round;
    for (let a = 0; a < this.n; a++) if (!this.fixed[a] || this.dirty[a] || this.announcedAt[a] === r) return false;
    return true;
  }

  /** Agents without a colour or sharing theirs with a neighbour. */
  wrongAgents(): number {
    const { offsets, adj } = this.graph;
    let w = 0;
    for (let a = 0; a < this.n; a++) {
      let bad = !this.fixed[a] || this.colour[a] < 0;
      for (let e = offsets[a]; e < offsets[a + 1] && !bad; e++) if (this.colour[adj[e]] === this.colour[a]) bad = true;
      if (bad) w++;
    }
    return w;
  }
}
