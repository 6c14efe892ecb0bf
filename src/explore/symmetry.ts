// Thread symmetry for the stateful search (tw explore --symmetry). Threads are alike when their
// bodies are the same code up to a renaming of the works only they mention: then swapping them,
// together with those works (their heap cells and ghosts), maps every execution onto an execution,
// and a state need be explored once up to such permutations. The criterion is deliberately narrow
// so it is sound by construction; anything it cannot vouch for keeps a thread out of the group.
import { Program, Instr, Listing, addressOfSlot, slotOfAddress, workBase } from '../core';

/** One element of the group: where each thread, work, heap slot and code block goes. */
export interface Renaming {
  /** thread[t]: the position thread t takes; threadAt is the inverse. */
  thread: Int32Array;
  threadAt: Int32Array;
  work: Int32Array;
  workAt: Int32Array;
  slot: Int32Array;
  slotAt: Int32Array;
  block: Int32Array;
}

export interface Symmetry {
  /** Every element of the group, the identity first. */
  group: Renaming[];
  /** Per code block, which locals hold works (renamed with the heap). */
  workLocals: boolean[][];
  /**
   * Per function of the variant's listing, which slots may hold a pointer into the heap (a work,
   * a link inside one, an untyped pointer): renamed with the heap, from the compiled listing's
   * slot kinds. Empty without a listing.
   */
  listingLocals: boolean[][];
  /** The classes of alike threads, by name (for the report). */
  classes: string[][];
  /** The classes as thread indices, each in declaration order. */
  members: number[][];
  /** Per thread: the works it owns and their heap slots (empty outside the classes). */
  own: number[][];
  ownSlots: number[][];
  /**
   * Per class member: a renaming that sends its own works to the first member's, the other
   * members' works of its class to one stand-in, and each other class's works to one stand-in per
   * class. Encoded through it, a thread reads the same as any alike thread in the same situation:
   * the key that orders a class before any permutation is tried.
   */
  abstraction: (Renaming | undefined)[];
  /**
   * The group elements by code: per class (radix members^members), where each member goes, as
   * the sum of place(member i) * members^i.
   */
  byCode: Map<number, Renaming>;
}

const MAX_GROUP = 5040;

/** Works an instruction list names, in order of first mention; null when it does something we cannot rename. */
function worksOf(instrs: readonly Instr[]): number[] | null {
  const out: number[] = [];
  let ok = true;
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) { for (const y of x) walk(y); return; }
    if (typeof x !== 'object' || x === null) return;
    const o = x as Record<string, unknown>;
    if (o.k === 'work' && typeof o.id === 'number' && !out.includes(o.id)) out.push(o.id);
    if (o.op === 'alloc' && typeof o.work === 'number' && !out.includes(o.work)) out.push(o.work);
    if (o.k === 'thread' || (o.k === 'unary' && o.op === '-')) ok = false;
    if (o.k === 'binary' && ['<', '<=', '>', '>=', '+', '-'].includes(String(o.op))) ok = false;
    if (o.k === 'int' && typeof o.v === 'number' && slotOfAddress(o.v) >= 0) ok = false;
    for (const [key, v] of Object.entries(o)) if (key !== 'origin') walk(v);
  };
  walk(instrs);
  return ok ? out : null;
}

/** The instructions with works renamed, as text without source positions (for comparison). */
function shapeOf(instrs: readonly Instr[], rename: Map<number, number>): string {
  return JSON.stringify(instrs, (key, v: unknown) => {
    if (key === 'origin') return undefined;
    if (v && typeof v === 'object' && (v as { k?: string }).k === 'work') return { ...v, id: rename.get((v as { id: number }).id) ?? (v as { id: number }).id };
    if (v && typeof v === 'object' && (v as { op?: string }).op === 'alloc') return { ...v, work: rename.get((v as { work: number }).work) ?? (v as { work: number }).work };
    return v;
  });
}

