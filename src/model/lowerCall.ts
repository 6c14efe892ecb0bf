// Lowers calls: the file's own functions, a `match` function pointer, the callback `work->func(work)`,
// and the kernel helpers the model builds in (builtins.ts). An unknown callee is TW330.
import { CExpr } from './cAst';
import { ExprLowerer, Val, Place } from './lowerExpr';
import { Order, LocalFn } from './listing';
import { orderOf } from './emitter';
import { withText, TIF_NOTIFY_RESUME, TIF_NOTIFY_SIGNAL, NOTIFY_MODE_VALUES } from '../core';
import { FENCES, FENCE_TAGS, IGNORED_CALLS, LOCKS, UNLOCKS, UNLOCK_WAITS, ATOMIC, NOTIFY_SETTERS, ONCE_READS, SIGNAL_CALLS } from './builtins';
import { at } from './diagnostics';
import { hlistHelper } from './lowerHlist';
import { constFn, slotFn, binFn, unaryFn, truthFn, bitTestFn, taskFieldFn } from './localFn';

type Call = Extract<CExpr, { k: 'call' }>;
const THREAD_FLAGS = 3; // index of thread_flags in TASK_FIELDS
const VOID: Val = { fn: constFn(0), kind: 'void' };

export function lowerCall(x: ExprLowerer, e: Call): Val {
  if (e.callee.k === 'member') return callback(x, e, e.callee);
  if (e.callee.k !== 'ident') return x.fail(e, `only named functions and 'work->func(work)' can be called`, 'TW330');
  const name = e.callee.name;
  const local = x.scope.lookup(name);
  if (local) return callPointer(x, e, local.slot);
  const fi = x.scope.functionIndex(name);
  if (fi >= 0) return callOwn(x, e, fi);
  return helper(x, e, name) ?? x.fail(e.callee, `'${name}' is neither a function of this file nor a kernel helper the model knows (see docs/variants.md)`, 'TW330');
}

function args(x: ExprLowerer, e: Call, n: number | [number, number], name: string): CExpr[] {
  const [lo, hi] = typeof n === 'number' ? [n, n] : n;
  if (e.args.length < lo || e.args.length > hi) x.fail(e, `'${name}' takes ${lo === hi ? lo : `${lo} or ${hi}`} argument(s), found ${e.args.length}`, 'TW331');
  return e.args;
}

function arg(list: CExpr[], i: number): CExpr { return list[i] as CExpr; }

function callOwn(x: ExprLowerer, e: Call, fi: number): Val {
  const vals = e.args.map((a) => x.value(a).fn);
  const dst = x.scope.functionReturns(fi) ? x.em.temp('data') : -1;
  x.em.emit('call', e.line, e.column, { target: fi, args: vals, dst });
  return dst < 0 ? VOID : { fn: slotFn(dst), kind: 'data' };
}

/** `match(work, data)`: a pointer to one of the file's functions, or the scenario's own predicate. */
function callPointer(x: ExprLowerer, e: Call, slot: number): Val {
  const vals = e.args.map((a) => x.value(a).fn);
  const dst = x.em.temp('int');
  x.em.emit('callPtr', e.line, e.column, { addr: slotFn(slot), args: vals, dst });
  return { fn: slotFn(dst), kind: 'int' };
}

/** `work->func(work)`: reading func and calling it is one step, as in the model (run.call). */
function callback(x: ExprLowerer, e: Call, callee: Extract<CExpr, { k: 'member' }>): Val {
  const p = x.place(callee);
  if (p.where !== 'shared' || p.what !== 'func') return x.fail(e, `only 'work->func(work)' can be called through a field`, 'TW330');
  const vals = e.args.map((a) => x.value(a).fn);
  x.em.emit('callback', e.line, e.column, { addr: p.addr, args: vals, what: 'func' });
  return VOID;
}

