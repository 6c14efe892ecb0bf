// The listing front end: the shipped listings and a file shaped like a pasted kernel/task_work.c
// compile; constructs outside the subset are `line:col TWnnn` errors naming them, never a crash.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { STEP_LABELS, StateMemory, Machine, taskPtr, addressOfSlot, funcValue, chainText } from '../../src/core';
import { compileListing, formatModelDiagnostic, startCall, step, settle, Listing, InterpHost } from '../../src/model';
import { compile } from '../unit/helpers';

const MAINLINE = readFileSync('listings/mainline.c', 'utf8');
const KERNEL_SHAPED = readFileSync('test/model/fixtures/kernel-shaped.c', 'utf8');
const HLIST = readFileSync('test/model/fixtures/release-v3.5.c', 'utf8');

/** The 3.5-shaped fixture with one piece of text replaced. */
function hlistWith(find: string, replace: string): string {
  assert.ok(HLIST.includes(find), find);
  return HLIST.replace(find, replace);
}

function errors(text: string): string[] {
  return compileListing('t.c', text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.line}:${d.range.column} ${d.code} ${d.message}`);
}

/** mainline with one line replaced (the rest keeps it a valid listing). */
function mainlineWith(find: string, replace: string): string {
  assert.ok(MAINLINE.includes(find), find);
  return MAINLINE.replace(find, replace);
}

describe('model: listing front end', () => {
  for (const f of readdirSync('listings').filter((x) => x.endsWith('.c'))) {
    it(`listings/${f} is clean and names only the model's step labels`, () => {
      const r = compileListing(f, readFileSync(`listings/${f}`, 'utf8'));
      assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
      for (const l of r.listing!.labels) assert.ok((STEP_LABELS as readonly string[]).includes(l), l);
    });
  }

  it('a file shaped like a pasted kernel task_work.c loads without edits, noting what it ignores', () => {
    const r = compileListing('kernel-shaped.c', KERNEL_SHAPED);
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
    const notes = r.diagnostics.map((d) => formatModelDiagnostic('kernel-shaped.c', d)).join('\n');
    for (const w of ['#include', 'kernel-doc', 'EXPORT_SYMBOL_GPL', 'DEFINE_PER_CPU', 'kasan_record_aux_stack', 'cond_resched']) assert.match(notes, new RegExp(w), w);
    assert.match(notes, /^kernel-shaped\.c:8:1: note TW301: /m);
    const add = r.listing!.functions[r.listing!.byName.get('task_work_add')!]!;
    assert.deepEqual(add.code.filter((i) => i.step).map((i) => i.label).slice(0, 3), ['task_work_add.load:44', 'task_work_add.store:48', 'task_work_add.cas:49']);
    assert.ok(r.listing!.byName.has('do_exit'), 'the prelude supplies do_exit');
    // try_cmpxchg(link, &found, found->next) on an unnamed line: the load of next and the CAS are two steps.
    const cancel = r.listing!.functions[r.listing!.byName.get('task_work_cancel_match')!]!;
    assert.deepEqual(cancel.code.filter((i) => i.step && i.line === 99).map((i) => `${i.op} ${i.what}`), ['load next', 'cas *pprev']);
  });

  it('runs the kernel-shaped file: LIFO push, cancel by func, run in list order, -ESRCH after exit', () => {
    const { listing } = compileListing('k.c', KERNEL_SHAPED);
    const program = compile('task T; work A = fa; work B = fb; callback fa(cb) { } callback fb(cb) { } thread x { }');
    const { state } = new Machine(program, 'mainline').init();
    const mem = new StateMemory(state);
    const called: number[] = [];
    const call = (name: string, current: number, args: number[]): number => {
      const th = startCall(listing!, name, current, args);
      const host: InterpHost = { callPointer: () => 0, warn: () => undefined };
      settle(listing!, th, 0, mem, host);
      for (let n = 0; !th.done && n < 1000; n++) {
        const r = step(listing!, th, 0, mem, host);
        if (r.callback) { called.push(r.callback.work); settle(listing!, th, 0, mem, host); }
      }
      return th.ret;
    };
    const T = taskPtr(0), A = addressOfSlot(0), B = addressOfSlot(1);
    assert.equal(call('task_work_add', 0, [T, A, 1]), 0);
    assert.equal(call('task_work_add', 0, [T, B, 2]), 0);
    assert.equal(state.tasks[0]!.notifyResume && state.tasks[0]!.notifySignal, true);
    assert.equal(call('task_work_cancel_func', 0, [T, funcValue(0)]), A);
    assert.equal(call('task_work_add', 0, [T, A, 0]), 0);
    assert.equal(call('task_work_cancel', 0, [T, B]), 1);
    assert.equal(call('task_work_cancel', 0, [T, B]), 0);
    call('task_work_add', 0, [T, B, 0]);
    call('do_exit', T, []);
    assert.deepEqual(called, [B, A], 'run calls the newest first');
    assert.equal(call('task_work_add', 0, [T, A, 0]), -3, '-ESRCH once work_exited is installed');
    assert.equal(call('task_work_add', T, [taskPtr(1), A, 4]), -22, 'TWA_NMI_CURRENT on another task: -EINVAL');
    assert.equal(chainText(new Machine(program, 'mainline').ctx, state, state.tasks[0]!.taskWorks), '&work_exited');
  });

  const BAD: [string, string, string][] = [
    ['an unknown helper', mainlineWith('set_notify(task, mode);', 'wake_up_process(task);'), "16:5 TW330 'wake_up_process' is neither"],
    ['a union', `union u { int a; };\n${MAINLINE}`, "1:1 TW310 'union'"],
    ['an array', mainlineWith('struct callback_head *h;', 'struct callback_head *h[2];'), '10:28 TW310 arrays'],
    ['++', mainlineWith('work->next = h;', 'h++;'), "14:6 TW310 '++'"],
    ['a cast', mainlineWith('work->next = h;', 'work->next = (struct callback_head *)h;'), '14:18 TW310 a cast'],
    ['an unknown field', mainlineWith('work->next = h;', 'work->prev = h;'), "14:5 TW324 struct callback_head has no field 'prev'"],
    ['an unknown label', mainlineWith('goto retry;', 'goto again;'), "15:52 TW341 'goto again'"],
    ['an unknown name', mainlineWith('work->next = h;', 'work->next = hd;'), "14:18 TW321 unknown name 'hd'"],
    ['a global', `int counter;\n${MAINLINE}`, "1:1 TW343 global 'counter'"],
    ['#define', `#define X 1\n${MAINLINE}`, "1:1 TW304 '#define'"],
    ['an unresolvable #if', `#if X > 1\n#endif\n${MAINLINE}`, '1:1 TW302'],
    ['the address of a local', mainlineWith('work->next = h;', 'work->next = &h;'), '14:19 TW322'],
    ['container_of a member not laid out first', hlistWith('container_of(node, struct task_work, hlist)', 'container_of(node, struct task_work, func)'), "99:63 TW324 container_of(..., struct task_work, member): the model knows only the first member, 'hlist'"],
    ['container_of a struct the model does not lay out', hlistWith('container_of(back, struct hlist_node, next)', 'container_of(back, struct list_head, next)'), "104:29 TW324 container_of: the model lays out"],
    ['a type where a value goes', hlistWith('hlist_del(&tw->hlist);', 'hlist_del(struct task_work);'), '63:14 TW331 a type is only an argument'],
    ['a list walk the model does not know', hlistWith('hlist_for_each_entry(tw, node,', 'list_for_each_entry(tw, node,'), "61:2 TW330 'list_for_each_entry' is not a list walk"],
    ['a list walk with too many arguments', hlistWith('hlist_for_each_entry(tw, node,', 'hlist_for_each_entry(tw, node, node,'), "61:2 TW331 'hlist_for_each_entry' takes 3 or 4 arguments, found 5"],
    ['a list head used as a value', hlistWith('for (node = mine.first;', 'for (node = mine;'), "94:14 TW323 'mine' is a list head"],
    ['hlist_add_head onto a local that is not a head', hlistWith('hlist_add_head(&tw->hlist, &task->task_works);', 'hlist_add_head(&tw->hlist, &irqflags);'), "35:30 TW322 '&irqflags' is not a list head"],
    ['an #ifdef on a macro the model does not know', hlistWith('#ifndef TIF_NOTIFY_RESUME', '#ifndef TIF_SOMETHING_ELSE'), '29:1 TW302'],
  ];
  for (const [what, text, want] of BAD) {
    it(`${what}: ${want}`, () => {
      const got = errors(text);
      assert.ok(got.some((g) => g.startsWith(want)), `want '${want}', got:\n${got.join('\n')}`);
    });
  }

  it('older spellings load as written: ACCESS_ONCE and lockless_dereference are READ_ONCE, read_barrier_depends a fence', () => {
    const ops = (text: string): string[] => compileListing('t.c', text).listing!.functions.flatMap((f) => f.code.map((i) => `${i.op} ${i.order} ${i.label}`));
    const old = mainlineWith('h = READ_ONCE(task->task_works);', 'h = ACCESS_ONCE(task->task_works);');
    assert.deepEqual(ops(old), ops(MAINLINE));
    const ld = mainlineWith('work = READ_ONCE(*pprev);           // cancel.step', 'work = lockless_dereference(*pprev); // cancel.step');
    assert.deepEqual(ops(ld), ops(MAINLINE));
    const rbd = compileListing('t.c', mainlineWith('work->next = h;', 'read_barrier_depends(); work->next = h;'));
    assert.ok(rbd.listing!.functions[0]!.code.some((i) => i.op === 'fence' && i.order === 'acquire'));
  });

  it("irq_work_queue(this_cpu_ptr(&w)) queues the file's own handler of w (run later on a CPU, at once elsewhere); without one, it flags current (TIF_NOTIFY_RESUME)", () => {
    const withHandler = (body: string): string => `static void poke(struct irq_work *entry)\n{\n${body}\n}\n` +
      `static DEFINE_PER_CPU(struct irq_work, w) = IRQ_WORK_INIT_HARD(poke);\n` +
      mainlineWith('set_notify(task, mode);', 'irq_work_queue(this_cpu_ptr(&w));');
    const add = (text: string) => { const l = compileListing('t.c', text).listing!; return { l, code: l.functions[l.byName.get('task_work_add')!]!.code }; };
    const quiet = add(withHandler('\t/* only a poke */'));
    assert.ok(quiet.code.some((i) => i.op === 'irqQueue' && quiet.l.functions[i.target]?.name === 'poke'));
    assert.ok(!quiet.code.some((i) => i.op === 'or'), 'the handler does nothing to the flags');
    const flags = add(withHandler('\ttest_and_set_tsk_thread_flag(current, TIF_NOTIFY_RESUME);'));
    assert.ok(flags.l.functions[flags.l.byName.get('poke')!]!.code.some((i) => i.op === 'or'));
    const bare = add(mainlineWith('set_notify(task, mode);', 'irq_work_queue(this_cpu_ptr(&w));'));
    assert.ok(bare.code.some((i) => i.op === 'or' && i.what === 'thread flags'));
  });

  it("'?:' with a shared access in a branch runs only the branch it picks (3.6's 'last ? last->next : work')", () => {
    const r = compileListing('t.c', mainlineWith('work->next = h;', 'work->next = h ? h->next : work;'));
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
    const code = r.listing!.functions[r.listing!.byName.get('task_work_add')!]!.code;
    const load = code.findIndex((i) => i.op === 'load' && i.what === 'next');
    const skip = code.slice(0, load).map((i) => i.op).lastIndexOf('jumpIfNot');
    assert.ok(skip >= 0 && skip < load && code[skip]!.target > load, 'the load of next is skipped when h is NULL');
  });

  it('a listing without task_work_add or task_work_run is TW350', () => {
    assert.ok(errors('void f(void) { }').some((e) => e.startsWith('1:1 TW350')));
  });

  it("3.9's three-argument hlist_for_each_entry walks like 3.5's four-argument one: the same shared accesses in cancel", () => {
    const shared = (text: string): string[] => {
      const r = compileListing('h.c', text);
      assert.ok(r.listing, r.diagnostics.map((d) => formatModelDiagnostic('h.c', d)).join('\n'));
      const fn = r.listing.functions[r.listing.byName.get('task_work_cancel') as number]!;
      return fn.code.filter((i) => !['set', 'jump', 'jumpIfNot', 'ret'].includes(i.op)).map((i) => `${i.op} ${i.what}`);
    };
    const four = shared(HLIST);
    assert.deepEqual(shared(hlistWith('hlist_for_each_entry(tw, node, &task->task_works, hlist)', 'hlist_for_each_entry(tw, &task->task_works, hlist)')), four);
    assert.deepEqual(four, ['lock pi_lock', 'load task_works', 'load func', 'load next', 'load pprev', 'store *pprev', 'store pprev', 'load next', 'unlock pi_lock']);
  });

  it('never throws: every prefix of the shipped listings gives diagnostics or a listing', () => {
    for (let n = 0; n < KERNEL_SHAPED.length; n += 29) {
      const r = compileListing('p.c', KERNEL_SHAPED.slice(0, n));
      assert.ok(r.listing || r.diagnostics.some((d) => d.severity === 'error'));
    }
  });

  it('never throws on any prefix of the history listings (a ?: with loads, an irq_work definition, old spellings)', () => {
    for (const name of ['v3.5', 'v3.6', 'v3.7', 'v6.11', '../../test/model/fixtures/release-v3.5']) {
      const text = readFileSync(`listings/history/${name}.c`, 'utf8');
      for (let n = 0; n < text.length; n += 13) {
        const r = compileListing('p.c', text.slice(0, n));
        assert.ok(r.listing || r.diagnostics.some((d) => d.severity === 'error'), `${name} prefix ${n}`);
      }
    }
  });

  it('records the ordering on each access: once, acquire/release for locks, full for the CAS', () => {
    const { listing } = compileListing('m.c', MAINLINE);
    const run = (listing as Listing).functions[(listing as Listing).byName.get('task_work_run')!]!;
    const orders = run.code.filter((i) => ['load', 'cas', 'lock', 'unlock'].includes(i.op)).map((i) => `${i.op}:${i.order}`);
    assert.deepEqual(orders.slice(0, 5), ['load:once', 'load:plain', 'cas:full', 'lock:acquire', 'unlock:release']);
  });
});