/** Works named outside thread t's body (setup aside: it only builds the initial state). */
function namedElsewhere(p: Program, t: number): Set<number> {
  const out = new Set<number>();
  p.blocks.forEach((b, i) => {
    if (i === p.setup || i === p.threads[t]?.block) return;
    for (const w of worksOf(b.instrs) ?? p.works.map((_, id) => id)) out.add(w);
  });
  for (const inv of p.invariants) for (const w of worksOf([{ op: 'assert', e: inv.e, origin: inv.origin }]) ?? p.works.map((_, id) => id)) out.add(w);
  return out;
}

function alike(p: Program, a: number, b: number, own: (number[] | null)[]): boolean {
  const ta = p.threads[a], tb = p.threads[b];
  const oa = own[a], ob = own[b];
  if (!ta || !tb || !oa || !ob || ta.current !== tb.current || oa.length !== ob.length) return false;
  if (oa.some((w) => ob.includes(w))) return false;
  const ba = p.blocks[ta.block], bb = p.blocks[tb.block];
  if (!ba || !bb || JSON.stringify(ba.locals.map((l) => l.type)) !== JSON.stringify(bb.locals.map((l) => l.type))) return false;
  const rename = new Map<number, number>();
  for (let i = 0; i < oa.length; i++) {
    const wa = p.works[oa[i] as number], wb = p.works[ob[i] as number];
    if (!wa || !wb || wa.func !== wb.func || !wa.allocated || !wb.allocated) return false;
    rename.set(oa[i] as number, ob[i] as number);
  }
  return shapeOf(ba.instrs, rename) === shapeOf(bb.instrs, new Map());
}

/** Works each thread alone names, each in a heap slot of its own; null for a thread that cannot take part. */
function ownWorks(p: Program): (number[] | null)[] {
  const slotUsers = new Map<number, number>();
  for (const w of p.works) slotUsers.set(w.slot, (slotUsers.get(w.slot) ?? 0) + 1);
  return p.threads.map((th, t) => {
    const own = worksOf(p.blocks[th.block]?.instrs ?? []);
    if (!own) return null;
    const elsewhere = namedElsewhere(p, t);
    return own.every((w) => !elsewhere.has(w) && slotUsers.get(p.works[w]?.slot ?? -1) === 1) ? own : null;
  });
}

