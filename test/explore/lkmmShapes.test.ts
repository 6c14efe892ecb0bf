// Small litmus shapes run two ways: as a scenario under `memory lkmm` (the explorer, with its
// promises for load buffering) and as a herd7 C litmus test (`tw litmus`, which enumerates every
// graph); the outcome sets must be equal. x is T.flags (1 = PF_EXITING), y is A.next (1 = A).
import assert from 'node:assert/strict';
import { compileSource } from '../../src/lang';
import { Machine, run, outcomeText } from '../../src/core';
import { exploreSync, searchLkmm, parsePins, witnessPins, explainPins } from '../../src/explore';
import type { ExploreResult } from '../../src/explore';
import { parseLitmus, runLitmus } from '../../src/litmus';
import { Op, listing, litmusLine, scenarioText } from './shapeListing';

const SCENARIO = scenarioText(2);

/** A returned value as the litmus test's number (PF_EXITING and A are 1, 0x8 and the sentinel 2). */
function litmusValue(text: string): string {
  return text === '0' ? '0' : text === '0x4' || text === 'A' ? '1' : '2';
}

function scenario(...threads: Op[][]): { lkmm: ExploreResult; sc: string[]; outcomes: string[] } {
  return scenarioWith({}, ...threads);
}

function scenarioWith(o: { openCycles?: number }, ...threads: Op[][]): { lkmm: ExploreResult; sc: string[]; outcomes: string[] } {
  const p = compileSource('shape.tw', scenarioText(threads.length)).program;
  assert.ok(p);
  const v = listing(threads);
  const g = searchLkmm(p, v, o, () => undefined);
  let x = g.next();
  while (!x.done) x = g.next();
  const regs = (o: string): string => {
    const vals = threads.map((_, i) => new RegExp(`p${i} returned ([^;]+)`).exec(o)?.[1]);
    assert.ok(vals.every((v) => v !== undefined), o);
    return vals.map((v, i) => `${i}:r0=${litmusValue(v as string)};`).join(' ');
  };
  const sc = exploreSync(p, { variant: v }).outcomes.map(regs);
  return { lkmm: x.value, sc, outcomes: [...new Set(x.value.outcomes.map(regs))].sort() };
}

function litmusResult(name: string, threads: Op[][], exists = '0:r0=1 /\\ 1:r0=1'): ReturnType<typeof runLitmus> {
  const thread = (i: number, ops: Op[]): string => `P${i}(int *x, int *y, int *z)\n{\n\tint r0 = 0;\n\tint r1 = 0;\n${ops.map((op) => `\t${litmusLine(op)}`).join('\n')}\n}\n`;
  const text = `C ${name}\n{}\n${threads.map((ops, i) => thread(i, ops)).join('\n')}\nexists (${exists})\n`;
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
      const l = litmusResult(name, [p0, p1]);
      assert.deepEqual(s.outcomes, l.states);
      assert.equal(s.lkmm.executions, l.positive + l.negative, 'the same number of executions (distinct graphs)');
      if (name.startsWith('LB')) assert.equal(s.outcomes.includes('0:r0=1; 1:r0=1;'), lb);
    });
  }

  // More threads: LB around three threads needs one read of a later write; two load-buffering
  // cycles in one execution (on the same two locations, with values 1 and 2) need two at once.
  // The limits (docs/memory-model-scenarios.md): a cmpxchg whose write is read early reads a third
  // thread's write (not the newest when the early read is made); two cycles that must be open at
  // once (p0 reads x twice, p1 y twice, before either writes: openCycles 2).
  const MORE: [string, Op[][], string, number?][] = [
    ['LB3', [['r x', 'w y'], ['r y', 'w z'], ['r z', 'w x']], '0:r0=1; 1:r0=1; 2:r0=1;'],
    ['LB+LB', [['r x', 'w y'], ['r y', 'w x'], ['r x', 'w y 2'], ['r y', 'w x 2']], '0:r0=1; 1:r0=1; 2:r0=2; 3:r0=2;'],
    ['LB+cmpxchg-of-a-third-write', [['r x', 'w y'], ['r y', 'c x 2 1'], ['w x 1']], '0:r0=2; 1:r0=1; 2:r0=0;'],
    ['LB-twice', [['r x', 'r x', 'w y 1', 'w y 2'], ['r y', 'r y', 'w x 1', 'w x 2']], '0:r0=2; 1:r0=2;', 2],
  ];
  for (const [name, threads, cycle, openCycles] of MORE) {
    it(`${name}: the scenario's outcomes and executions are the litmus test's, the load-buffering one among them`, () => {
      const s = scenarioWith(openCycles === undefined ? {} : { openCycles }, ...threads);
      assert.equal(s.lkmm.complete, true);
      const l = litmusResult(name, threads, cycle.replace(/; /g, ' /\\ ').replace(/;$/, ''));
      assert.deepEqual(s.outcomes, l.states);
      assert.equal(s.lkmm.executions, l.positive + l.negative, 'the same number of executions (distinct graphs)');
      assert.ok(s.outcomes.includes(cycle), `${cycle} is allowed`);
      assert.ok(!s.sc.includes(cycle), 'sequential consistency never reaches it');
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
    const m = new Machine(p, listing([['r x', 'w y'], ['r y', 'w x']]), {}, 'lkmm');
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

  it("an RMW's read of a later write replays from its pins: the write it reads goes just before the RMW's own in coherence", () => {
    const p = compileSource('shape.tw', SCENARIO).program;
    assert.ok(p);
    const lb = listing([['x x', 'w y'], ['x y', 'w x']]); // LB+xchgs-read
    const replay = (witness: string): { outcome: string; pending: number; pins: string[] } => {
      const m = new Machine(p, lb, {}, 'lkmm');
      const pins = parsePins(p, witness);
      assert.ok(Array.isArray(pins), String(pins));
      const r = run(m, { prefix: [0, 0, 1, 1], pins });
      const g = m.weak?.g;
      assert.ok(g && m.weak);
      return { outcome: outcomeText(m.ctx, r.state), pending: g.pending.length, pins: witnessPins(m, g, [m.weak.chosen]) };
    };
    const both = 'p0@first.a<-p1@second.b=4, p1@second.b<<p0@first.a';
    const r = replay(both);
    assert.equal(r.outcome, 'T = NULL; A = idle(add 0, run 0, cancel 0); p0 returned 0x4; p1 returned A');
    assert.equal(r.pending, 0, 'bound to p1@second.b');
    assert.deepEqual(r.pins, both.split(', '));
    // Without the coherence pin p1's write comes after p0's xchg: atomicity leaves nothing to bind to.
    assert.equal(replay('p0@first.a<-p1@second.b=4').pending, 1);
  });

  it('no read of a later write on a cycle the LKMM forbids: the same pin under LB+mbs leaves the read unbound', () => {
    const p = compileSource('shape.tw', SCENARIO).program;
    assert.ok(p);
    const m = new Machine(p, listing([['r x', 'mb', 'w y'], ['r y', 'mb', 'w x']]), {}, 'lkmm');
    const pins = parsePins(p, 'p0@first.a<-p1@second.c=4');
    assert.ok(Array.isArray(pins));
    run(m, { prefix: [0, 0, 0, 1, 1, 1], pins });
    assert.deepEqual(m.weak?.g?.pending.length, 1, 'no write it may read: the run is not an execution the LKMM allows');
  });
});
