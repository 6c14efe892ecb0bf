// A driver for op-only scenarios (threads that only call task_work_* API functions): runs each
// thread's calls through the listing interpreter over a memory port, as the core runs them through
// its step functions. Shared by the lockstep test and the listing bench.
import { MemoryPort, taskPtr, addressOfSlot, funcValue, entriesOf } from '../../src/core';
import { startCall, step, settle, canStep, newResult, MThread, InterpHost, Listing } from '../../src/model';

export type Call = { fn: 'add'; work: number; mode: number; task?: number } | { fn: 'cancel_func'; func: number } | { fn: 'cancel'; work: number } | { fn: 'run' } | { fn: 'exit' } | { fn: 'resume' };
export interface Scenario { name: string; tw: string; threads: { current: number; calls: Call[] }[] }

const HEAD = 'task T; work A = fa; work B = fb; callback fa(cb) { } callback fb(cb) { }\n';
export const SCENARIOS: Scenario[] = [
  {
    name: 'add, add vs cancel vs run',
    tw: `${HEAD}thread adder { task_work_add(T, A, TWA_RESUME); task_work_add(T, B, TWA_SIGNAL); }
      thread canceller { task_work_cancel_func(T, fa); }
      thread owner current(T) { task_work_run(); }`,
    threads: [
      { current: -1, calls: [{ fn: 'add', work: 0, mode: 1 }, { fn: 'add', work: 1, mode: 2 }] },
      { current: -1, calls: [{ fn: 'cancel_func', func: 0 }] },
      { current: 0, calls: [{ fn: 'run' }] },
    ],
  },
  {
    name: 'NMI add on self and on another task, cancel by node',
    tw: `task T; task U; work A = fa; work B = fb; callback fa(cb) { } callback fb(cb) { }
      thread owner current(T) { task_work_add(T, A, TWA_NMI_CURRENT); task_work_add(U, B, TWA_NMI_CURRENT); task_work_run(); }
      thread canceller { task_work_cancel(T, A); task_work_add(T, B, TWA_SIGNAL_NO_IPI); task_work_cancel(T, B); }`,
    threads: [
      { current: 0, calls: [{ fn: 'add', work: 0, mode: 4 }, { fn: 'add', work: 1, mode: 4, task: 1 }, { fn: 'run' }] },
      { current: -1, calls: [{ fn: 'cancel', work: 0 }, { fn: 'add', work: 1, mode: 3 }, { fn: 'cancel', work: 1 }] },
    ],
  },
  {
    name: 'add vs exit, two cancellers',
    tw: `${HEAD}thread adder { task_work_add(T, A, TWA_RESUME); task_work_add(T, B, TWA_NONE); }
      thread c1 { task_work_cancel_func(T, fb); }
      thread c2 { task_work_cancel_func(T, fa); }
      thread owner current(T) { resume_user_mode_work(); do_exit(); }`,
    threads: [
      { current: -1, calls: [{ fn: 'add', work: 0, mode: 1 }, { fn: 'add', work: 1, mode: 0 }] },
      { current: -1, calls: [{ fn: 'cancel_func', func: 1 }] },
      { current: -1, calls: [{ fn: 'cancel_func', func: 0 }] },
      { current: 0, calls: [{ fn: 'resume' }, { fn: 'exit' }] },
    ],
  },
];

const MATCH_BY_FUNC = 0x7fff;
const MATCH_BY_NODE = 0x7ffe;

