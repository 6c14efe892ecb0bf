// Small litmus shapes run two ways: as a scenario under `memory lkmm` (the explorer, with its
// promises for load buffering) and as a herd7 C litmus test (`tw litmus`, which enumerates every
// graph); the outcome sets must be equal. x is T.flags (1 = PF_EXITING), y is A.next (1 = A).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileSource } from '../../src/lang';
import { Machine, run, outcomeText, Variant } from '../../src/core';
import { exploreSync, searchLkmm, parsePins, witnessPins, explainPins } from '../../src/explore';
import type { ExploreResult } from '../../src/explore';
import { parseLitmus, runLitmus } from '../../src/litmus';
import { variantOfListing } from '../../src/model';

const MAINLINE = readFileSync('listings/mainline.c', 'utf8');

/**
 * One access or fence of a thread: `r x`, `r.acq y`, `w x`, `w.rel y`, `ctrl w y` (only when r is not 0),
 * `mb`, `rmb`, `wmb`; the RMWs: `x x` (xchg_relaxed, r = the old value), `xw x` (xchg_relaxed, the
 * old value dropped: only its write counts), `c x`/`cw x` (cmpxchg_relaxed(x, 0, 1)), `X x`/`Xw x`
 * (xchg, fully ordered).
 */
type Op = string;

/** The RMW verbs: the listing's and the litmus test's call, and whether r takes the old value. */
const RMW: Record<string, { call: string; keep: boolean }> = {
  x: { call: 'xchg_relaxed', keep: true }, xw: { call: 'xchg_relaxed', keep: false },
  c: { call: 'cmpxchg_relaxed', keep: true }, cw: { call: 'cmpxchg_relaxed', keep: false },
  X: { call: 'xchg', keep: true }, Xw: { call: 'xchg', keep: false },
};

const LISTING_LOC: Record<string, [string, string]> = { x: ['task->flags', 'PF_EXITING'], y: ['work->next', 'work'] };

function listingLine(op: Op): string {
  const [verb, loc = 'x'] = op.replace(/^ctrl /, '').split(' ');
  const [field, one] = LISTING_LOC[loc] as [string, string];
  const rmw = RMW[verb ?? ''];
  if (rmw) {
    const args = rmw.call.startsWith('cmpxchg') ? `&${field}, 0, ${one}` : `&${field}, ${one}`;
    return `${rmw.keep ? 'r' : 'u'} = ${rmw.call}(${args});`;
  }
  const access = verb === 'r' ? `r = READ_ONCE(${field});` : verb === 'r.acq' ? `r = smp_load_acquire(&${field});`
    : verb === 'w' ? `WRITE_ONCE(${field}, ${one});` : verb === 'w.rel' ? `smp_store_release(&${field}, ${one});` : `smp_${verb}();`;
  return op.startsWith('ctrl ') ? `if (r != 0) { ${access} }` : access;
}

function litmusLine(op: Op): string {
  const [verb, loc = 'x'] = op.replace(/^ctrl /, '').split(' ');
  const rmw = RMW[verb ?? ''];
  if (rmw) return `${rmw.keep ? 'r0' : 'r1'} = ${rmw.call}(${loc}, ${rmw.call.startsWith('cmpxchg') ? '0, 1' : '1'});`;
  const access = verb === 'r' ? `r0 = READ_ONCE(*${loc});` : verb === 'r.acq' ? `r0 = smp_load_acquire(${loc});`
    : verb === 'w' ? `WRITE_ONCE(*${loc}, 1);` : verb === 'w.rel' ? `smp_store_release(${loc}, 1);` : `smp_${verb}();`;
  return op.startsWith('ctrl ') ? `if (r0) ${access}` : access;
}

