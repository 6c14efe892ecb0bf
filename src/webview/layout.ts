// The queue picture as data: a pure function from a `tw/state` snapshot to placed nodes, arrows and
// labels (no DOM), so the layout is unit-tested in Node and the webview only turns it into SVG.
// One band per task (head -> chain -> NULL / &work_exited, pi_lock holder and spinners), one band per
// batch detached by a running task_work_run, and a band of works that are on no list.
import type { StateSnapshot, ThreadSnapshot, WorkSnapshot } from '../protocol/messages';

const NODE_W = 112;
const NODE_H = 56;
const GAP = 44;
const HEAD_W = 124;
const MARGIN = 16;
const BAND_TOP = 26;      // band title height
const POINTER_ROOM = 22;  // per stacked pointer label above a node
const BAND_BOTTOM = 34;   // pi_lock line under the head
const END_W = 64;
const STALE_ROOM = 16;    // under a band's boxes when a thread has a stale view

export type BandKind = 'task' | 'detached' | 'offlist' | 'stale';

export interface PlacedNode {
  /** Unique per picture: `<band>/<work>`. */
  key: string;
  work: string;
  band: string;
  x: number; y: number; w: number; h: number;
  life: string;
  address: string;
  func: string;
  freed: boolean;
  /** Differs from the previous snapshot (life, next, or position in a list). */
  changed: boolean;
}

export interface PlacedEnd {
  key: string;
  kind: 'null' | 'exited' | 'cycle';
  x: number; y: number; w: number; h: number;
}

export interface PlacedHead {
  key: string;
  task: string;
  x: number; y: number; w: number; h: number;
  changed: boolean;
}

/** `stale`: under memory lkmm, a thread sees a word (a head or a `next`) aim elsewhere than its newest value. */
export type ArrowKind = 'head' | 'next' | 'cycle' | 'pointer' | 'stale';

export interface Arrow {
  kind: ArrowKind;
  /** Keys of what it joins (a pointer starts at its label: `ptr:<thread>.<name>`). */
  from: string;
  to: string;
  points: [number, number][];
  label?: string;
  /** Index of the thread that owns a pointer, for its colour. */
  thread?: number;
}

export interface Label {
  x: number; y: number;
  text: string;
  cls: 'band-title' | 'band-note' | 'lock-free' | 'lock-held' | 'spinner' | 'pointer-label' | 'flag' | 'stale-label' | 'stale-line';
  thread?: number;
}

export interface Band {
  key: string;
  kind: BandKind;
  title: string;
  y: number;
  h: number;
}

export interface QueuePicture {
  width: number;
  height: number;
  bands: Band[];
  heads: PlacedHead[];
  nodes: PlacedNode[];
  ends: PlacedEnd[];
  arrows: Arrow[];
  labels: Label[];
  /** Pointers that aim at nothing drawable (NULL, a work not in the picture): shown as text. */
  loosePointers: { thread: string; name: string; target: string }[];
}

interface Ctx {
  snap: StateSnapshot;
  prev: StateSnapshot | null;
  works: Map<string, WorkSnapshot>;
  pic: QueuePicture;
  /** First placement of each work, where pointers aim. */
  home: Map<string, PlacedNode>;
  y: number;
}

/** Strips the `freed ` prefix a snapshot puts on dangling pointers. */
export function pointerWork(target: string): { name: string; freed: boolean } {
  const m = /^freed\s+(.+)$/.exec(target);
  return m && m[1] ? { name: m[1], freed: true } : { name: target, freed: false };
}

const isEnd = (t: string): boolean => t === 'NULL' || t === '&work_exited' || t.startsWith('...');

/** Lays out a snapshot; `prev` (the snapshot before) marks what changed. */
export function layoutQueue(snap: StateSnapshot, prev: StateSnapshot | null = null): QueuePicture {
  const pic: QueuePicture = {
    width: 0, height: 0, bands: [], heads: [], nodes: [], ends: [], arrows: [], labels: [], loosePointers: [],
  };
  const ctx: Ctx = { snap, prev, works: new Map(snap.works.map((w) => [w.name, w])), pic, home: new Map(), y: MARGIN };
  const aimed = pointerCounts(snap);
  for (const task of snap.tasks) taskBand(ctx, task, aimed);
  for (const th of snap.threads) if (th.detached.length) detachedBand(ctx, th, aimed);
  offListBand(ctx, aimed);
  pointerArrows(ctx);
  staleViews(ctx);
  pic.width = Math.max(360, ...extentX(pic)) + MARGIN;
  pic.height = ctx.y + MARGIN;
  return pic;
}

