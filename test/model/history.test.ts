// The listings of history (listings/history/*.c): each checks clean, runs the driver's scenarios
// through the listing interpreter without running away and without losing or inventing a work,
// and shows what its release changed or the race it had, with the interpreter alone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Machine, StateMemory, STEP_LABELS, seededRandom, taskPtr, taskFieldAddr, addressOfSlot, NULL, WORK_EXITED } from '../../src/core';
import { compileListing, HISTORY_NAMES, HISTORY_VARIANTS, historyListing, historySummary, historyVariant, historyNameFor, Listing } from '../../src/model';
import { compile } from '../unit/helpers';
import { Driver, Scenario, SCENARIOS, supports, entryOf } from './driver';

const NAMES = ['v3.5', 'v3.6', 'v3.7-dev', 'v3.7', 'v4.3', 'v4.9', 'v4.14', 'v5.7', 'v5.10', 'v5.11', 'v5.15', 'v5.19', 'v6.1', 'v6.11', 'v6.19'];
const PROGRAM = compile('task T; task U; work A = fa; work B = fb; work C = fa; callback fa(cb) { } callback fb(cb) { } thread x { }');
const T = 0, A = addressOfSlot(0), B = addressOfSlot(1), C = addressOfSlot(2);
const ESRCH = -3;

function load(name: string): Listing {
  const h = historyListing(name);
  assert.ok(h, name);
  const { listing, diagnostics } = compileListing(h.file, h.text);
  assert.ok(listing, diagnostics.map((d) => `${d.range.line}:${d.range.column} ${d.message}`).join('\n'));
  return listing;
}

function fresh(listing: Listing, sc: Scenario): Driver {
  return new Driver(listing, sc, new StateMemory(new Machine(PROGRAM, 'mainline').init().state));
}

/**
 * The works still queued on T at the end: a NULL-terminated chain (the sentinel ends it too), or in
 * 3.6 a circle whose head is the newest work and whose newest's next is the oldest.
 */
function queued(d: Driver): number[] {
  const out: number[] = [];
  const head = d.mem.load(taskFieldAddr(taskPtr(T), 0), 'once');
  const circular = d.listing.labels.includes('run.cut');
  let w = circular && head !== NULL ? d.mem.load(head, 'once') : head;
  for (; w !== NULL && w !== WORK_EXITED && out.length < 10; w = d.mem.load(w, 'once')) {
    out.push(w);
    if (circular && w === head) break;
  }
  return out;
}

/** Runs thread after thread in the given order, each to the end of its calls (or until it blocks). */
function runInOrder(d: Driver, order: number[]): string[] {
  const labels: string[] = [];
  for (const t of order) for (let n = 0; d.canMove(t) && n < 500; n++) labels.push(d.step(t).label);
  return labels;
}

function scenario(threads: Scenario['threads']): Scenario { return { name: 'inline', tw: '', threads }; }