/** The word a pointer argument points at: `&task->task_works`, `pprev`, `&work->next`. */
function pointee(x: ExprLowerer, a: CExpr): Place {
  if (a.k === 'unary' && a.op === '&') return x.place(a.e);
  const v = x.value(a);
  if (v.kind !== 'pwork' && v.kind !== 'data') x.fail(a, `expected a pointer to a list link ('&task->task_works', 'pprev')`, 'TW323');
  return { where: 'shared', addr: v.fn, kind: 'work', what: '*pprev' };
}

function lockAddr(x: ExprLowerer, a: CExpr): LocalFn {
  const p = a.k === 'unary' && a.op === '&' ? x.place(a.e) : undefined;
  if (!p || p.where !== 'shared' || p.kind !== 'lock') return x.fail(a, `expected '&task->pi_lock'`, 'TW325');
  return p.addr;
}

function helper(x: ExprLowerer, e: Call, name: string): Val | undefined {
  const em = x.em;
  if (ONCE_READS.has(name)) return x.load(x.place(arg(args(x, e, 1, name), 0)), 'once', e);
  if (name === 'WRITE_ONCE') {
    const [p, v] = args(x, e, 2, name);
    const place = x.place(p as CExpr);
    x.store(place, x.value(v as CExpr), 'once', e);
    return VOID;
  }
  if (name === 'smp_load_acquire') return x.load(pointee(x, arg(args(x, e, 1, name), 0)), 'acquire', e);
  if (name === 'smp_store_release') {
    const [p, v] = args(x, e, 2, name);
    x.store(pointee(x, p as CExpr), x.value(v as CExpr), 'release', e);
    return VOID;
  }
  const atomic = ATOMIC.exec(name);
  if (atomic) return atomicOp(x, e, atomic[1] as string, orderOf(name));
  if (name in FENCES) { args(x, e, 0, name); em.emit('fence', e.line, e.column, { order: FENCES[name], what: FENCE_TAGS[name] ?? '' }); return VOID; }
  if (LOCKS.has(name) || UNLOCKS.has(name) || UNLOCK_WAITS.has(name)) {
    // The irq flags argument is only written by the macro: never evaluated, so it needs no declaration.
    const list = args(x, e, name.endsWith('irqsave') || name.endsWith('irqrestore') ? 2 : 1, name);
    const op = LOCKS.has(name) ? 'lock' : UNLOCKS.has(name) ? 'unlock' : 'unlockWait';
    em.emit(op, e.line, e.column, { addr: lockAddr(x, arg(list, 0)), order: op === 'lock' ? 'acquire' : 'release', what: 'pi_lock' });
    return VOID;
  }
  if (name === 'likely' || name === 'unlikely') return x.value(arg(args(x, e, 1, name), 0));
  if (name === 'WARN_ON_ONCE' || name === 'WARN_ON') {
    const v = x.value(arg(args(x, e, 1, name), 0));
    em.emit('warn', e.line, e.column, { a: v.fn });
    return { fn: v.fn, kind: 'int' };
  }
  if (name === 'IS_ENABLED') {
    const opt = arg(args(x, e, 1, name), 0);
    if (opt.k !== 'ident' || !opt.name.startsWith('CONFIG_')) return x.fail(opt, `IS_ENABLED() takes a CONFIG_* option`, 'TW331');
    return x.konst(x.scope.isEnabled(opt.name) ? 1 : 0);
  }
  if (name in SIGNAL_CALLS) { // arguments not evaluated: lock_task_sighand's &flags is only written by the kernel
    x.sink.note('TW301', at(e.line, e.column, name.length), `'${name}(...)': ${SIGNAL_CALLS[name]}`);
    return name === 'lock_task_sighand' ? x.konst(1) : VOID;
  }
  if (IGNORED_CALLS.has(name)) {
    x.sink.note('TW301', at(e.line, e.column, name.length), `'${name}(...)' ignored: it does not touch the list, its lock or the flags`);
    return VOID;
  }
  return notifyHelper(x, e, name) ?? listHelper(x, e, name) ?? hlistHelper(x, e, name);
}