function extentX(pic: QueuePicture): number[] {
  return [...pic.nodes.map((n) => n.x + n.w), ...pic.ends.map((e) => e.x + e.w), ...pic.heads.map((h) => h.x + h.w),
    ...pic.labels.map((l) => l.x + l.text.length * (l.cls === 'stale-line' ? 7.6 : 7))]; // a stale line is long: room for its end
}

/** Where a pointer text aims, as a key of pointerCounts: `head:T`, a work name, or null (NULL, the end). */
export function aimKey(target: string): string | null {
  if (isEnd(target)) return null;
  const field = /^&\s*(?:freed\s+)?([A-Za-z_]\w*)\s*(?:\.|->)\s*(task_works|next)$/.exec(target);
  if (field?.[2] === 'task_works') return `head:${field[1]}`;
  return field?.[1] ?? pointerWork(target).name;
}

/** How many pointers aim at each work or head: the room a box needs above it for their labels. */
function pointerCounts(snap: StateSnapshot): Map<string, number> {
  const out = new Map<string, number>();
  for (const th of snap.threads) {
    for (const p of th.pointers) {
      const key = aimKey(p.target);
      if (key) out.set(key, (out.get(key) ?? 0) + 1);
    }
  }
  return out;
}

function roomAbove(keys: readonly string[], aimed: Map<string, number>): number {
  return Math.max(0, ...keys.map((n) => aimed.get(pointerWork(n).name) ?? 0)) * POINTER_ROOM;
}

function startBand(ctx: Ctx, key: string, kind: BandKind, title: string): Band {
  const band: Band = { key, kind, title, y: ctx.y, h: 0 };
  ctx.pic.bands.push(band);
  ctx.pic.labels.push({ x: MARGIN, y: ctx.y + 16, text: title, cls: 'band-title' });
  return band;
}

function endBand(ctx: Ctx, band: Band, bottom: number): void {
  // Room under the boxes for stale-view arrows and their labels (memory lkmm), when there are any.
  if (band.kind !== 'stale' && ctx.snap.stale?.length) bottom += STALE_ROOM;
  band.h = bottom - band.y;
  ctx.y = bottom + 10;
}

function taskBand(ctx: Ctx, task: StateSnapshot['tasks'][number], aimed: Map<string, number>): void {
  const flags = [task.exiting ? 'PF_EXITING' : '', task.notifyResume ? 'TIF_NOTIFY_RESUME' : '',
    task.notifySignal ? 'TIF_NOTIFY_SIGNAL' : ''].filter(Boolean);
  const band = startBand(ctx, `task:${task.name}`, 'task', `task ${task.name}${flags.length ? `  ·  ${flags.join(' · ')}` : ''}`);
  const top = ctx.y + BAND_TOP + roomAbove([`head:${task.name}`, ...task.chain], aimed);
  const prevTask = ctx.prev?.tasks.find((t) => t.name === task.name);
  const head: PlacedHead = {
    key: `head:${task.name}`, task: task.name, x: MARGIN, y: top, w: HEAD_W, h: NODE_H,
    changed: !!prevTask && prevTask.chain.join() !== task.chain.join(),
  };
  ctx.pic.heads.push(head);
  chainRow(ctx, band.key, task.chain, head.key, MARGIN + HEAD_W + GAP, top, 'head', prevTask?.chain);
  const lockY = top + NODE_H + 18;
  const holder = task.lock.holder;
  ctx.pic.labels.push(holder
    ? { x: MARGIN, y: lockY, text: `pi_lock held by ${holder}`, cls: 'lock-held', thread: threadIndex(ctx, holder) }
    : { x: MARGIN, y: lockY, text: 'pi_lock free', cls: 'lock-free' });
  if (task.lock.spinners.length) {
    ctx.pic.labels.push({ x: MARGIN + 190, y: lockY, text: `spinning: ${task.lock.spinners.join(', ')}`, cls: 'spinner' });
  }
  endBand(ctx, band, top + NODE_H + BAND_BOTTOM);
}

function detachedBand(ctx: Ctx, th: ThreadSnapshot, aimed: Map<string, number>): void {
  const band = startBand(ctx, `detached:${th.name}`, 'detached', `batch detached by ${th.name}'s task_work_run (off the list, walked without a lock)`);
  const top = ctx.y + BAND_TOP + roomAbove(th.detached, aimed);
  const chain = th.detached[th.detached.length - 1] === 'NULL' ? th.detached : [...th.detached, 'NULL'];
  const prevTh = ctx.prev?.threads.find((t) => t.id === th.id);
  chainRow(ctx, band.key, chain, null, MARGIN, top, 'next', prevTh?.detached);
  endBand(ctx, band, top + NODE_H + 12);
}

