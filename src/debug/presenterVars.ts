// Pure: the rows of each variables container (Locals, Tasks, Works, Schedule, Violations), with
// evaluate names (Add to Watch), children and the data-breakpoint ids of watchable fields.
import { Frame, NULL, WORK_EXITED, addressOfSlot, chainText, describeViolation, funcOfValue, pointerName, cellAt, threadName, taskOfPtr, workBase, workWord, SlotKind, WORK_FIELDS, MODEL_FN_BASE, LOCAL_HEAD } from '../core';
import { View, VarRef, lastReturnText, lockSpinners, returnText } from './presenter';
import { pprevText } from './exprs';
import { staleNote } from './staleViews';

export interface VarView {
  name: string;
  value: string;
  type?: string;
  ref?: VarRef;
  indexed?: number;
  evaluateName?: string;
  /** Set on fields a data breakpoint can watch (`T.task_works`, `T.pi_lock`, `A.next`). */
  dataId?: string;
}

/** The work a pointer names (live, or the one that last lived at a freed address), or -1. */
function workOf(v: View, addr: number): number {
  const cell = cellAt(v.s, addr);
  if (!cell) return -1;
  return cell.work >= 0 ? cell.work : cell.last;
}

function pointerVar(v: View, name: string, addr: number, evaluateName?: string): VarView {
  const id = workOf(v, addr);
  const out: VarView = { name, value: pointerName(v.m.ctx, v.s, addr), type: 'struct callback_head *' };
  if (id >= 0) out.ref = { k: 'work', id };
  if (evaluateName) out.evaluateName = evaluateName;
  return out;
}

/** 3.5's hlist back link as a word of memory: `&T.task_works` or `&B->next`. */
function funcName(v: View, value: number): string {
  if (value === NULL) return 'NULL';
  return v.m.program.funcs[funcOfValue(value)]?.name ?? `0x${value.toString(16)}`;
}

/** Locals of the operation that `evaluate` resolves too (lang's opLocal names). */
const OP_LOCAL_NAMES: readonly string[] = ['h', 'work', 'pprev', 'next', 'head'];

/** One C local of the listing function the operation is in, shown by its declared kind. */
function listingLocal(v: View, name: string, kind: SlotKind, value: number): VarView {
  const evaluateName = OP_LOCAL_NAMES.includes(name) ? { evaluateName: name } : {};
  switch (kind) {
    case 'task': {
      const task = taskOfPtr(value);
      const out: VarView = { name, value: task >= 0 ? v.m.program.tasks[task]?.name ?? '?' : value === NULL ? 'NULL' : `0x${value.toString(16)}`, type: 'struct task_struct *' };
      if (task >= 0) out.ref = { k: 'task', task };
      return out;
    }
    case 'work': return { ...pointerVar(v, name, value), ...evaluateName };
    case 'data': // match's argument: a work (by node) or a func (by func)
      return funcOfValue(value) >= 0 ? { name, value: funcName(v, value), type: 'void *' } : { ...pointerVar(v, name, value), type: 'void *', ...evaluateName };
    case 'pwork': return { name, value: linkText(v, value), type: 'struct callback_head **', ...evaluateName };
    case 'fn': return { name, value: fnName(v, value), type: 'function pointer' };
    case 'flags': return { name, value: `0x${(value >>> 0).toString(16)}`, type: 'unsigned long' };
    default: return { name, value: String(value), type: 'int', ...evaluateName };
  }
}

/** A function pointer: a callback, one of the listing's own functions, or the scenario's match. */
function fnName(v: View, value: number): string {
  if (value === NULL || funcOfValue(value) >= 0) return funcName(v, value);
  const own = v.m.variant.listing?.functions[value - MODEL_FN_BASE];
  return own ? own.name : 'the scenario\'s match';
}

/**
 * A pointer to a link word: `&T.task_works`, `&A->next`, `&A->pprev`, NULL, or 3.5's run's own list
 * head (pointerName names the words that are no work's).
 */
export function linkText(v: View, addr: number): string {
  if (addr === NULL || addr < 0 || addr === LOCAL_HEAD) return pointerName(v.m.ctx, v.s, addr);
  return `&${pointerName(v.m.ctx, v.s, workBase(addr))}->${WORK_FIELDS[workWord(addr)] ?? '?'}`;
}

