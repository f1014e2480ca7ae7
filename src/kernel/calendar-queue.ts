/**
 * The pending-event set as a calendar queue (R. Brown, "Calendar queues: a fast O(1) priority queue
 * implementation for the simulation event set problem", CACM 31(10), 1988): a drop-in alternative
 * to {@link EventQueue} with the same API, the same handles and the same (time, seq) order.
 *
 * Time is cut into days of `width` seconds; day d lives in bucket d mod nb (nb a power of two), a
 * list sorted by (time, seq). A new event that is the latest of its day — the common case, and
 * every one of a run of simultaneous events — appends in O(1), one earlier than the whole day
 * prepends in O(1); otherwise it is placed by a walk from the head. Unlike Brown's calendar, the
 * buckets hold only the nb days from the current one on (one "year"), so a bucket is exactly one
 * day and the first non-empty bucket from the current day holds the minimum. Later events wait in
 * an overflow 4-ary heap and move into their bucket, in order, when the year reaches them: this
 * replaces Brown's direct search after an empty year.
 *
 * Sizing after Brown: nb doubles when the size exceeds nb and halves below nb/4, and at each resize
 * the day width is re-estimated from the first 33 events as {@link WIDTH_FACTOR} × their mean gap
 * (gaps over twice the mean left out). A fleet's time scales drift (bursts, lulls), so the width is
 * also re-estimated every max(1024, size) dequeues, and sooner when dequeues skip more than
 * {@link SKIP_LIMIT} empty days each on average; the queue is rebuilt when the estimate is off by
 * more than 2× (after Oh and Ahn's dynamic calendar queue, Proc. 32nd Annual Simulation Symposium,
 * 1999). A rebuild is O(size), at most once per such period.
 *
 * Worst cases. Events beyond the year (a horizon, timers far slower than the traffic at the head)
 * cost a 4-ary heap push and pop each: with everything out there, this is a heap plus a constant.
 * A push earlier than the current day (never under `Simulation`, which schedules at ≥ now) moves
 * the days leaving the year to the overflow, O(days moved). A push that belongs in the middle of
 * its day walks past the k events before it, O(k): k stays small when the width fits, except for a
 * cluster of simultaneous events, which no width splits — an event landing between such a cluster
 * and a later event of the same day costs O(cluster) (once per such push, not per dequeue).
 *
 * Cancellation is lazy, as in `EventQueue`: entries are discarded when they reach the head and
 * rebuilds keep them, so `size` equals the heap's at every step. Days are clamped to ±2^50 so that
 * day arithmetic stays exact; ±Infinity and huge times share a clamped day and order by time.
 */

/** Slots addressable by a handle: handle = generation · SLOT_SPACE + slot (as in EventQueue). */
const SLOT_SPACE = 1 << 24;
/** Sequence numbers are int32s, renumbered 0 … n−1 when they reach this (an O(n) rebuild per ~2e9 pushes). */
const DEFAULT_MAX_SEQ = 2 ** 31 - 1;
const FREE = 0,
  PENDING = 1,
  CANCELLED = 2;
const NIL = -1;
/** Bucket counts are powers of two in [MIN_BUCKETS, MAX_BUCKETS]. */
const MIN_BUCKETS = 16;
const MAX_BUCKETS = 1 << 22;
/** Gaps sampled at the head to estimate the day width (Brown samples up to 25 events). */
const SAMPLE_GAPS = 32;
/**
 * Day width = WIDTH_FACTOR × the trimmed mean gap at the head. NOTE: Brown uses 3 and keeps nb in
 * [size/2, 2·size]; a longer year (4, and nb in [size, 4·size]) sends fewer events through the
 * overflow heap: +5–60% in the hold model of bench/event-sets.ts, at every N and distribution.
 */
const WIDTH_FACTOR = 4;
/** Days are clamped to ±FAR_DAY, so that curDay + nb is exact in a double. */
const FAR_DAY = 2 ** 50;
/** The width is at least this fraction of the head's |time|, keeping days near the head below 2^40. */
const MIN_RELATIVE_WIDTH = 2 ** -40;
/** Smallest width: its inverse stays finite. */
const MIN_WIDTH = 2 ** -1000;
/** Empty days skipped per dequeue, on average over a period, that bring the width check forward. */
const SKIP_LIMIT = 8;
/** Fewest dequeues between two width checks; a period is max(this, size). */
const MIN_CHECK_PERIOD = 1024;