export function permutations(xs: number[]): number[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** The thread classes of p (each of two or more alike threads), or none. */
function classesOf(p: Program, own: (number[] | null)[]): number[][] {
  const classes: number[][] = [];
  const placed = new Set<number>();
  for (let a = 0; a < p.threads.length; a++) {
    if (placed.has(a)) continue;
    const cls = [a];
    for (let b = a + 1; b < p.threads.length; b++) if (!placed.has(b) && alike(p, a, b, own)) cls.push(b);
    if (cls.length > 1) { classes.push(cls); for (const t of cls) placed.add(t); }
  }
  return classes;
}

function inverse(a: Int32Array): Int32Array {
  const out = new Int32Array(a.length);
  a.forEach((x, i) => { out[x] = i; });
  return out;
}

/** The renaming that sends each class member cls[i] to perm[i] (per class), with their works. */
function renaming(p: Program, own: (number[] | null)[], classes: number[][], perms: number[][]): Renaming {
  const thread = Int32Array.from(p.threads, (_, t) => t);
  const work = Int32Array.from(p.works, (_, w) => w);
  const block = Int32Array.from(p.blocks, (_, b) => b);
  classes.forEach((cls, c) => cls.forEach((from, i) => {
    const to = perms[c]?.[i] ?? from;
    thread[from] = to;
    block[p.threads[from]?.block ?? 0] = p.threads[to]?.block ?? 0;
    (own[from] ?? []).forEach((w, k) => { work[w] = own[to]?.[k] ?? w; });
  }));
  const slot = Int32Array.from({ length: p.slots }, (_, s) => s);
  p.works.forEach((w, id) => { slot[w.slot] = p.works[work[id] as number]?.slot ?? w.slot; });
  return { thread, threadAt: inverse(thread), work, workAt: inverse(work), slot, slotAt: inverse(slot), block };
}

/** Slot kinds whose values may be heap addresses ('task', 'int', 'fn', 'flags' never are). */
const POINTER_KINDS: ReadonlySet<string> = new Set(['work', 'pwork', 'data']);

/**
 * The symmetry of p run by `listing` (the variant's), or undefined when no two threads are alike
 * (or the group would be too large). The listing never names a work itself (works come in as
 * arguments), so it is symmetric in them; its pointer slots are renamed with the heap.
 */
export function symmetryOf(p: Program, listing?: Listing): Symmetry | undefined {
  const own = ownWorks(p);
  const classes = classesOf(p, own);
  if (classes.length === 0) return undefined;
  let elements: number[][][] = [[]];
  for (const cls of classes) elements = elements.flatMap((e) => permutations(cls).map((perm) => [...e, perm]));
  if (elements.length > MAX_GROUP) return undefined;
  // The identity (every class in its own order) comes first: permutations() yields it first.
  const group = elements.map((perms) => renaming(p, own, classes, perms));
  const workLocals = p.blocks.map((b) => b.locals.map((l) => l.type === 'work'));
  const listingLocals = (listing?.functions ?? []).map((fn) => fn.slots.map((x) => POINTER_KINDS.has(x.kind)));
  const ownOf = p.threads.map((_, t) => (classes.some((c) => c.includes(t)) ? own[t] ?? [] : []));
  return {
    group, workLocals, listingLocals, classes: classes.map((cls) => cls.map((t) => p.threads[t]?.name ?? '?')), members: classes,
    own: ownOf, ownSlots: ownOf.map((ws) => ws.map((w) => p.works[w]?.slot ?? 0)),
    abstraction: p.threads.map((_, t) => abstraction(p, ownOf, classes, t)),
    byCode: new Map(group.map((r) => [codeOf(r, classes), r])),
  };
}

function codeOf(r: Renaming, classes: number[][]): number {
  let code = 0;
  let radix = 1;
  for (const cls of classes) {
    const m = cls.length;
    cls.forEach((t, i) => { code += cls.indexOf(r.thread[t] as number) * m ** i * radix; });
    radix *= m ** m;
  }
  return code;
}

/** Thread t's abstraction (see Symmetry.abstraction), or undefined outside the classes. */
function abstraction(p: Program, own: number[][], classes: number[][], t: number): Renaming | undefined {
  const mine = classes.findIndex((c) => c.includes(t));
  if (mine < 0) return undefined;
  const first = classes[mine]?.[0] ?? t;
  const slot = Int32Array.from({ length: p.slots }, (_, s) => s);
  const work = Int32Array.from(p.works, (_, w) => w);
  const block = Int32Array.from(p.blocks, (_, b) => b);
  block[p.threads[t]?.block ?? 0] = p.threads[first]?.block ?? 0;
  classes.forEach((cls, c) => cls.forEach((m) => (own[m] ?? []).forEach((w, k) => {
    const self = m === t ? own[first]?.[k] ?? w : -1;
    work[w] = self >= 0 ? self : p.works.length + c;
    slot[p.works[w]?.slot ?? 0] = self >= 0 ? p.works[self]?.slot ?? 0 : p.slots + c;
  })));
  const none = new Int32Array(0);
  return { thread: none, threadAt: none, work, workAt: none, slot, slotAt: none, block };
}

/**
 * An address with its heap slot renamed, a word inside a work (&work->func, &work->pprev) with its
 * work (other values, NULL and &work_exited among them, unchanged).
 */
export function renameAddress(r: Renaming, x: number): number {
  const base = x > 0 ? workBase(x) : x;
  const slot = slotOfAddress(base);
  return slot >= 0 && slot < r.slot.length ? addressOfSlot(r.slot[slot] as number) + (x - base) : x;
}

/** A thread mask with every thread moved to its new position. */
export function renameMask(map: Int32Array, mask: number): number {
  let out = 0;
  for (let t = 0; mask !== 0; t++, mask >>>= 1) if (mask & 1) out |= 1 << (map[t] as number);
  return out;
}
