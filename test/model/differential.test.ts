// The shipped listings, executed by the listing interpreter over the core's plain-state memory
// port, take the same steps as the core's built-in step functions: same labels, same spins, same
// return values and the same memory, in lockstep over seeded random schedules, for every variant.
// (This is what lets the listing become the model: it already behaves as the model does.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Machine, VARIANT_NAMES, StateMemory, taskPtr, addressOfSlot, funcValue, seededRandom, cloneState, State } from '../../src/core';
import { compileListing, startCall, step, settle, canStep, MThread, InterpHost, Listing } from '../../src/model';
import { compile } from '../unit/helpers';

type Call = { fn: 'add'; work: number; mode: number } | { fn: 'cancel_func'; func: number } | { fn: 'run' } | { fn: 'exit' } | { fn: 'resume' };
interface Scenario { name: string; tw: string; threads: { current: number; calls: Call[] }[] }

const HEAD = 'task T; work A = fa; work B = fb; callback fa(cb) { } callback fb(cb) { }\n';
const SCENARIOS: Scenario[] = [
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
const ENTRY: Record<Call['fn'], string> = { add: 'task_work_add', cancel_func: 'task_work_cancel_match', run: 'task_work_run', exit: 'do_exit', resume: 'resume_user_mode_work' };

function argsOf(c: Call): number[] {
  if (c.fn === 'add') return [taskPtr(0), addressOfSlot(c.work), c.mode];
  if (c.fn === 'cancel_func') return [taskPtr(0), MATCH_BY_FUNC, funcValue(c.func)];
  return [];
}

class Driver {
  readonly threads: { queue: Call[]; th: MThread | null; current: number }[];
  readonly host: InterpHost;
  constructor(readonly listing: Listing, sc: Scenario, readonly mem: StateMemory) {
    this.host = {
      callPointer: (v, args) => (v === MATCH_BY_FUNC ? (mem.load((args[0] ?? 0) + 1) === args[1] ? 1 : 0) : 0),
      warn: () => undefined,
    };
    this.threads = sc.threads.map((t) => ({ queue: t.calls.slice(), th: null, current: t.current >= 0 ? taskPtr(t.current) : 0 }));
    this.threads.forEach((_, t) => this.next(t));
  }

  /** Starts the thread's next call once the last one returned (as the core's settle does). */
  next(t: number): void {
    const x = this.threads[t]!;
    while ((!x.th || x.th.done) && x.queue.length) {
      const c = x.queue.shift()!;
      x.th = startCall(this.listing, ENTRY[c.fn], x.current, argsOf(c));
      settle(this.listing, x.th, t, this.mem, this.host);
    }
  }

  canMove(t: number): boolean {
    const x = this.threads[t]!;
    return !!x.th && !x.th.done && canStep(this.listing, x.th, this.mem);
  }

  /** One step: its label, and the call's return value when it returned at this step. */
  step(t: number): { label: string; ret?: number } {
    const x = this.threads[t]!;
    const r = step(this.listing, x.th!, t, this.mem, this.host);
    if (r.callback) settle(this.listing, x.th!, t, this.mem, this.host); // empty callbacks
    const out = x.th!.done ? { label: r.label, ret: x.th!.ret } : { label: r.label };
    this.next(t);
    return out;
  }
}

function lockstep(listing: Listing, sc: Scenario, variant: string, seed: number): void {
  const program = compile(sc.tw);
  const m = new Machine(program, variant, { maxSteps: 400 });
  const { state } = m.init();
  const mine: State = cloneState(state);
  const d = new Driver(listing, sc, new StateMemory(mine));
  const rnd = seededRandom(seed);
  const log: string[] = [];
  while (!state.finished) {
    const en = m.enabled(state);
    const ours = sc.threads.map((_, t) => t).filter((t) => d.canMove(t));
    assert.deepEqual(ours, en, `${variant} seed ${seed}: enabled threads differ after ${log.join(', ')}`);
    if (!en.length) break;
    const t = en[Math.floor(rnd() * en.length)]!;
    const ev = m.step(state, t);
    const got = d.step(t);
    log.push(`${t}:${ev.label}`);
    assert.equal(got.label, ev.label, `${variant} seed ${seed}: step ${log.length} label (${log.join(', ')})`);
    assert.equal(got.ret, ev.ret, `${variant} seed ${seed}: return value at ${log.join(', ')}`);
  }
  const words = (s: State): unknown => ({ tasks: s.tasks.map((x) => [x.taskWorks, x.lockHolder, x.exiting, x.notifyResume, x.notifySignal]), cells: s.cells.map((c) => c.next) });
  assert.deepEqual(words(mine), words(state), `${variant} seed ${seed}: memory after ${log.join(', ')}`);
}

describe('model: the shipped listings behave as the core', () => {
  for (const variant of VARIANT_NAMES) {
    it(`${variant}: same steps, returns and memory on 40 seeded schedules per scenario`, () => {
      const file = `listings/${variant}.c`;
      const { listing, diagnostics } = compileListing(file, readFileSync(file, 'utf8'));
      assert.ok(listing, diagnostics.map((x) => x.message).join('\n'));
      for (const sc of SCENARIOS) for (let seed = 1; seed <= 40; seed++) lockstep(listing, sc, variant, seed);
    });
  }
});