/** The listing function a call enters and its arguments, as the core's listing ops choose them (entriesOf). */
export function entryOf(listing: Listing, c: Call): { fn: string; args: number[] } | undefined {
  const e = entriesOf(listing);
  if (c.fn === 'add') return { fn: 'task_work_add', args: [taskPtr(c.task ?? 0), addressOfSlot(c.work), c.mode] };
  if (c.fn === 'cancel_func') {
    const args = [taskPtr(0), funcValue(c.func)];
    if (e.cancelFunc === 'func') return { fn: 'task_work_cancel_func', args };
    if (e.cancelFunc === 'legacy') return { fn: 'task_work_cancel', args };
    return e.cancelFunc === 'match' ? { fn: 'task_work_cancel_match', args: [taskPtr(0), MATCH_BY_FUNC, funcValue(c.func)] } : undefined;
  }
  if (c.fn === 'cancel') {
    if (e.cancelNode === 'node') return { fn: 'task_work_cancel', args: [taskPtr(0), addressOfSlot(c.work)] };
    return e.cancelNode === 'match' ? { fn: 'task_work_cancel_match', args: [taskPtr(0), MATCH_BY_NODE, addressOfSlot(c.work)] } : undefined;
  }
  return { fn: ENTRY[c.fn], args: [] };
}

const ENTRY: Record<'run' | 'exit' | 'resume', string> = { run: 'task_work_run', exit: 'do_exit', resume: 'resume_user_mode_work' };

/** Whether every call of the scenario has an entry in this listing (a release without cancel by node cannot run S2). */
export function supports(listing: Listing, sc: Scenario): boolean {
  return sc.threads.every((t) => t.calls.every((c) => entryOf(listing, c) !== undefined));
}

export class Driver {
  readonly threads: { queue: Call[]; th: MThread | null; current: number; call: Call | null }[];
  readonly host: InterpHost;
  /** The works whose func was called, in order; each call's return value; whether local code ran away. */
  readonly called: number[] = [];
  readonly returned: { t: number; call: Call; ret: number }[] = [];
  runaway = false;
  private readonly result = newResult();
  constructor(readonly listing: Listing, sc: Scenario, readonly mem: MemoryPort) {
    this.host = {
      callPointer: (v, args, port) => {
        if (v === MATCH_BY_NODE) return args[0] === args[1] ? 1 : 0; // task_work_cancel: by identity, no read
        return v === MATCH_BY_FUNC && port.load((args[0] ?? 0) + 1, 'once') === args[1] ? 1 : 0;
      },
      warn: () => undefined,
    };
    this.threads = sc.threads.map((t) => ({ queue: t.calls.slice(), th: null, current: t.current >= 0 ? taskPtr(t.current) : 0, call: null }));
    this.threads.forEach((_, t) => this.next(t));
  }

  /** Starts the thread's next call once the last one returned (as the core's settle does). */
  next(t: number): void {
    const x = this.threads[t]!;
    while ((!x.th || x.th.done) && x.queue.length) {
      const c = x.queue.shift()!;
      x.call = c;
      const entry = entryOf(this.listing, c);
      if (!entry) throw new Error(`the listing has no entry for ${c.fn}`);
      x.th = startCall(this.listing, entry.fn, x.current, entry.args);
      settle(this.listing, x.th, t, this.mem, this.host);
      if (x.th.done) this.returned.push({ t, call: c, ret: x.th.ret }); // returned without a shared access (add's -EINVAL)
    }
  }

  canMove(t: number): boolean {
    const x = this.threads[t]!;
    return !!x.th && !x.th.done && canStep(this.listing, x.th, this.mem);
  }

  /** One step: its label, and the call's return value when it returned at this step. */
  step(t: number): { label: string; ret?: number } {
    const x = this.threads[t]!;
    const r = step(this.listing, x.th!, t, this.mem, this.host, this.result);
    if (r.callback) { this.called.push(r.callback.work); settle(this.listing, x.th!, t, this.mem, this.host); } // empty callbacks
    if (r.runaway) this.runaway = true;
    // The listings' task_work_cancel_match returns the node; task_work_cancel (by node) says whether it found it.
    const ret = x.call?.fn === 'cancel' ? (x.th!.ret !== 0 ? 1 : 0) : x.th!.ret;
    const out = x.th!.done ? { label: r.label, ret } : { label: r.label };
    if (x.th!.done && x.call) this.returned.push({ t, call: x.call, ret });
    this.next(t);
    return out;
  }
}