/** mainline with task_work_add replaced: TWA_RESUME runs p0's ops, any other mode p1's; it returns the value read. */
function listing(p0: Op[], p1: Op[]): Variant {
  const start = MAINLINE.indexOf('int task_work_add(');
  const end = MAINLINE.indexOf('\n}\n', start) + 3;
  // Step labels: first.a, first.b, ... for p0; second.a, ... for p1.
  const lines = (ops: Op[], t: string): string => ops.map((op, i) => `        ${listingLine(op)} // ${t}.${String.fromCharCode(97 + i)}`).join('\n');
  const body = `    int r = 0;\n    int u = 0;\n    if (mode == TWA_RESUME) {\n${lines(p0, 'first')}\n    } else {\n${lines(p1, 'second')}\n    }\n    return r;`;
  const text = `${MAINLINE.slice(0, start)}int task_work_add(struct task_struct *task, struct callback_head *work, int mode)\n{\n${body}\n}\n${MAINLINE.slice(end)}`;
  const r = variantOfListing('shape', 'shape.c', text);
  assert.ok(r.variant, `the shape's listing compiles: ${JSON.stringify(r.diagnostics)}`);
  return r.variant;
}

const SCENARIO = 'task T;\nwork A = fa;\ncallback fa(cb) { }\n'
  + 'thread p0 { let r = task_work_add(T, A, TWA_RESUME); }\nthread p1 { let r = task_work_add(T, A, TWA_SIGNAL); }\n';

function scenario(p0: Op[], p1: Op[]): { lkmm: ExploreResult; sc: string[]; outcomes: string[] } {
  const p = compileSource('shape.tw', SCENARIO).program;
  assert.ok(p);
  const v = listing(p0, p1);
  const g = searchLkmm(p, v, {}, () => undefined);
  let x = g.next();
  while (!x.done) x = g.next();
  const value = (text: string): string => (text === '0' ? '0' : '1'); // 0x4 (PF_EXITING) or A
  const pair = (o: string): string => {
    const m = /p0 returned (\S+); p1 returned (\S+)$/.exec(o);
    assert.ok(m, o);
    return `0:r0=${value(m[1] as string)}; 1:r0=${value(m[2] as string)};`;
  };
  const sc = exploreSync(p, { variant: v }).outcomes.map(pair);
  return { lkmm: x.value, sc, outcomes: [...new Set(x.value.outcomes.map(pair))].sort() };
}

function litmusResult(name: string, p0: Op[], p1: Op[]): ReturnType<typeof runLitmus> {
  const thread = (i: number, ops: Op[]): string => `P${i}(int *x, int *y)\n{\n\tint r0 = 0;\n\tint r1 = 0;\n${ops.map((op) => `\t${litmusLine(op)}`).join('\n')}\n}\n`;
  const text = `C ${name}\n{}\n${thread(0, p0)}\n${thread(1, p1)}\nexists (0:r0=1 /\\ 1:r0=1)\n`;
  return runLitmus(parseLitmus(text));
}

const SHAPES: [string, Op[], Op[], boolean][] = [
  // name, P0, P1, whether 0:r0=1 /\ 1:r0=1 is allowed (the LKMM's documented answer for the shape)
  ['LB', ['r x', 'w y'], ['r y', 'w x'], true],
  ['LB+mb+po', ['r x', 'mb', 'w y'], ['r y', 'w x'], true],
  ['LB+mbs', ['r x', 'mb', 'w y'], ['r y', 'mb', 'w x'], false],
  ['LB+ctrl+po', ['r x', 'ctrl w y'], ['r y', 'w x'], true],
  ['LB+ctrls', ['r x', 'ctrl w y'], ['r y', 'ctrl w x'], false],
  ['LB+acquire+release', ['r.acq x', 'w y'], ['r y', 'w.rel x'], false],
  ['LB+acquire+po', ['r.acq x', 'w y'], ['r y', 'w x'], true],
  // Load buffering through relaxed RMWs (allowed: nothing orders a relaxed RMW's read before a
  // later access of another location) and through fully ordered ones (forbidden: xchg is mb).
  ['LB+xchgs-read', ['x x', 'w y'], ['x y', 'w x'], true], // the early read is an RMW's
  ['LB+xchgs-write', ['r x', 'xw y'], ['r y', 'xw x'], true], // the write read early is an RMW's
  ['LB+xchgs', ['x x', 'xw y'], ['x y', 'xw x'], true], // both
  ['LB+cmpxchgs', ['c x', 'cw y'], ['c y', 'cw x'], true], // the write exists only when the cmpxchg reads 0
  ['LB+xchg+po', ['x x', 'w y'], ['r y', 'xw x'], true],
  ['LB+xchg-mbs', ['X x', 'w y'], ['X y', 'w x'], false],
  ['LB+xchg-mb+xchg', ['X x', 'w y'], ['x y', 'w x'], true],
  ['SB', ['w x', 'r y'], ['w y', 'r x'], false], // the condition is a different one for SB: both read 1 is SC
  ['MP', ['w x', 'w y'], ['r y', 'r x'], false],
  ['MP+wmb+rmb', ['w x', 'wmb', 'w y'], ['r y', 'rmb', 'r x'], false],
];