describe('model: the listings of history', () => {
  it('are the releases docs/history.md lists, oldest first, each with a "What changed" summary', () => {
    assert.deepEqual(HISTORY_NAMES, NAMES);
    const page = readFileSync('docs/history.md', 'utf8');
    const table = page.slice(page.indexOf('## The releases'), page.indexOf('## The version matrix'));
    assert.deepEqual([...table.matchAll(/^\| `(v[0-9.]+(?:-dev)?)` \|/gm)].map((m) => m[1]), NAMES);
    for (const n of NAMES) assert.ok(historySummary(n).length > 20, n);
    assert.equal(historyListing('v9.9'), undefined);
  });

  for (const name of NAMES) {
    it(`${name}: checks clean, and the text is listings/history/${name}.c`, () => {
      const h = historyListing(name)!;
      assert.equal(h.text, readFileSync(h.file, 'utf8'));
      const r = compileListing(h.file, h.text);
      assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
    });

    it(`${name}: the driver's scenarios on 30 seeded schedules: no runaway, every thread ends, every added work is run, cancelled or still queued`, () => {
      const listing = load(name);
      for (const sc of SCENARIOS.filter((s) => supports(listing, s))) {
        for (let seed = 1; seed <= 30; seed++) {
          const d = fresh(listing, sc);
          const rnd = seededRandom(seed);
          for (let n = 0; n < 3000; n++) {
            const en = sc.threads.map((_, t) => t).filter((t) => d.canMove(t));
            if (!en.length) break;
            d.step(en[Math.floor(rnd() * en.length)]!);
          }
          const where = `${name} '${sc.name}' seed ${seed}`;
          assert.equal(d.runaway, false, where);
          assert.ok(d.threads.every((x) => x.queue.length === 0 && (!x.th || x.th.done)), `${where}: a thread did not finish`);
          // Before 6.11 TWA_NMI_CURRENT is an unknown mode: the add to U succeeds (with a warning), and
          // the same work queued again on T is a double add, which the kernel forbids: nothing to count.
          if (d.returned.some((r) => r.call.fn === 'add' && r.call.task === 1 && r.ret === 0)) continue;
          for (const w of [A, B]) {
            const added = d.returned.filter((r) => r.call.fn === 'add' && (r.call.task ?? 0) === T && addressOfSlot(r.call.work) === w && r.ret === 0).length;
            const cancelled = d.returned.filter((r) => (r.call.fn === 'cancel_func' && r.ret === w) || (r.call.fn === 'cancel' && addressOfSlot(r.call.work) === w && r.ret === 1)).length;
            const ran = d.called.filter((x) => x === w).length;
            assert.equal(ran + cancelled + (queued(d).includes(w) ? 1 : 0), added, `${where}: work ${w} added ${added}, ran ${ran}, cancelled ${cancelled}, queued ${queued(d).join(',')}`);
          }
        }
      }
    });
  }

  it("name every step: mainline's labels, or a new one in docs/history.md's table (no derived 'function.op:line' names)", () => {
    const page = readFileSync('docs/history.md', 'utf8');
    const table = page.slice(page.indexOf('## Step names'), page.indexOf('## Selecting one'));
    const documented = new Set([...table.matchAll(/`([a-z_]+\.[a-z_]+)`/g)].map((m) => m[1]));
    for (const name of NAMES) {
      for (const l of load(name).labels) {
        assert.ok((STEP_LABELS as readonly string[]).includes(l) || documented.has(l), `${name}: step '${l}' is neither mainline's nor in docs/history.md`);
      }
    }
  });

  it('historyNameFor: the listing for a kernel version as uname -r or a tag writes it', () => {
    const cases: [string, string | undefined][] = [
      ['3.4', undefined], ['3.5.7', 'v3.5'], ['3.6.11', 'v3.6'], ['3.10.108', 'v3.7'], ['4.4.302', 'v4.3'], ['4.8', 'v4.9'], ['4.19.325', 'v4.14'],
      ['5.4.0-150-generic', 'v4.14'], ['5.7', 'v5.7'], ['5.10.13', 'v5.10'], ['v5.11', 'v5.11'], ['5.15.0-91-generic', 'v5.15'],
      ['6.0', 'v5.19'], ['6.1.0-13-amd64', 'v6.1'], ['6.6.30', 'v6.1'], ['6.12.1', 'v6.11'], ['6.19', 'v6.19'], ['7.0', 'v6.19'],
      ['mainline', undefined], ['', undefined],
    ];
    for (const [v, want] of cases) assert.equal(historyNameFor(v), want, v);
    for (const [, want] of cases) if (want) assert.ok(HISTORY_NAMES.includes(want), want);
  });

  it('every release runs as a variant, v3.6 on its circular list too', () => {
    assert.deepEqual(HISTORY_VARIANTS, NAMES);
    assert.equal(historyVariant('v3.6')!.variant!.name, 'v3.6');
    assert.equal(historyVariant('v3.7')!.variant!.name, 'v3.7');
    assert.match(historyVariant('v3.7')!.variant!.summary, /^Linux v3\.7: a static sentinel, work_exited/);
  });

  it('the scenarios each release cannot express are only the by-node cancel before 5.12', () => {
    for (const name of NAMES) {
      const listing = load(name);
      const byNode = entryOf(listing, { fn: 'cancel', work: 0 }) !== undefined;
      assert.equal(byNode, !['v3.5', 'v3.6', 'v3.7-dev', 'v3.7', 'v4.3', 'v4.9', 'v4.14', 'v5.7', 'v5.10', 'v5.11'].includes(name), name);
      assert.ok(entryOf(listing, { fn: 'cancel_func', func: 0 }), name);
    }
  });
});