/**
 * Under a listing the step functions' fields (f.work, f.next, ...) stay 0: the operation's locals
 * are the named C locals of the innermost listing function it is in (compiler temporaries hidden).
 */
function listingOpLocals(v: View, f: Frame): VarView[] {
  const top = f.m?.frames[f.m.frames.length - 1];
  const fn = top ? v.m.variant.listing?.functions[top.fn] : undefined;
  if (!top || !fn) { // before its first step (a call on a CPU starts with it): the task it acts on
    const task = v.m.program.tasks[f.task]?.name ?? '?';
    return f.task >= 0 ? [{ name: 'task', value: task, type: 'struct task_struct *', ref: { k: 'task', task: f.task } }] : [];
  }
  const out: VarView[] = [];
  fn.slots.forEach((slot, i) => {
    if (i > 0 && !slot.temp) out.push(listingLocal(v, slot.name, slot.kind, top.slots[i] ?? 0));
  });
  // A function with no locals of its own (do_exit): the task it runs on.
  return out.length ? out : [listingLocal(v, 'current', 'task', top.slots[0] ?? 0)];
}

function opLocals(v: View, f: Frame): VarView[] {
  if (v.m.variant.listing) return listingOpLocals(v, f);
  const task = v.m.program.tasks[f.task]?.name ?? '?';
  const out: VarView[] = [{ name: 'task', value: task, type: 'struct task_struct *', ref: { k: 'task', task: f.task } }];
  const label = f.label;
  if (f.op === 'add') {
    out.push(pointerVar(v, 'work', f.work, 'work'), pointerVar(v, 'h', f.h, 'h'));
  } else if (label.startsWith('cancel.')) {
    if (f.op === 'cancel') out.push(pointerVar(v, 'target', f.h));
    out.push({ name: 'pprev', value: f.pprev === 0 ? 'NULL' : pprevText(v.m.ctx, v.s, f.pprev), type: 'struct callback_head **', evaluateName: 'pprev' });
    out.push(pointerVar(v, 'work', f.work, 'work'));
    if (label === 'cancel.unlock') out.push({ ...pointerVar(v, 'return value', f.ret), type: 'struct callback_head *' });
  } else if (label.startsWith('run.')) {
    out.push(pointerVar(v, 'work', f.work, 'work'), pointerVar(v, 'next', f.next, 'next'), pointerVar(v, 'head', f.head, 'head'));
  } else if (label === 'resume.clear' && !v.m.variant.clearThenCheck) {
    out.push({ name: 'pending', value: f.h ? 'true' : 'false', type: 'bool' });
  }
  return out;
}

function codeLocals(v: View, t: number, f: Frame, isBody: boolean): VarView[] {
  const p = v.m.program;
  const block = p.blocks[f.block];
  const out: VarView[] = [];
  if (p.funcs.some((x) => x.block === f.block)) out.push(pointerVar(v, 'cb', f.cb, 'cb'));
  block?.locals.forEach((l, slot) => {
    if (l.name.startsWith('%')) return;
    const raw = f.locals[slot] ?? 0;
    if (l.type === 'work') out.push(pointerVar(v, l.name, raw, l.name));
    else out.push({ name: l.name, value: l.type === 'bool' ? (raw ? 'true' : 'false') : l.type === 'func' ? funcName(v, raw) : String(raw), type: l.type, evaluateName: l.name });
  });
  const last = v.s.threads[t]?.lastReturn ?? null;
  if (isBody && last !== null) out.push({ name: 'return value', value: lastReturnText(v, t, last), type: 'last API call' });
  return out;
}

function locals(v: View, t: number, fi: number): VarView[] {
  const frames = v.s.threads[t]?.frames ?? [];
  const f = frames[fi];
  if (!f) {
    const last = v.s.threads[t]?.lastReturn ?? null;
    return last !== null ? [{ name: 'return value', value: lastReturnText(v, t, last), type: 'last API call' }] : [];
  }
  return f.kind === 'op' ? opLocals(v, f) : codeLocals(v, t, f, fi === 0);
}