// NOTE: a slot is one 32-byte record, seen as a double (time) and as ints (seq, next, generation,
// state, kind, target), instead of seven parallel arrays; bucket heads and tails are interleaved,
// and lists are singly linked. With many events pending every slot touched is a cache and TLB
// miss: a hold step touched ~10 lines of 48 MB, now ~5 of 32 MB (+10–30% at 1e6, bench/event-sets.ts).
/** Doubles per record and the time's offset. */
const R = 4,
  TIME = 0;
/** Ints per record and the int fields' offsets (after the time). */
const L = 8,
  SEQ = 2,
  NEXT = 3,
  GEN = 4,
  STATE = 5,
  KIND = 6,
  TARGET = 7;

/** A calendar queue over typed arrays; see the file comment. Same API as `EventQueue`. */
export class CalendarQueue {
  /** Slots allocated. */
  private capacity: number;
  /** Slot records as doubles: the time. */
  private rec: Float64Array;
  /**
   * The same records as ints: sequence number (order on ties), next in the bucket list (NIL at the
   * end), generation (read as unsigned), state, handler kind, target entity.
   */
  private lnk: Int32Array;
  /** Stack of free slot indices. */
  private free: Int32Array;
  private freeTop: number;
  /** Scratch of slots for rebuilds and sampling. */
  private order: Int32Array;
  /** Times sampled at the head for the width estimate. */
  private readonly sample = new Float64Array(SAMPLE_GAPS + 1);

  /** Bucket b's list: first slot at [2b], last at [2b + 1]. */
  private bk: Int32Array;
  private nb = MIN_BUCKETS;
  private mask = MIN_BUCKETS - 1;
  private width = 1;
  private invWidth = 1;
  /** The current day (a whole number); buckets hold days curDay … curDay + nb − 1. */
  private curDay = 0;
  private curBucket = 0;
  /** Entries in buckets (the rest are in the overflow heap). */
  private inBuckets = 0;

  /** Overflow heap (entries whose day is ≥ curDay + nb): interleaved (time, seq) keys and slots. */
  private ovKey: Float64Array;
  private ovSlot: Int32Array;
  private ovN = 0;
  /** Day of the overflow's top entry; Infinity when the overflow is empty. */
  private ovTopDay = Infinity;

  /** Entries (pending, or cancelled and not yet discarded). */
  private n = 0;
  private nextSeq = 0;
  private growAt = MIN_BUCKETS;
  private shrinkAt = 0;
  private readonly maxSeq: number;

  /** Width monitor: dequeues left until the next check; empty days skipped and their budget. */
  private untilCheck = 0;
  private skips = 0;
  private skipLimit = 0;
  private rebuilds = 0;

  /** Kind, target and time of the event last returned by {@link takeTop} or {@link popInto}. */
  lastKind = 0;
  lastTarget = 0;
  lastTime = 0;

  /** `maxSeq` is for tests of sequence renumbering; leave it at its default. */
  constructor(initialCapacity = 1024, maxSeq = DEFAULT_MAX_SEQ) {
    const cap = Math.max(16, initialCapacity);
    this.maxSeq = Math.min(maxSeq, DEFAULT_MAX_SEQ);
    this.capacity = cap;
    this.rec = new Float64Array(R * cap);
    this.lnk = new Int32Array(this.rec.buffer);
    this.free = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.free[i] = cap - 1 - i;
    this.freeTop = cap;
    this.order = new Int32Array(cap);
    this.ovKey = new Float64Array(2 * cap);
    this.ovSlot = new Int32Array(cap);
    this.bk = new Int32Array(2 * MIN_BUCKETS).fill(NIL);
    this.resetMonitor();
  }

  /** Events scheduled and not yet taken, including cancelled ones not yet discarded. */
  get size(): number {
    return this.n;
  }

  /** Number of buckets (days per year); for tests and diagnostics. */
  get bucketCount(): number {
    return this.nb;
  }

