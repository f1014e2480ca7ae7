/**
 * The pending-event set: a 4-ary min-heap ordered by (time, seq), over typed arrays.
 *
 * An event is an integer `kind` (which handler runs) and an integer `target` (which entity it is
 * for). Events live in slots; a handle names a slot and its generation, so a stale handle (its event
 * already fired or was cancelled, the slot reused) cancels nothing. Cancellation is lazy: the entry
 * stays in the heap, flagged, and is discarded when it reaches the top.
 *
 * NOTE: an entry's time and sequence number sit side by side in one Float64Array, so a child
 * comparison touches one cache line; slots are a parallel Int32Array. And the top is taken in two halves (`takeTop`, `closeTop`): an event scheduled while the
 * taken event's handler runs — the common case in a simulation — drops into the vacated root with
 * one sift-down, instead of a sift-down to remove plus a sift-up to insert. `bench/hold.ts`
 * measures it (target: ≥ 10 M events/s at 1e4 pending, dispatch included).
 */

/** Slots addressable by a handle: handle = generation · SLOT_SPACE + slot. */
const SLOT_SPACE = 1 << 24;
/** Sequence numbers are renumbered before they lose integer precision. */
const DEFAULT_MAX_SEQ = 2 ** 52;
const FREE = 0,
  PENDING = 1,
  CANCELLED = 2;

export class EventQueue {
  /** Per slot: handler kind, target entity, generation, and state. */
  private slotKind: Int32Array;
  private slotTarget: Int32Array;
  private slotGen: Float64Array;
  private slotState: Uint8Array;
  /** Stack of free slot indices. */
  private free: Int32Array;
  private freeTop: number;
  /** Heap keys, interleaved: key[2i] = time, key[2i+1] = sequence number (order on ties). */
  private key: Float64Array;
  /** Heap entries' slots. */
  private heapSlot: Int32Array;
  private n = 0;
  private nextSeq = 0;
  /** True between takeTop and closeTop while the root entry is consumed but still in place. */
  private rootTaken = false;
  private readonly maxSeq: number;

  /** Kind, target and time of the event last returned by {@link takeTop} or {@link popInto}. */
  lastKind = 0;
  lastTarget = 0;
  lastTime = 0;

  /** `maxSeq` is for tests of sequence renumbering; leave it at its default. */
  constructor(initialCapacity = 1024, maxSeq = DEFAULT_MAX_SEQ) {
    const cap = Math.max(16, initialCapacity);
    this.maxSeq = maxSeq;
    this.slotKind = new Int32Array(cap);
    this.slotTarget = new Int32Array(cap);
    this.slotGen = new Float64Array(cap);
    this.slotState = new Uint8Array(cap);
    this.free = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.free[i] = cap - 1 - i;
    this.freeTop = cap;
    this.key = new Float64Array(2 * cap);
    this.heapSlot = new Int32Array(cap);
  }

  /** Events scheduled and not yet taken, including cancelled ones not yet discarded. */
  get size(): number {
    return this.rootTaken ? this.n - 1 : this.n;
  }

  /** Adds an event at absolute `time`; returns its handle. */
  push(time: number, kind: number, target: number): number {
    if (this.freeTop === 0) this.grow();
    if (this.nextSeq >= this.maxSeq) this.renumber();
    const slot = this.free[--this.freeTop];
    this.slotKind[slot] = kind;
    this.slotTarget[slot] = target;
    this.slotState[slot] = PENDING;
    const seq = this.nextSeq++;
    if (this.rootTaken) {
      this.rootTaken = false;
      this.siftDown(0, time, seq, slot);
    } else {
      this.siftUp(this.n++, time, seq, slot);
    }
    return this.slotGen[slot] * SLOT_SPACE + slot;
  }

  /** Time of the earliest live event; Infinity when none. Discards cancelled entries at the top. */
  peekTime(): number {
    this.closeTop();
    while (this.n > 0) {
      const slot = this.heapSlot[0];
      if (this.slotState[slot] === PENDING) return this.key[0];
      this.release(slot);
      this.removeTop();
    }
    return Infinity;
  }

  /**
   * Takes the earliest live event into `lastTime`, `lastKind`, `lastTarget` and frees its slot,
   * leaving its heap entry in place until {@link closeTop}: an event pushed in between takes the
   * root's place. Returns false when no live event remains.
   */
  takeTop(): boolean {
    if (this.peekTime() === Infinity) return false;
    this.takePeeked();
    return true;
  }

  /** {@link takeTop} right after {@link peekTime} returned a finite time (the hot path of `run`). */
  takePeeked(): void {
    const slot = this.heapSlot[0];
    this.lastTime = this.key[0];
    this.lastKind = this.slotKind[slot];
    this.lastTarget = this.slotTarget[slot];
    this.release(slot);
    this.rootTaken = true;
  }