describe('model: what each release changed, shown by the interpreter', () => {
  const exitThenAdd = scenario([
    { current: T, calls: [{ fn: 'exit' }] },
    { current: -1, calls: [{ fn: 'add', work: 0, mode: 1 }] },
  ]);

  it('v3.7-dev (no work_exited): an add after the final exit run returns 0 and the work is never run', () => {
    const d = fresh(load('v3.7-dev'), exitThenAdd);
    runInOrder(d, [0, 1]);
    assert.deepEqual(d.returned.map((r) => r.ret), [0, 0]);
    assert.deepEqual(queued(d), [A], 'A stays queued on a task that has exited: lost');
    assert.deepEqual(d.called, []);
  });

  it('v3.6 (no exit check, no sentinel): the same lost add, on the circular list', () => {
    const d = fresh(load('v3.6'), exitThenAdd);
    runInOrder(d, [0, 1]);
    assert.deepEqual(d.returned.map((r) => r.ret), [0, 0]);
    assert.deepEqual(queued(d), [A]);
    assert.deepEqual(d.called, []);
  });

  it('cancel by func unlinks the oldest match in 3.6 (FIFO circle), the newest from 3.7-dev on (LIFO push)', () => {
    const twoOfFa = scenario([{ current: -1, calls: [{ fn: 'add', work: 0, mode: 0 }, { fn: 'add', work: 2, mode: 0 }, { fn: 'cancel_func', func: 0 }] }]);
    for (const name of NAMES) {
      const d = fresh(load(name), twoOfFa);
      runInOrder(d, [0]);
      assert.equal(d.returned.at(-1)?.ret, name === 'v3.6' ? A : C, name);
      assert.deepEqual(queued(d), [name === 'v3.6' ? C : A], name);
    }
  });

  for (const name of NAMES.filter((n) => n !== 'v3.7-dev' && n !== 'v3.6')) {
    it(`${name}: the same add fails with -ESRCH (the sentinel of 3.7)`, () => {
      const d = fresh(load(name), exitThenAdd);
      runInOrder(d, [0, 1]);
      assert.equal(d.returned.find((r) => r.call.fn === 'add')?.ret, ESRCH);
      assert.deepEqual(queued(d), []);
    });
  }

  const addTwoThenRun = scenario([{ current: T, calls: [{ fn: 'add', work: 0, mode: 1 }, { fn: 'add', work: 1, mode: 1 }, { fn: 'run' }] }]);
  for (const name of NAMES) {
    const fifo = ['v3.5', 'v3.6', 'v3.7-dev', 'v3.7'].includes(name);
    it(`${name}: a batch of A then B runs ${fifo ? 'oldest first' : 'newest first (no reversal since 4.3)'}`, () => {
      const d = fresh(load(name), addTwoThenRun);
      const labels = runInOrder(d, [0]);
      assert.deepEqual(d.called, fifo ? [A, B] : [B, A]);
      assert.equal(labels.includes('run.reverse'), fifo && name !== 'v3.6' && name !== 'v3.5', 'the lock-free LIFO push needs the reversal for FIFO');
      assert.equal(labels.includes('run.pprev'), name === 'v3.5', "3.5's hlist runs oldest first back along pprev");
    });
  }

  const runEmpty = scenario([{ current: T, calls: [{ fn: 'run' }] }]);
  const RUN_EMPTY: Record<string, string[]> = {
    'v3.5': ['run.lock', 'run.load', 'run.store', 'run.unlock'],
    'v3.6': ['run.lock', 'run.load', 'run.store', 'run.unlock'],
    'v3.7-dev': ['run.xchg'],
    'v3.7': ['run.load', 'run.check', 'run.cas'], 'v4.3': ['run.load', 'run.check', 'run.cas'], 'v4.9': ['run.load', 'run.check', 'run.cas'],
    'v4.14': ['run.lock', 'run.load', 'run.check', 'run.cas', 'run.unlock'],
  };
  for (const name of NAMES) {
    const want = RUN_EMPTY[name] ?? ['run.load', 'run.check'];
    it(`${name}: run on an empty list takes ${want.join(', ')}`, () => {
      assert.deepEqual(runInOrder(fresh(load(name), runEmpty), [0]), want);
    });
  }

  const cancelEmpty = scenario([{ current: -1, calls: [{ fn: 'cancel_func', func: 0 }] }]);
  for (const name of NAMES) {
    const peek = !['v3.5', 'v3.6', 'v3.7-dev', 'v3.7', 'v4.3'].includes(name);
    it(`${name}: cancel on an empty list ${peek ? 'returns at the lockless peek (4.9 on)' : 'takes pi_lock'}`, () => {
      const labels = runInOrder(fresh(load(name), cancelEmpty), [0]);
      assert.deepEqual(labels, peek ? ['cancel.peek'] : ['cancel.lock', 'cancel.load', 'cancel.unlock']);
    });
  }

  it('v3.7-dev to v4.9: run waits at run.unlock_wait while a canceller holds pi_lock, without taking the lock', () => {
    for (const name of ['v3.7-dev', 'v3.7', 'v4.3', 'v4.9']) {
      const d = fresh(load(name), scenario([
        { current: -1, calls: [{ fn: 'add', work: 0, mode: 0 }, { fn: 'add', work: 1, mode: 0 }, { fn: 'cancel_func', func: 0 }] },
        { current: T, calls: [{ fn: 'run' }] },
      ]));
      // The adder queues A and B, then its cancel takes pi_lock and stops there.
      for (let label = ''; label !== 'cancel.lock';) label = d.step(0).label;
      const labels: string[] = [];
      while (d.canMove(1)) labels.push(d.step(1).label);
      assert.equal(labels[labels.length - 1], name === 'v3.7-dev' ? 'run.xchg' : 'run.cas', `${name}: ${labels.join(' ')}`);
      assert.equal(d.threads[1]!.th!.done, false, `${name}: run is not finished`);
      assert.equal(d.listing.functions[d.threads[1]!.th!.frames.at(-1)!.fn]!.code[d.threads[1]!.th!.frames.at(-1)!.pc]!.label, 'run.unlock_wait');
      runInOrder(d, [0, 1]);
      // The cancel walked a list run had already detached: it finds nothing, and both works run.
      assert.equal(d.returned.find((r) => r.call.fn === 'cancel_func')?.ret, NULL, name);
      assert.deepEqual(d.called.slice().sort(), [A, B].sort(), name);
    }
  });

  /** The TIF bits an add of mode `mode` on T leaves, and what the add returned. */
  function notifyOf(name: string, mode: number, self = false): { resume: boolean; signal: boolean; ret: number; labels: string[] } {
    const d = fresh(load(name), scenario([{ current: self ? T : -1, calls: [{ fn: 'add', work: 0, mode }] }]));
    const labels = runInOrder(d, [0]);
    const t = (d.mem as StateMemory).s.tasks[T]!;
    return { resume: t.notifyResume, signal: t.notifySignal, ret: d.returned[0]!.ret, labels };
  }

  it('notify: a bool until 5.11 (any mode sets TIF_NOTIFY_RESUME), then modes; SIGNAL_NO_IPI from 5.19', () => {
    const TWA_SIGNAL = 2, TWA_SIGNAL_NO_IPI = 3;
    assert.deepEqual(notifyOf('v5.7', TWA_SIGNAL), { resume: true, signal: false, ret: 0, labels: ['add.load', 'add.check', 'add.link', 'add.cas', 'add.notify'] });
    assert.equal(notifyOf('v5.11', TWA_SIGNAL).signal, true);
    const unknown = notifyOf('v5.11', TWA_SIGNAL_NO_IPI);
    assert.deepEqual([unknown.resume, unknown.signal, unknown.ret], [false, false, 0], 'an unknown mode warns; the work is queued and nobody is told');
    assert.deepEqual([notifyOf('v5.19', TWA_SIGNAL_NO_IPI).signal, notifyOf('v5.19', TWA_SIGNAL_NO_IPI).resume], [true, false]);
  });

  it('TWA_SIGNAL in 5.8 - 5.10: JOBCTL_TASK_WORK (the model\'s TIF_NOTIFY_SIGNAL) set under the sighand lock, only when not set already', () => {
    const TWA_SIGNAL = 2;
    const once = notifyOf('v5.10', TWA_SIGNAL);
    assert.deepEqual([once.signal, once.resume, once.labels.slice(-2)], [true, false, ['add.notify', 'add.signal']]);
    const d = fresh(load('v5.10'), scenario([{ current: -1, calls: [{ fn: 'add', work: 0, mode: TWA_SIGNAL }, { fn: 'add', work: 1, mode: TWA_SIGNAL }] }]));
    const labels = runInOrder(d, [0]);
    assert.equal(labels.filter((l) => l === 'add.signal').length, 1, 'the second add sees the bit and takes no lock');
  });

  it('TWA_NMI_CURRENT: unknown before 6.11; in 6.11 the irq_work flags current in a later step of its own; 6.19 flags in add itself', () => {
    const TWA_NMI_CURRENT = 4, EINVAL = -22;
    assert.deepEqual([notifyOf('v6.1', TWA_NMI_CURRENT).ret, notifyOf('v6.1', TWA_NMI_CURRENT).resume], [0, false]);
    assert.equal(notifyOf('v6.11', TWA_NMI_CURRENT).ret, EINVAL, 'not current: -EINVAL');
    const v611 = notifyOf('v6.11', TWA_NMI_CURRENT, true);
    assert.deepEqual([v611.ret, v611.resume], [0, true]);
    assert.deepEqual(v611.labels.slice(-2), ['add.notify', 'irq.notify'], 'the window in which a context switch moves the flag (466e4d801cd4)');
    const v619 = notifyOf('v6.19', TWA_NMI_CURRENT, true);
    assert.deepEqual([v619.ret, v619.resume, v619.labels.at(-1)], [0, true, 'add.notify'], 'flagged inside add (ef1ea98c8fff)');
  });
});