function atomicOp(x: ExprLowerer, e: Call, kind: string, order: Order): Val {
  const em = x.em;
  if (kind === 'xchg') {
    const [p, v] = args(x, e, 2, kind);
    const place = pointee(x, p as CExpr);
    const val = x.value(v as CExpr).fn;
    const dst = em.temp('work');
    em.emit('xchg', e.line, e.column, { addr: place.where === 'shared' ? place.addr : constFn(0), a: val, dst, order, what: whatOf(place) });
    return { fn: slotFn(dst), kind: 'work' };
  }
  const [p, o, n] = args(x, e, 3, kind);
  const place = pointee(x, p as CExpr);
  if (place.where !== 'shared') return x.fail(e, `'${kind}' needs a shared word`, 'TW323');
  if (kind === 'try_cmpxchg') {
    const old = o as CExpr;
    if (old.k !== 'unary' || old.op !== '&' || old.e.k !== 'ident' || !x.scope.lookup(old.e.name)) {
      return x.fail(old, `try_cmpxchg's second argument must be '&local' (it receives the value seen)`, 'TW322');
    }
    const oldSlot = (x.scope.lookup(old.e.name) as { slot: number }).slot;
    const nv = x.value(n as CExpr).fn; // C evaluates the new value (e.g. work->next) before the CAS: its own access
    const ok = em.temp('int');
    em.emit('cas', e.line, e.column, { addr: place.addr, b: slotFn(oldSlot), a: nv, dst: oldSlot, ok, order, what: place.what });
    return { fn: slotFn(ok), kind: 'int' };
  }
  const ov = x.value(o as CExpr).fn;
  const nv = x.value(n as CExpr).fn;
  const dst = em.temp('work');
  em.emit('cas', e.line, e.column, { addr: place.addr, b: ov, a: nv, dst, order, what: place.what });
  return { fn: slotFn(dst), kind: 'work' };
}

/** TWA_RESUME and TWA_NMI_CURRENT set TIF_NOTIFY_RESUME, the TWA_SIGNAL modes TIF_NOTIFY_SIGNAL, TWA_NONE nothing. */
function notifyBits(mode: number): number {
  const v = NOTIFY_MODE_VALUES;
  if (mode === v.TWA_RESUME || mode === v.TWA_NMI_CURRENT) return 1 << TIF_NOTIFY_RESUME;
  if (mode === v.TWA_SIGNAL || mode === v.TWA_SIGNAL_NO_IPI) return 1 << TIF_NOTIFY_SIGNAL;
  return 0;
}

/** notifyBits of a mode, with its text (the constants written out): add.notify's step inlines it. */
function notifyBitsFn(mode: LocalFn): LocalFn {
  const v = NOTIFY_MODE_VALUES;
  const js = `($0 === ${v.TWA_RESUME} || $0 === ${v.TWA_NMI_CURRENT} ? ${1 << TIF_NOTIFY_RESUME}`
    + ` : $0 === ${v.TWA_SIGNAL} || $0 === ${v.TWA_SIGNAL_NO_IPI} ? ${1 << TIF_NOTIFY_SIGNAL} : 0)`;
  return withText((s) => notifyBits(mode(s)), js, mode);
}

function whatOf(p: Place): string { return p.where === 'shared' ? p.what : 'local'; }

function threadFlags(task: LocalFn): LocalFn { return taskFieldFn(task, THREAD_FLAGS); }