function offListBand(ctx: Ctx, aimed: Map<string, number>): void {
  const rest = ctx.snap.works.filter((w) => !ctx.home.has(w.name) && w.life !== 'unallocated');
  if (!rest.length) return;
  const band = startBand(ctx, 'offlist', 'offlist', 'on no list');
  const top = ctx.y + BAND_TOP + roomAbove(rest.map((w) => w.name), aimed);
  rest.forEach((w, i) => placeNode(ctx, band.key, w.name, MARGIN + i * (NODE_W + GAP / 2), top, false, null));
  endBand(ctx, band, top + NODE_H + 12);
}

/** Nodes left to right joined by `next` arrows, then the end marker; a repeated node closes a cycle. */
function chainRow(ctx: Ctx, band: string, chain: readonly string[], fromKey: string | null, x0: number, y: number,
  firstKind: ArrowKind, prevChain: readonly string[] | undefined): void {
  let x = x0;
  let from = fromKey;
  let kind: ArrowKind = firstKind;
  const seen = new Map<string, PlacedNode>();
  for (let i = 0; i < chain.length; i++) {
    const text = chain[i] ?? 'NULL';
    const { name, freed } = pointerWork(text);
    const again = seen.get(name);
    if (again && from) {
      const src = findBox(ctx, from);
      if (src) ctx.pic.arrows.push({ kind: 'cycle', from, to: again.key, points: cyclePoints(src, again) });
      return;
    }
    if (isEnd(text)) {
      const end = placeEnd(ctx, band, text, x, y);
      if (from) ctx.pic.arrows.push(straight(ctx, kind, from, end.key));
      return;
    }
    const moved = prevChain !== undefined && prevChain[i] !== text;
    const node = placeNode(ctx, band, name, x, y, freed, moved);
    seen.set(name, node);
    if (from) ctx.pic.arrows.push(straight(ctx, kind, from, node.key));
    from = node.key;
    kind = 'next';
    x += NODE_W + GAP;
  }
}

function placeEnd(ctx: Ctx, band: string, text: string, x: number, y: number): PlacedEnd {
  const kind: PlacedEnd['kind'] = text === 'NULL' ? 'null' : text === '&work_exited' ? 'exited' : 'cycle';
  const w = kind === 'exited' ? NODE_W : END_W;
  const end: PlacedEnd = { key: `${band}/${text}`, kind, x, y, w, h: NODE_H };
  ctx.pic.ends.push(end);
  return end;
}

function placeNode(ctx: Ctx, band: string, name: string, x: number, y: number, freedPtr: boolean, moved: boolean | null): PlacedNode {
  const w = ctx.works.get(name);
  const before = ctx.prev?.works.find((p) => p.name === name);
  const changed = !!ctx.prev && (moved === true || !before || before.life !== w?.life || before.next !== w?.next);
  const node: PlacedNode = {
    key: `${band}/${name}`, work: name, band, x, y, w: NODE_W, h: NODE_H,
    life: w?.life ?? 'unknown', address: w?.address ?? '', func: w?.func ?? '',
    freed: freedPtr || w?.life === 'freed', changed,
  };
  ctx.pic.nodes.push(node);
  if (!ctx.home.has(name)) ctx.home.set(name, node);
  return node;
}

type Box = { x: number; y: number; w: number; h: number };

function findBox(ctx: Ctx, key: string): Box | undefined {
  return ctx.pic.nodes.find((n) => n.key === key) ?? ctx.pic.heads.find((h) => h.key === key)
    ?? ctx.pic.ends.find((e) => e.key === key);
}

function straight(ctx: Ctx, kind: ArrowKind, from: string, to: string): Arrow {
  const a = findBox(ctx, from);
  const b = findBox(ctx, to);
  const y = (a?.y ?? 0) + NODE_H / 2;
  return { kind, from, to, points: [[(a?.x ?? 0) + (a?.w ?? 0), y], [b?.x ?? 0, y]] };
}

/** From under the last node back to under the repeated one. */
function cyclePoints(src: Box, dst: Box): [number, number][] {
  const low = src.y + src.h + 12;
  return [[src.x + src.w / 2, src.y + src.h], [src.x + src.w / 2, low], [dst.x + dst.w / 2, low], [dst.x + dst.w / 2, dst.y + dst.h]];
}

function threadIndex(ctx: Ctx, name: string): number {
  return Math.max(0, ctx.snap.threads.findIndex((t) => t.name === name));
}

/**
 * Each thread's local pointers: labels stacked above the box they aim at, each with its own arrow
 * that runs left of the labels below it and down into the box, so no line crosses a label.
 */