function lockText(v: View, task: number): string {
  const holder = v.s.tasks[task]?.lockHolder ?? -1;
  const spinners = lockSpinners(v, task);
  const base = holder >= 0 ? `held by ${threadName(v.m.ctx, holder)}` : 'unlocked';
  return spinners.length ? `${base}; spinning: ${spinners.join(', ')}` : base;
}

function taskSummary(v: View, task: number): string {
  const t = v.s.tasks[task];
  if (!t) return '?';
  const name = v.m.program.tasks[task]?.name ?? '?';
  return `${chainText(v.m.ctx, v.s, t.taskWorks)}${staleNote(v.stale?.(), `${name}.task_works`)}; pi_lock ${lockText(v, task)}${t.exiting ? '; PF_EXITING' : ''}${staleNote(v.stale?.(), `${name}.flags`)}`;
}

function taskFields(v: View, task: number): VarView[] {
  const t = v.s.tasks[task];
  const name = v.m.program.tasks[task]?.name ?? '?';
  if (!t) return [];
  const flag = (n: string, b: boolean, e?: string): VarView => ({ name: n, value: b ? 'true' : 'false', type: 'bool', ...(e ? { evaluateName: e } : {}) });
  return [
    { name: 'task_works', value: `${chainText(v.m.ctx, v.s, t.taskWorks)}${staleNote(v.stale?.(), `${name}.task_works`)}`, type: 'struct callback_head *', ref: { k: 'chain', task }, evaluateName: `${name}.task_works`, dataId: `${name}.task_works` },
    { name: 'pi_lock', value: lockText(v, task), type: 'raw_spinlock_t', evaluateName: `held(${name}.pi_lock)`, dataId: `${name}.pi_lock` },
    { ...flag('PF_EXITING', t.exiting, `exiting(${name})`), value: `${t.exiting}${staleNote(v.stale?.(), `${name}.flags`)}` },
    flag('TIF_NOTIFY_RESUME', t.notifyResume, `notify_resume(${name})`),
    flag('TIF_NOTIFY_SIGNAL', t.notifySignal, `notify_signal(${name})`),
    flag('exit_task_work done', t.exited),
  ];
}

function chain(v: View, task: number): VarView[] {
  const out: VarView[] = [];
  let p = v.s.tasks[task]?.taskWorks ?? NULL;
  for (let i = 0; i <= v.s.cells.length; i++) {
    if (p === NULL || p === WORK_EXITED) return [...out, { name: `[${i}]`, value: pointerName(v.m.ctx, v.s, p) }];
    const cell = cellAt(v.s, p);
    const id = workOf(v, p);
    const life = v.s.works[id]?.life;
    out.push({ ...pointerVar(v, `[${i}]`, p), value: `${pointerName(v.m.ctx, v.s, p)}${life ? ` (${life})` : ''}` });
    if (!cell) return out;
    p = cell.next;
  }
  return [...out, { name: '...', value: 'cycle' }];
}

function workSummary(v: View, id: number): string {
  const g = v.s.works[id];
  const w = v.m.program.works[id];
  const cell = w ? v.s.cells[w.slot] : undefined;
  if (!g || !w || !cell) return '?';
  const live = cell.work === id;
  const next = live ? pointerName(v.m.ctx, v.s, cell.next) : '-';
  const views = v.stale?.();
  return `${g.life}; next ${next}${staleNote(views, `${w.name}.next`)}; added ${g.adds}, ran ${g.runs}, cancelled ${g.cancels}${staleNote(views, `${w.name}.func`)}`;
}

/** A row of a word with the threads' views of it that are not its newest value (memory lkmm) after it. */
function withStale(row: VarView, v: View, loc: string): VarView {
  return { ...row, value: row.value + staleNote(v.stale?.(), loc) };
}