  /** Finishes a {@link takeTop} whose root was not refilled by a push. Safe to call any time. */
  closeTop(): void {
    if (this.rootTaken) {
      this.rootTaken = false;
      this.removeTop();
    }
  }

  /** Removes the earliest live event into `lastTime`, `lastKind`, `lastTarget`; false when none. */
  popInto(): boolean {
    const ok = this.takeTop();
    this.closeTop();
    return ok;
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
    this.closeTop();
    while (this.n > 0) {
      const slot = this.heapSlot[--this.n];
      if (this.slotState[slot] !== FREE) this.release(slot);
    }
  }

  private release(slot: number): void {
    this.slotGen[slot]++;
    this.slotState[slot] = FREE;
    this.free[this.freeTop++] = slot;
  }

  private siftUp(i: number, time: number, seq: number, slot: number): void {
    const k = this.key, hs = this.heapSlot;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = k[2 * p];
      if (pt < time || (pt === time && k[2 * p + 1] < seq)) break;
      k[2 * i] = pt;
      k[2 * i + 1] = k[2 * p + 1];
      hs[i] = hs[p];
      i = p;
    }
    k[2 * i] = time;
    k[2 * i + 1] = seq;
    hs[i] = slot;
  }

  /** Places (time, seq, slot) at position i and sifts it down within the first n entries. */
  private siftDown(i: number, time: number, seq: number, slot: number): void {
    const k = this.key, hs = this.heapSlot;
    const n = this.n;
    for (;;) {
      const c0 = 4 * i + 1;
      if (c0 >= n) break;
      let m = c0;
      let mt = k[2 * c0];
      let mq = k[2 * c0 + 1];
      if (c0 + 3 < n) {
        // NOTE: the four children compared unrolled (a loop costs ~15% here, bench/hold.ts)
        let t = k[2 * c0 + 2];
        if (t < mt || (t === mt && k[2 * c0 + 3] < mq)) (m = c0 + 1), (mt = t), (mq = k[2 * c0 + 3]);
        t = k[2 * c0 + 4];
        if (t < mt || (t === mt && k[2 * c0 + 5] < mq)) (m = c0 + 2), (mt = t), (mq = k[2 * c0 + 5]);
        t = k[2 * c0 + 6];
        if (t < mt || (t === mt && k[2 * c0 + 7] < mq)) (m = c0 + 3), (mt = t), (mq = k[2 * c0 + 7]);
      } else {
        for (let c = c0 + 1; c < n; c++) {
          const ct = k[2 * c];
          if (ct < mt || (ct === mt && k[2 * c + 1] < mq)) (m = c), (mt = ct), (mq = k[2 * c + 1]);
        }
      }
      if (time < mt || (time === mt && seq < mq)) break;
      k[2 * i] = mt;
      k[2 * i + 1] = mq;
      hs[i] = hs[m];
      i = m;
    }
    k[2 * i] = time;
    k[2 * i + 1] = seq;
    hs[i] = slot;
  }

  private removeTop(): void {
    const last = --this.n;
    if (last > 0) this.siftDown(0, this.key[2 * last], this.key[2 * last + 1], this.heapSlot[last]);
  }

  /**
   * Reassigns sequence numbers 0…n−1 in (time, seq) order once they reach `maxSeq` (2^52 unless a
   * test lowers it), keeping every relative order; a sorted array is a valid heap.
   */
  private renumber(): void {
    this.closeTop();
    const n = this.n;
    const k = this.key, hs = this.heapSlot;
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => k[2 * a] - k[2 * b] || k[2 * a + 1] - k[2 * b + 1]);
    const k2 = new Float64Array(k.length), s2 = new Int32Array(hs.length);
    order.forEach((from, to) => {
      k2[2 * to] = k[2 * from];
      k2[2 * to + 1] = to;
      s2[to] = hs[from];
    });
    this.key = k2;
    this.heapSlot = s2;
    this.nextSeq = n;
  }

  private grow(): void {
    const old = this.slotKind.length;
    const cap = old * 2;
    if (cap > SLOT_SPACE) throw new Error(`event queue: more than ${SLOT_SPACE} pending events`);
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T, size: number, C: new (n: number) => T): T => {
      const b = new C(size);
      b.set(a);
      return b;
    };
    this.slotKind = g(this.slotKind, cap, Int32Array);
    this.slotTarget = g(this.slotTarget, cap, Int32Array);
    this.slotGen = g(this.slotGen, cap, Float64Array);
    this.slotState = g(this.slotState, cap, Uint8Array);
    this.key = g(this.key, 2 * cap, Float64Array);
    this.heapSlot = g(this.heapSlot, cap, Int32Array);
    const free = new Int32Array(cap);
    free.set(this.free.subarray(0, this.freeTop));
    for (let s = cap - 1; s >= old; s--) free[this.freeTop++] = s;
    this.free = free;
  }
}