function pointerArrows(ctx: Ctx): void {
  const groups = new Map<string, { box: Box & { key: string }; items: { thread: number; label: string }[] }>();
  ctx.snap.threads.forEach((th, ti) => {
    for (const p of th.pointers) {
      const key = aimKey(p.target);
      const box = key === null ? undefined
        : key.startsWith('head:') ? ctx.pic.heads.find((h) => h.key === key) : ctx.home.get(key);
      if (!box) {
        ctx.pic.loosePointers.push({ thread: th.name, name: p.name, target: p.target });
        continue;
      }
      const g = groups.get(box.key) ?? { box, items: [] };
      g.items.push({ thread: ti, label: `${th.name}.${p.name}` });
      groups.set(box.key, g);
    }
  });
  for (const { box, items } of groups.values()) {
    const n = items.length;
    const labelX = box.x + 8 + 8 * n;
    items.forEach((it, i) => {
      const y = box.y - 8 - i * POINTER_ROOM;
      const ax = box.x + 4 + 8 * (n - 1 - i);
      ctx.pic.labels.push({ x: labelX, y, text: it.label, cls: 'pointer-label', thread: it.thread });
      ctx.pic.arrows.push({
        kind: 'pointer', from: `ptr:${it.label}`, to: box.key, label: it.label, thread: it.thread,
        points: [[labelX - 3, y - 4], [ax, y - 4], [ax, box.y]],
      });
    });
  }
}

/** The box of the word a stale view is about: a task's head (`T.task_works`) or a work (`B.next`). */
function wordBox(ctx: Ctx, loc: string): (Box & { key: string }) | undefined {
  const m = /^(.+)\.(task_works|next)$/.exec(loc);
  if (!m?.[1]) return undefined;
  return m[2] === 'task_works' ? ctx.pic.heads.find((h) => h.key === `head:${m[1]}`) : ctx.home.get(m[1]);
}

/**
 * Under memory lkmm: a thread that sees a word with another value than its newest (the value the
 * picture draws). A dashed arrow in the thread's colour runs from the word's box to what the
 * thread sees, labelled `owner: stale` (`early` for a read of a write not made yet), and a band
 * at the bottom says each view in words, the newest value next to it.
 */
function staleViews(ctx: Ctx): void {
  const views = ctx.snap.stale ?? [];
  if (!views.length) return;
  views.forEach((v, k) => {
    const from = wordBox(ctx, v.loc);
    const key = aimKey(v.seen);
    const to = key === null ? undefined : key.startsWith('head:') ? ctx.pic.heads.find((h) => h.key === key) : ctx.home.get(key);
    if (!from || !to) return;
    const thread = threadIndex(ctx, v.thread);
    const points = staleRoute(from, to, k);
    const mid = points[1] ?? [from.x, from.y];
    const end = points[2] ?? mid;
    const label = `${v.thread}: ${v.early ? 'early' : 'stale'}`;
    ctx.pic.arrows.push({ kind: 'stale', from: from.key, to: to.key, points, label, thread });
    ctx.pic.labels.push({ x: Math.min(mid[0], end[0]) + 6, y: Math.max(mid[1], end[1]) + 12, text: label, cls: 'stale-label', thread });
  });
  const band = startBand(ctx, 'stale', 'stale', 'what threads see (memory lkmm): not the newest value the picture shows');
  views.forEach((v, i) => {
    ctx.pic.labels.push({ x: MARGIN + 8, y: ctx.y + BAND_TOP + 14 + i * 18, text: `${v.loc}: ${v.text}`, cls: 'stale-line', thread: threadIndex(ctx, v.thread) });
  });
  endBand(ctx, band, ctx.y + BAND_TOP + 14 + views.length * 18);
}

/** From the word's box to the seen box: under both on one row, else down (or up) between the rows; the k-th view a little lower. */
function staleRoute(a: Box, b: Box, k: number): [number, number][] {
  const ax = a.x + a.w / 2 + 10;
  const bx = b.x + b.w / 2 + 10;
  if (Math.abs(a.y - b.y) < 1) {
    const low = a.y + a.h + 5 + 4 * k; // above the pi_lock line under a task row
    return [[ax, a.y + a.h], [ax, low], [bx, low], [bx, b.y + b.h]];
  }
  if (b.y > a.y) {
    const y = b.y - 8 - 5 * k;
    return [[ax, a.y + a.h], [ax, y], [bx, y], [bx, b.y]];
  }
  const y = b.y + b.h + 8 + 5 * k;
  return [[ax, a.y], [ax, y], [bx, y], [bx, b.y + b.h]];
}