function workFields(v: View, id: number): VarView[] {
  const g = v.s.works[id];
  const w = v.m.program.works[id];
  const cell = w ? v.s.cells[w.slot] : undefined;
  if (!g || !w || !cell) return [];
  const addr = addressOfSlot(w.slot);
  const int = (name: string, n: number, e: string): VarView => ({ name, value: String(n), type: 'int', evaluateName: e });
  return [
    { name: 'state', value: g.life, type: 'lifecycle' },
    { name: 'address', value: `0x${addr.toString(16)}${cell.work !== id && cell.work >= 0 ? ` (now ${v.m.program.works[cell.work]?.name})` : ''}`, type: 'address' },
    { ...withStale(pointerVar(v, 'next', cell.next, `${w.name}.next`), v, `${w.name}.next`), dataId: `${w.name}.next` },
    { name: 'func', value: `${funcName(v, cell.func)}${staleNote(v.stale?.(), `${w.name}.func`)}`, type: 'task_work_func_t', evaluateName: `${w.name}.func` },
    // Only a v3.5 listing (an hlist) writes the third word: the picture shows it once it is set.
    ...(cell.pprev !== NULL ? [{ name: 'pprev', value: linkText(v, cell.pprev), type: 'struct hlist_node **' }] : []),
    int('added', g.adds, `adds(${w.name})`), int('ran', g.runs, `runs(${w.name})`), int('cancelled', g.cancels, `cancels(${w.name})`),
    { name: 'task', value: g.task >= 0 ? (v.m.program.tasks[g.task]?.name ?? '?') : '-' },
  ];
}

/** One Schedule row: `canceller cancel.cas ok -> A`. */
function eventText(v: View, ev: { thread: number; label: string; ok: number; ret?: number; blockedAt?: string }): string {
  const who = threadName(v.m.ctx, ev.thread);
  const what = ev.label === 'spin' ? `spin at ${ev.blockedAt ?? '?'}` : ev.label;
  const ok = ev.ok === 1 ? (ev.label.endsWith('cas') ? ' ok' : ' yes') : ev.ok === 0 ? (ev.label.endsWith('cas') ? ' FAILED' : ' no') : '';
  const isVoid = /^(run|exit|resume)\./.test(ev.label); // task_work_run and its callers return nothing
  const ret = ev.ret !== undefined && !isVoid ? ` -> ${returnText(v, ev.ret)}` : '';
  return `${who} ${what}${ok}${ret}`;
}

function schedule(v: View, start: number, count: number): VarView[] {
  const out: VarView[] = [];
  const end = Math.min(v.events.length, start + count);
  for (let i = Math.max(0, start); i < end; i++) {
    const ev = v.events[i];
    if (ev) out.push({ name: String(i + 1), value: eventText(v, ev) });
  }
  return out;
}

/** Under the LKMM: each write the thread's next read may take, the one it takes marked (tw/readFrom picks). */
function readRows(v: View, t: number): VarView[] {
  const reads = v.reads?.(t) ?? [];
  return reads.flatMap((r) => r.options.map((o) => ({
    name: reads.length > 1 ? `${r.loc} <- ${o.name}` : o.name,
    value: `${r.loc} = ${o.value}${o.stale ? ` (stale: ${o.stale})` : ''}${o.early ? ` (early: ${o.early})` : ''}${o.takes ? '  <- reads this' : ''}`,
    type: `${r.label} read`,
  })));
}

/** The rows of a container; `start`/`count` page an indexed one (the Schedule). */
export function variables(v: View, ref: VarRef, start = 0, count = Number.MAX_SAFE_INTEGER): VarView[] {
  switch (ref.k) {
    case 'locals': return locals(v, ref.t, ref.fi);
    case 'tasks': return v.m.program.tasks.map((d, task) => ({ name: d.name, value: taskSummary(v, task), type: 'struct task_struct', ref: { k: 'task', task } }));
    case 'task': return taskFields(v, ref.task);
    case 'chain': return chain(v, ref.task);
    case 'works': return v.m.program.works.map((d, id) => ({ name: d.name, value: workSummary(v, id), type: 'struct callback_head', ref: { k: 'work', id } }));
    case 'work': return workFields(v, ref.id);
    case 'schedule': return schedule(v, start, count);
    case 'violations': return v.s.violations.map((x, i) => ({ name: `${i + 1}: ${x.kind}`, value: describeViolation(v.m.ctx, x) }));
    case 'reads': return readRows(v, ref.t);
  }
}