describe('memory lkmm: small shapes, scenario explorer against tw litmus', function () {
  this.timeout(60000);
  for (const [name, p0, p1, lb] of SHAPES) {
    it(`${name}: the scenario's outcomes and executions are the litmus test's`, () => {
      const s = scenario(p0, p1);
      assert.equal(s.lkmm.complete, true);
      const l = litmusResult(name, p0, p1);
      assert.deepEqual(s.outcomes, l.states);
      assert.equal(s.lkmm.executions, l.positive + l.negative, 'the same number of executions (distinct graphs)');
      if (name.startsWith('LB')) assert.equal(s.outcomes.includes('0:r0=1; 1:r0=1;'), lb);
    });
  }

  const BOTH = 'T = NULL; A = idle(add 0, run 0, cancel 0); p0 returned 0x4; p1 returned A';

  it('load buffering is an outcome only weak memory reaches', () => {
    const s = scenario(['r x', 'w y'], ['r y', 'w x']);
    assert.ok(s.lkmm.outcomes.includes(BOTH));
    assert.ok(!s.sc.includes('0:r0=1; 1:r0=1;'), 'sequential consistency never reaches it');
    assert.ok(s.lkmm.states > 0);
  });

  it('a read of a later write replays from its pin (`=VALUE`) and is bound to that write at the end', () => {
    const p = compileSource('shape.tw', SCENARIO).program;
    assert.ok(p);
    const m = new Machine(p, listing(['r x', 'w y'], ['r y', 'w x']), {}, 'lkmm');
    const pins = parsePins(p, 'p0@first.a<-p1@second.b=4');
    assert.ok(Array.isArray(pins), String(pins));
    const r = run(m, { prefix: [0, 0, 1, 1], pins });
    assert.equal(outcomeText(m.ctx, r.state), BOTH);
    const g = m.weak?.g;
    assert.ok(g && m.weak);
    assert.deepEqual(g.pending, []);
    assert.deepEqual(witnessPins(m, g, [m.weak.chosen]), ['p0@first.a<-p1@second.b=4']);
    assert.match(explainPins(m, g, [m.weak.chosen]), /p0's first\.a load of T\.flags read p1's second\.b, a write made after it in this schedule \(load buffering\)/);
    assert.equal(typeof parsePins(p, 'p0@first.a<-p1@second.b=x'), 'string');
  });

  it('no read of a later write on a cycle the LKMM forbids: the same pin under LB+mbs leaves the read unbound', () => {
    const p = compileSource('shape.tw', SCENARIO).program;
    assert.ok(p);
    const m = new Machine(p, listing(['r x', 'mb', 'w y'], ['r y', 'mb', 'w x']), {}, 'lkmm');
    const pins = parsePins(p, 'p0@first.a<-p1@second.c=4');
    assert.ok(Array.isArray(pins));
    run(m, { prefix: [0, 0, 0, 1, 1, 1], pins });
    assert.deepEqual(m.weak?.g?.pending.length, 1, 'no write it may read: the run is not an execution the LKMM allows');
  });
});