  /** Width of a day, seconds; for tests and diagnostics. */
  get dayWidth(): number {
    return this.width;
  }

  /** Entries waiting in the overflow heap (beyond the current year); for tests and diagnostics. */
  get overflowCount(): number {
    return this.ovN;
  }

  /** Rebuilds so far (resizes, width changes, renumberings); for tests and diagnostics. */
  get rebuildCount(): number {
    return this.rebuilds;
  }

  /** Adds an event at absolute `time`; returns its handle. */
  push(time: number, kind: number, target: number): number {
    if (this.freeTop === 0) this.grow();
    if (this.nextSeq >= this.maxSeq) this.renumber();
    const s = this.free[--this.freeTop];
    const r = this.rec, l = this.lnk;
    r[R * s + TIME] = time;
    l[L * s + SEQ] = this.nextSeq++;
    l[L * s + STATE] = PENDING;
    l[L * s + KIND] = kind;
    l[L * s + TARGET] = target;
    const d = this.dayOf(time);
    if (this.n === 0) {
      this.curDay = d;
      this.curBucket = d & this.mask;
    }
    if (d >= this.curDay + this.nb) this.ovPush(s);
    else {
      if (d < this.curDay) this.rewind(d);
      this.link(s, d);
    }
    if (++this.n > this.growAt) this.rebuild(this.nb * 2, NaN, false);
    return (l[L * s + GEN] >>> 0) * SLOT_SPACE + s;
  }

  /** Time of the earliest live event; Infinity when none. Discards cancelled entries at the head. */
  peekTime(): number {
    for (;;) {
      if (this.inBuckets > 0) {
        const s = this.bk[2 * this.curBucket];
        if (s === NIL) {
          if (++this.skips > this.skipLimit) this.check();
          else this.advance();
          continue;
        }
        if (this.lnk[L * s + STATE] === PENDING) return this.rec[R * s + TIME];
        this.unlinkHead(s);
        this.n--;
        this.release(s);
        continue;
      }
      if (this.ovN === 0) return Infinity;
      // the year is empty: jump to the overflow's first day
      this.curDay = this.ovTopDay;
      this.curBucket = this.curDay & this.mask;
      this.migrate();
    }
  }

  /**
   * Takes the earliest live event into `lastTime`, `lastKind`, `lastTarget` and frees its slot.
   * Returns false when no live event remains.
   */
  takeTop(): boolean {
    if (this.peekTime() === Infinity) return false;
    this.takePeeked();
    return true;
  }

  /** {@link takeTop} right after {@link peekTime} returned a finite time (the hot path of `run`). */
  takePeeked(): void {
    const s = this.bk[2 * this.curBucket];
    this.lastTime = this.rec[R * s + TIME];
    this.lastKind = this.lnk[L * s + KIND];
    this.lastTarget = this.lnk[L * s + TARGET];
    this.unlinkHead(s);
    this.release(s);
    if (--this.n < this.shrinkAt) this.rebuild(this.nb >> 1, NaN, false);
    else if (--this.untilCheck <= 0) this.check();
  }

  /**
   * Part of the heap's take/close protocol; a no-op here, because {@link takeTop} already unlinked
   * the event (a bucket list has no root to keep for the next push). Safe to call any time.
   */
  closeTop(): void {}

  /** Removes the earliest live event into `lastTime`, `lastKind`, `lastTarget`; false when none. */
  popInto(): boolean {
    return this.takeTop();
  }

  /** Cancels the event named by `handle`; false when it already fired or was cancelled. */
  cancel(handle: number): boolean {
    if (!this.isPending(handle)) return false;
    this.lnk[L * (handle % SLOT_SPACE) + STATE] = CANCELLED;
    return true;
  }

  /** True when `handle` names an event that is still pending and not cancelled. */
  isPending(handle: number): boolean {
    const slot = handle % SLOT_SPACE;
    const gen = (handle - slot) / SLOT_SPACE;
    return slot < this.capacity && this.lnk[L * slot + GEN] >>> 0 === gen && this.lnk[L * slot + STATE] === PENDING;
  }