/** set_notify_resume(task), clear_thread_flag(TIF_...), test_and_set_tsk_thread_flag(task, TIF_...) ... */
function notifyHelper(x: ExprLowerer, e: Call, name: string): Val | undefined {
  const em = x.em;
  const current: LocalFn = slotFn(0);
  const bitOf = (a: CExpr): LocalFn => binFn('<<', constFn(1), x.value(a).fn);
  const setBit = (task: LocalFn, bit: LocalFn, op: 'or' | 'andnot'): Val => {
    const dst = em.temp('int');
    em.emit(op, e.line, e.column, { addr: threadFlags(task), a: op === 'or' ? bit : unaryFn('~', bit), dst, what: 'thread flags' });
    return { fn: bitTestFn(slotFn(dst), bit), kind: 'int' };
  };
  const bitConst = (b: number): LocalFn => constFn(1 << b);
  if (name in NOTIFY_SETTERS) return setBit(x.value(arg(args(x, e, 1, name), 0)).fn, bitConst(NOTIFY_SETTERS[name] ?? 0), 'or');
  switch (name) {
    case 'set_tsk_thread_flag': case 'test_and_set_tsk_thread_flag': {
      const [t, b] = args(x, e, 2, name);
      return setBit(x.value(t as CExpr).fn, bitOf(b as CExpr), 'or');
    }
    case 'clear_tsk_thread_flag': case 'test_and_clear_tsk_thread_flag': {
      const [t, b] = args(x, e, 2, name);
      return setBit(x.value(t as CExpr).fn, bitOf(b as CExpr), 'andnot');
    }
    case 'set_thread_flag': return setBit(current, bitOf(arg(args(x, e, 1, name), 0)), 'or');
    case 'clear_thread_flag': case 'test_and_clear_thread_flag': return setBit(current, bitOf(arg(args(x, e, 1, name), 0)), 'andnot');
    case 'test_thread_flag': case 'test_tsk_thread_flag': {
      const list = args(x, e, name === 'test_thread_flag' ? 1 : 2, name);
      const task = list.length === 2 ? x.value(arg(list, 0)).fn : current;
      const bit = bitOf(arg(list, list.length - 1));
      const v = x.load({ where: 'shared', addr: threadFlags(task), kind: 'flags', what: 'thread flags' }, 'once', e);
      return { fn: bitTestFn(v.fn, bit), kind: 'int' };
    }
    case 'irq_work_queue': return irqWorkQueue(x, e, arg(args(x, e, 1, name), 0), () => setBit(current, bitConst(TIF_NOTIFY_RESUME), 'or'));
    case 'set_notify': { // the model's shorthand for add's notify switch: one step on the flags word
      const [t, m] = args(x, e, 2, name);
      const mode = x.value(m as CExpr).fn;
      return setBit(x.value(t as CExpr).fn, notifyBitsFn(mode), 'or');
    }
    case 'this_cpu_ptr': args(x, e, 1, name); return { fn: constFn(0), kind: 'data' };
    default: return undefined;
  }
}

/**
 * irq_work_queue(this_cpu_ptr(&w)). When the file defines w (DEFINE_PER_CPU ... IRQ_WORK_INIT_HARD(handler)),
 * its handler runs later on this CPU when the calling thread is declared on one (`thread NAME on(CPU)`),
 * with whatever task the CPU runs then as current; from any other thread at once (nothing can switch
 * its current in between). Without a definition: the NMI path's usual handler at once, TIF_NOTIFY_RESUME on current.
 */
function irqWorkQueue(x: ExprLowerer, e: Call, a: CExpr, fallback: () => Val): Val {
  const inner = a.k === 'call' && a.callee.k === 'ident' && a.callee.name === 'this_cpu_ptr' ? a.args[0] : a;
  const named = inner?.k === 'unary' && inner.op === '&' && inner.e.k === 'ident' ? inner.e.name : '';
  const fi = x.scope.irqHandler(named);
  if (fi < 0) return fallback();
  x.em.emit('irqQueue', e.line, e.column, { target: fi, args: [constFn(0)] });
  return VOID;
}

/** task_work_pending(task) and exit_task_work(task) when the file does not define them. */
function listHelper(x: ExprLowerer, e: Call, name: string): Val | undefined {
  if (name === 'task_work_pending') {
    const task = x.value(arg(args(x, e, 1, name), 0)).fn;
    const v = x.load({ where: 'shared', addr: taskFieldFn(task, 0), kind: 'work', what: 'task_works' }, 'once', e);
    return { fn: truthFn(v.fn), kind: 'int' };
  }
  if (name === 'exit_task_work') {
    args(x, e, 1, name);
    const fi = x.scope.functionIndex('task_work_run');
    if (fi < 0) return x.fail(e, `exit_task_work() calls task_work_run(), which this file does not define`, 'TW330');
    x.em.emit('call', e.line, e.column, { target: fi, args: [] });
    return VOID;
  }
  return undefined;
}
