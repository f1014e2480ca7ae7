/**
 * The pending-event set: a 4-ary min-heap over parallel typed arrays, ordered by (time, seq).
 *
 * An event is an integer `kind` (which handler runs) and an integer `target` (which entity it is
 * for). Events live in slots; a handle names a slot and its generation, so a stale handle (its event
 * already fired or was cancelled, the slot reused) cancels nothing. Cancellation is lazy: the entry
 * stays in the heap, flagged, and is skipped when it reaches the top.
 *
 * NOTE: keys (time, seq) are stored inline in the heap arrays rather than looked up through the slot,
 * and the heap is 4-ary rather than binary; both cut cache misses on sift-down. `bench/hold.ts`
 * measures it (the target is ≥ 10 M holds/s at 1e4 pending events).
 */

/** Slots addressable by a handle: handle = generation · SLOT_SPACE + slot. */
const SLOT_SPACE = 1 << 24;
const FREE = 0, PENDING = 1, CANCELLED = 2;

export class EventQueue {
  /** Per slot: handler kind, target entity, generation, and state (FREE, PENDING, CANCELLED). */
  private slotKind: Int32Array;
  private slotTarget: Int32Array;
  private slotGen: Float64Array;
  private slotState: Uint8Array;
  /** Stack of free slot indices. */
  private free: Int32Array;
  private freeTop: number;
  /** Heap entries: slot index and its keys. */
  private heapSlot: Int32Array;
  private heapTime: Float64Array;
  private heapSeq: Float64Array;
  private n = 0;
  private nextSeq = 0;
  /** Events scheduled and not yet popped, including cancelled ones not yet skipped. */
  get size(): number {
    return this.n;
  }

  /** Kind and target of the event last returned by {@link popInto}. */
  lastKind = 0;
  lastTarget = 0;
  lastTime = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity);
    this.slotKind = new Int32Array(cap);
    this.slotTarget = new Int32Array(cap);
    this.slotGen = new Float64Array(cap);
    this.slotState = new Uint8Array(cap);
    this.free = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.free[i] = cap - 1 - i;
    this.freeTop = cap;
    this.heapSlot = new Int32Array(cap);
    this.heapTime = new Float64Array(cap);
    this.heapSeq = new Float64Array(cap);
  }

  /** Adds an event at absolute `time`; returns its handle. */
  push(time: number, kind: number, target: number): number {
    if (this.freeTop === 0) this.grow();
    const slot = this.free[--this.freeTop];
    this.slotKind[slot] = kind;
    this.slotTarget[slot] = target;
    this.slotState[slot] = PENDING;
    const seq = this.nextSeq++;
    // sift up from the new leaf
    const hs = this.heapSlot, ht = this.heapTime, hq = this.heapSeq;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = ht[p];
      if (pt < time || (pt === time && hq[p] < seq)) break;
      hs[i] = hs[p];
      ht[i] = pt;
      hq[i] = hq[p];
      i = p;
    }
    hs[i] = slot;
    ht[i] = time;
    hq[i] = seq;
    return this.slotGen[slot] * SLOT_SPACE + slot;
  }

  /** Time of the earliest live event; Infinity when none. Discards cancelled entries at the top. */
  peekTime(): number {
    while (this.n > 0) {
      const slot = this.heapSlot[0];
      if (this.slotState[slot] === PENDING) return this.heapTime[0];
      this.removeTop();
      this.slotGen[slot]++;
      this.slotState[slot] = FREE;
      this.free[this.freeTop++] = slot;
    }
    return Infinity;
  }

  /**
   * Removes the earliest live event and stores it in `lastTime`, `lastKind`, `lastTarget`.
   * Returns false when no live event remains. Cancelled entries met on the way are discarded.
   */
  popInto(): boolean {
    while (this.n > 0) {
      const slot = this.heapSlot[0];
      this.lastTime = this.heapTime[0];
      this.removeTop();
      const state = this.slotState[slot];
      this.lastKind = this.slotKind[slot];
      this.lastTarget = this.slotTarget[slot];
      this.slotGen[slot]++;
      this.slotState[slot] = FREE;
      this.free[this.freeTop++] = slot;
      if (state === PENDING) return true;
    }
    return false;
  }

  /** Cancels the event named by `handle`; false when it already fired or was cancelled. */
  cancel(handle: number): boolean {
    const slot = handle % SLOT_SPACE;
    const gen = (handle - slot) / SLOT_SPACE;
    if (slot >= this.slotGen.length || this.slotGen[slot] !== gen || this.slotState[slot] !== PENDING) return false;
    this.slotState[slot] = CANCELLED;
    return true;
  }

  /** True when `handle` names an event that is still pending and not cancelled. */
  isPending(handle: number): boolean {
    const slot = handle % SLOT_SPACE;
    const gen = (handle - slot) / SLOT_SPACE;
    return slot < this.slotGen.length && this.slotGen[slot] === gen && this.slotState[slot] === PENDING;
  }

  /** Drops every pending event (slots are recycled; outstanding handles go stale). */
  clear(): void {
    while (this.n > 0) {
      const slot = this.heapSlot[--this.n];
      this.slotGen[slot]++;
      this.slotState[slot] = FREE;
      this.free[this.freeTop++] = slot;
    }
  }

  private removeTop(): void {
    const last = --this.n;
    if (last === 0) return;
    const hs = this.heapSlot, ht = this.heapTime, hq = this.heapSeq;
    const slot = hs[last], time = ht[last], seq = hq[last];
    const n = last;
    let i = 0;
    for (;;) {
      const c0 = 4 * i + 1;
      if (c0 >= n) break;
      // find the smallest of up to four children
      let m = c0;
      let mt = ht[c0], mq = hq[c0];
      const cEnd = c0 + 4 < n ? c0 + 4 : n;
      for (let c = c0 + 1; c < cEnd; c++) {
        const ct = ht[c];
        if (ct < mt || (ct === mt && hq[c] < mq)) {
          m = c;
          mt = ct;
          mq = hq[c];
        }
      }
      if (time < mt || (time === mt && seq < mq)) break;
      hs[i] = hs[m];
      ht[i] = mt;
      hq[i] = mq;
      i = m;
    }
    hs[i] = slot;
    ht[i] = time;
    hq[i] = seq;
  }

  private grow(): void {
    const old = this.slotKind.length;
    const cap = old * 2;
    if (cap > SLOT_SPACE) throw new Error(`event queue: more than ${SLOT_SPACE} pending events`);
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T, C: new (n: number) => T): T => {
      const b = new C(cap);
      b.set(a);
      return b;
    };
    this.slotKind = g(this.slotKind, Int32Array);
    this.slotTarget = g(this.slotTarget, Int32Array);
    this.slotGen = g(this.slotGen, Float64Array);
    this.slotState = g(this.slotState, Uint8Array);
    this.heapSlot = g(this.heapSlot, Int32Array);
    this.heapTime = g(this.heapTime, Float64Array);
    this.heapSeq = g(this.heapSeq, Float64Array);
    const free = new Int32Array(cap);
    free.set(this.free.subarray(0, this.freeTop));
    for (let s = cap - 1; s >= old; s--) free[this.freeTop++] = s;
    this.free = free;
  }
}