  /** Drops every pending event (slots are recycled; outstanding handles go stale). */
  clear(): void {
    const bk = this.bk, l = this.lnk;
    for (let b = 0; b < this.nb && this.inBuckets > 0; b++) {
      for (let s = bk[2 * b]; s !== NIL; s = l[L * s + NEXT]) {
        this.release(s);
        this.inBuckets--;
      }
      bk[2 * b] = NIL;
      bk[2 * b + 1] = NIL;
    }
    for (let i = 0; i < this.ovN; i++) this.release(this.ovSlot[i]);
    this.ovN = 0;
    this.ovTopDay = Infinity;
    this.n = 0;
  }

  /** The day of `time`: floor(time / width), clamped to ±FAR_DAY (NaN goes to FAR_DAY). */
  private dayOf(time: number): number {
    const d = Math.floor(time * this.invWidth);
    return d < FAR_DAY ? (d > -FAR_DAY ? d : -FAR_DAY) : FAR_DAY;
  }

  private release(s: number): void {
    this.lnk[L * s + GEN]++; // wraps at 2^32, long after handles (gen · 2^24 + slot) lose precision
    this.lnk[L * s + STATE] = FREE;
    this.free[this.freeTop++] = s;
  }

  /**
   * Inserts `s` into the list of day `d` (in the current year): after the tail or before the head
   * in O(1) — a later event, simultaneous events, an earlier one — else by a walk from the head.
   */
  private link(s: number, d: number): void {
    const bk = this.bk, r = this.rec, l = this.lnk;
    const b = 2 * (d & this.mask);
    const t = r[R * s + TIME], q = l[L * s + SEQ];
    this.inBuckets++;
    const last = bk[b + 1];
    if (last === NIL) {
      bk[b] = s;
      bk[b + 1] = s;
      l[L * s + NEXT] = NIL;
      return;
    }
    let pt = r[R * last + TIME];
    if (pt < t || (pt === t && l[L * last + SEQ] < q)) {
      l[L * last + NEXT] = s;
      l[L * s + NEXT] = NIL;
      bk[b + 1] = s;
      return;
    }
    let p = bk[b];
    pt = r[R * p + TIME];
    if (t < pt || (t === pt && q < l[L * p + SEQ])) {
      l[L * s + NEXT] = p;
      bk[b] = s;
      return;
    }
    // p precedes s, and the tail follows it: the walk stops before the end
    for (;;) {
      const nx = l[L * p + NEXT];
      pt = r[R * nx + TIME];
      if (t < pt || (t === pt && q < l[L * nx + SEQ])) break;
      p = nx;
    }
    l[L * s + NEXT] = l[L * p + NEXT];
    l[L * p + NEXT] = s;
  }

  /** Removes `s`, the head of the current bucket. */
  private unlinkHead(s: number): void {
    const nx = this.lnk[L * s + NEXT];
    const b = 2 * this.curBucket;
    this.bk[b] = nx;
    if (nx === NIL) this.bk[b + 1] = NIL;
    this.inBuckets--;
  }

  /** Moves to the next day (the current bucket is empty) and admits the overflow's entries for the year's new last day. */
  private advance(): void {
    const d = ++this.curDay;
    this.curBucket = (this.curBucket + 1) & this.mask;
    if (this.ovTopDay < d + this.nb) this.migrate();
  }

  /** Moves the overflow's entries whose day is now within the year into their buckets (in order: appends). */
  private migrate(): void {
    const end = this.curDay + this.nb;
    while (this.ovTopDay < end) {
      const d = this.ovTopDay;
      this.link(this.ovPop(), d);
    }
  }

  /**
   * Makes `d` < curDay the current day; the days that leave the year at its far end go to the
   * overflow. Under `Simulation` this happens only before the first event (a push is never earlier
   * than `now`, whose day is ≥ curDay).
   */
  private rewind(d: number): void {
    const evict = Math.min(this.curDay - d, this.nb);
    const bk = this.bk, l = this.lnk;
    // the leaving days curDay + nb − evict … curDay + nb − 1 share buckets with curDay − evict … curDay − 1
    for (let i = 1; i <= evict && this.inBuckets > 0; i++) {
      const b = 2 * ((this.curBucket - i) & this.mask);
      for (let s = bk[b]; s !== NIL; s = l[L * s + NEXT]) {
        this.ovPush(s);
        this.inBuckets--;
      }
      bk[b] = NIL;
      bk[b + 1] = NIL;
    }
    this.curDay = d;
    this.curBucket = d & this.mask;
  }