describe('model: listing front end on garbage', () => {
  const PIECES = ['{', '}', '(', ')', ';', 'if', 'else', 'while', 'do', 'for', 'goto', 'x', ':', 'return', 'switch', 'case', '1',
    'struct callback_head *', 'int', '=', '==', '&&', '->next', '*', '&', 'READ_ONCE(', 'try_cmpxchg(', ',', '#ifdef CONFIG_X\n',
    '#endif\n', '/*', '*/', '//', '\n', '"', "'", 'work->func(work)', 'raw_spin_lock(&task->pi_lock)', 'break', 'continue'];

  it('never throws on random token soup, nor on very deep nesting', () => {
    let seed = 7;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 4294967296; };
    for (let n = 0; n < 300; n++) {
      const text = Array.from({ length: 1 + Math.floor(rnd() * 80) }, () => PIECES[Math.floor(rnd() * PIECES.length)]).join(' ');
      const r = compileListing('soup.c', `int task_work_add(void) { ${text} }\nvoid task_work_run(void) { }`);
      assert.ok(Array.isArray(r.diagnostics));
    }
    const deep = `int task_work_add(void) { return ${'('.repeat(5000)}1${')'.repeat(5000)}; }\nvoid task_work_run(void) { ${'{'.repeat(5000)} }`;
    assert.ok(compileListing('deep.c', deep).diagnostics.some((d) => d.code === 'TW310'));
  });
});