  private ovPush(s: number): void {
    const ok = this.ovKey, os = this.ovSlot;
    const t = this.rec[R * s + TIME], q = this.lnk[L * s + SEQ];
    let i = this.ovN++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = ok[2 * p];
      if (pt < t || (pt === t && ok[2 * p + 1] < q)) break;
      ok[2 * i] = pt;
      ok[2 * i + 1] = ok[2 * p + 1];
      os[i] = os[p];
      i = p;
    }
    ok[2 * i] = t;
    ok[2 * i + 1] = q;
    os[i] = s;
    if (i === 0) this.ovTopDay = this.dayOf(t);
  }

  private ovPop(): number {
    const ok = this.ovKey, os = this.ovSlot;
    const top = os[0];
    const n = --this.ovN;
    if (n === 0) {
      this.ovTopDay = Infinity;
      return top;
    }
    const t = ok[2 * n], q = ok[2 * n + 1], s = os[n];
    let i = 0;
    for (;;) {
      const c0 = 4 * i + 1;
      if (c0 >= n) break;
      let m = c0, mt = ok[2 * c0], mq = ok[2 * c0 + 1];
      const end = c0 + 4 < n ? c0 + 4 : n;
      for (let c = c0 + 1; c < end; c++) {
        const ct = ok[2 * c];
        if (ct < mt || (ct === mt && ok[2 * c + 1] < mq)) (m = c), (mt = ct), (mq = ok[2 * c + 1]);
      }
      if (t < mt || (t === mt && q < mq)) break;
      ok[2 * i] = mt;
      ok[2 * i + 1] = mq;
      os[i] = os[m];
      i = m;
    }
    ok[2 * i] = t;
    ok[2 * i + 1] = q;
    os[i] = s;
    this.ovTopDay = this.dayOf(ok[0]);
    return top;
  }

  /** Starts a new monitoring period of max(MIN_CHECK_PERIOD, size) dequeues. */
  private resetMonitor(): void {
    const period = Math.max(MIN_CHECK_PERIOD, this.n);
    this.untilCheck = period;
    this.skips = 0;
    this.skipLimit = SKIP_LIMIT * period;
  }

  /**
   * End of a monitoring period, or its skip budget ran out: re-estimate the width at the head and
   * rebuild when the estimate is off by more than 2× (hysteresis: sampling noise rarely rebuilds).
   */
  private check(): void {
    const w = this.estimateWidth();
    if (w > 2 * this.width || w < 0.5 * this.width) this.rebuild(this.nb, w, false);
    else this.resetMonitor();
  }

  /** Width estimate from the first SAMPLE_GAPS + 1 entries in (time, seq) order, without moving them. */
  private estimateWidth(): number {
    const x = this.sample, want = SAMPLE_GAPS + 1;
    const bk = this.bk, l = this.lnk, r = this.rec;
    let m = 0;
    for (let b = this.curBucket, seen = 0; m < want && seen < this.inBuckets; b = (b + 1) & this.mask) {
      for (let s = bk[2 * b]; s !== NIL && m < want; s = l[L * s + NEXT]) {
        x[m++] = r[R * s + TIME];
        seen++;
      }
    }
    if (m < want && this.ovN > 0) {
      let j = 0;
      while (m < want && this.ovN > 0) {
        const s = this.ovPop();
        this.order[j++] = s;
        x[m++] = r[R * s + TIME];
      }
      for (let i = 0; i < j; i++) this.ovPush(this.order[i]);
    }
    return this.widthFromSample(m);
  }

  /**
   * Brown's estimate, with WIDTH_FACTOR for his 3: WIDTH_FACTOR × the mean of the gaps between the m sampled times that are at most twice
   * the mean gap. Infinite gaps are left out; with no positive gap the width stays as it is.
   */
  private widthFromSample(m: number): number {
    const x = this.sample;
    let sum = 0, count = 0;
    for (let i = 1; i < m; i++) {
      const g = x[i] - x[i - 1];
      if (g < Infinity) (sum += g), count++;
    }
    if (!(sum > 0 && sum < Infinity)) return this.width;
    const mean = sum / count;
    let trimmed = 0, kept = 0;
    for (let i = 1; i < m; i++) {
      const g = x[i] - x[i - 1];
      if (g <= 2 * mean) (trimmed += g), kept++;
    }
    let w = WIDTH_FACTOR * (trimmed > 0 ? trimmed / kept : mean);
    const t0 = Math.abs(x[0]);
    if (t0 < Infinity) w = Math.max(w, t0 * MIN_RELATIVE_WIDTH);
    return Math.max(w, MIN_WIDTH);
  }

  /**
   * Rebuilds with `nb` buckets and day width `width` (NaN: Brown's estimate at the head), and with
   * sequence numbers 0 … n−1 when `renumber`. Entries are collected in (time, seq) order, so each
   * re-insertion appends to its bucket or to the overflow's bottom: O(n + nb + overflow · log).
   */
  private rebuild(nb: number, width: number, renumber: boolean): void {
    nb = Math.min(MAX_BUCKETS, Math.max(MIN_BUCKETS, nb));
    const order = this.order, bk = this.bk, l = this.lnk, r = this.rec;
    let m = 0;
    for (let b = this.curBucket; this.inBuckets > 0; b = (b + 1) & this.mask) {
      for (let s = bk[2 * b]; s !== NIL; s = l[L * s + NEXT]) {
        order[m++] = s;
        this.inBuckets--;
      }
      bk[2 * b] = NIL;
      bk[2 * b + 1] = NIL;
    }
    while (this.ovN > 0) order[m++] = this.ovPop();
    if (renumber) {
      for (let i = 0; i < m; i++) l[L * order[i] + SEQ] = i;
      this.nextSeq = m;
    }
    if (width !== width) {
      const ms = Math.min(m, SAMPLE_GAPS + 1);
      for (let i = 0; i < ms; i++) this.sample[i] = r[R * order[i] + TIME];
      width = this.widthFromSample(ms);
    }
    if (nb !== this.nb) {
      this.bk = new Int32Array(2 * nb).fill(NIL);
      this.nb = nb;
      this.mask = nb - 1;
    }
    this.growAt = nb < MAX_BUCKETS ? nb : Infinity;
    this.shrinkAt = nb > MIN_BUCKETS ? nb >> 2 : 0;
    this.width = width;
    this.invWidth = 1 / width;
    this.curDay = m > 0 ? this.dayOf(r[R * order[0] + TIME]) : 0;
    this.curBucket = this.curDay & this.mask;
    const end = this.curDay + nb;
    for (let i = 0; i < m; i++) {
      const s = order[i];
      const d = this.dayOf(r[R * s + TIME]);
      if (d < end) this.link(s, d);
      else this.ovPush(s);
    }
    this.rebuilds++;
    this.resetMonitor();
  }

  /** Reassigns sequence numbers 0 … n−1 in (time, seq) order, keeping every relative order. */
  private renumber(): void {
    this.rebuild(this.nb, this.width, true);
  }

  private grow(): void {
    const old = this.capacity;
    const cap = old * 2;
    if (cap > SLOT_SPACE) throw new Error(`calendar queue: more than ${SLOT_SPACE} pending events`);
    const g = <T extends Int32Array | Float64Array>(a: T, size: number, C: new (n: number) => T): T => {
      const b = new C(size);
      b.set(a);
      return b;
    };
    this.capacity = cap;
    this.rec = g(this.rec, R * cap, Float64Array);
    this.lnk = new Int32Array(this.rec.buffer);
    this.order = new Int32Array(cap);
    this.ovKey = g(this.ovKey, 2 * cap, Float64Array);
    this.ovSlot = g(this.ovSlot, cap, Int32Array);
    const free = new Int32Array(cap);
    free.set(this.free.subarray(0, this.freeTop));
    for (let s = cap - 1; s >= old; s--) free[this.freeTop++] = s;
    this.free = free;
  }
}
