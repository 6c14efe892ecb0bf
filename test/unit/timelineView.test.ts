// The timeline view's model and layout, without a browser or an editor: the plan kept while the
// session follows it (travel back keeps the later steps as planned), replaced when the session
// goes elsewhere; a move and the replay's marks on the cells; the schedule text Save writes; the
// grid positions, accessible names and keyboard moves of the webview.
import { strict as assert } from 'assert';
import type { TimelineData, TimelineStepData } from '../../src/protocol/messages';
import { TimelinePlan } from '../../src/extension/timelinePlan';
import { cellClasses, cellLabel, dropBefore, extend, gridItems, neighbour, shiftMove } from '../../src/webview/timelineLayout';

const step = (thread: number, label: string, ok = -1, extra: Partial<TimelineStepData> = {}): TimelineStepData => ({ thread, label, ok, violations: [], ...extra });

/** A small run: canceller peek, lock, owner run.load, canceller cas ok, unlock, owner spin at run.lock. */
const STEPS = [step(0, 'cancel.peek'), step(0, 'cancel.lock'), step(1, 'run.load'), step(0, 'cancel.cas', 1), step(0, 'cancel.unlock'), step(1, 'spin', -1, { blockedAt: 'run.lock' })];
const data = (steps: TimelineStepData[], finished = false): TimelineData => ({ threads: ['canceller', 'owner'], steps, finished });

describe('timeline plan (the editor side of the timeline view)', () => {
  it('draws every step with its class, mark and lane bars from src/report', () => {
    const p = new TimelinePlan();
    p.merge(data(STEPS));
    const v = p.view('s01.tw', 'mainline');
    assert.equal(v.position, 6);
    assert.deepEqual(v.cells.map((c) => `${c.kind}:${c.mark}`), ['cell:', 'cell:', 'cell:', 'cas-ok:ok', 'cell:', 'spin:run.lock']);
    assert.deepEqual(v.spans, [{ thread: 0, from: 1, to: 4, kind: 'lock' }, { thread: 1, from: 5, to: 5, kind: 'spin' }]);
    assert.equal(v.schedule, 'canceller*2 owner canceller*2 owner');
    assert.equal(v.cells[3]?.tip, 'step 4: canceller cancel.cas (ok)');
  });

  it('keeps the later steps as planned after travelling back, and drops them when the session goes elsewhere', () => {
    const p = new TimelinePlan();
    p.merge(data(STEPS));
    p.merge(data(STEPS.slice(0, 2)));
    let v = p.view('f', 'mainline');
    assert.equal(v.cells.length, 6);
    assert.deepEqual(v.cells.map((c) => c.ahead), [false, false, true, true, true, true]);
    assert.deepEqual(v.spans, [{ thread: 0, from: 1, to: 1, kind: 'lock' }], 'bars only over the steps taken');
    p.merge(data([...STEPS.slice(0, 2), step(0, 'cancel.load')]));
    v = p.view('f', 'mainline');
    assert.deepEqual(v.cells.map((c) => c.label), ['cancel.peek', 'cancel.lock', 'cancel.load']);
  });

  it("moves a run, marks the replay's blocked and changed steps, and saves up to the blocked one", () => {
    const p = new TimelinePlan();
    p.merge(data(STEPS));
    assert.equal(p.move(2, 1, 1), true); // the owner's run.load before the canceller's lock
    assert.equal(p.view('f', 'm').selection?.from, 1);
    assert.equal(p.view('f', 'm').selection, undefined, 'the selection is sent once');
    assert.deepEqual(p.planned().map((s) => s.thread), [0, 1, 0, 0, 0], "the owner's planned spin is dropped: it waited in the old order");
    p.replayed({ common: 1, position: 3, blocked: { index: 3, reason: 'finished' }, changed: [{ index: 2, text: 'now cancel.load (was cancel.lock)' }] }, true);
    p.merge(data([STEPS[0] as TimelineStepData, step(1, 'run.load'), step(0, 'cancel.load')]));
    const v = p.view('f', 'm');
    assert.equal(v.cells[3]?.blocked, 'finished');
    assert.equal(v.cells[2]?.changed, 'now cancel.load (was cancel.lock)');
    assert.equal(v.note, 'Replayed from step 1: step 4 cannot run there: canceller finished; 1 step(s) now do something else.');
    assert.equal(p.scheduleText(), 'canceller owner canceller');
  });

  it('refuses a move that passes a step of the same thread, or moves a spin, saying why in the note', () => {
    const p = new TimelinePlan();
    p.merge(data(STEPS));
    assert.equal(p.move(4, 1, 0), false);
    assert.match(p.view('f', 'm').note ?? '', /^Not moved: a thread's steps keep their order/);
    assert.equal(p.move(5, 1, 3), false);
    assert.match(p.view('f', 'm').note ?? '', /^Not moved: a spin is a thread waiting/);
    assert.equal(p.length, 6);
  });
});

describe('timeline layout (the webview side)', () => {
  const p = new TimelinePlan();
  p.merge(data(STEPS, true));
  p.merge(data(STEPS.slice(0, 4)));
  const v = p.view('f', 'mainline');

  it('puts lane t in grid row 2+2t with its bars below, a column per step after the names', () => {
    const items = gridItems(v);
    assert.deepEqual(items.filter((i) => i.cls === 'lane-name').map((i) => `${i.text}@${i.row}`), ['canceller@2', 'owner@4']);
    assert.deepEqual(items.filter((i) => i.cls.startsWith('span')).map((i) => `${i.cls} ${i.row} ${i.col}-${i.colEnd}`), ['span span-lock 3 3-6'], 'held from step 2 to the last step taken');
    assert.equal(items.filter((i) => i.cls === 'num').length, 6);
  });

  it('names each cell for a screen reader and classes it for the theme', () => {
    const cas = v.cells[3];
    const spin = v.cells[5];
    assert.ok(cas && spin);
    assert.equal(cellLabel(cas, v), 'step 4, canceller, cancel.cas, ok, current');
    assert.equal(cellClasses(cas, v, true), 'cell k-cas-ok done current selected');
    assert.equal(cellLabel(spin, v), 'step 6, owner, spin, run.lock, not taken yet');
  });

  it('moves the focus with the arrows (Up/Down: the nearest step of the next lane)', () => {
    assert.equal(neighbour(v, 3, 'ArrowLeft'), 2);
    assert.equal(neighbour(v, 5, 'ArrowRight'), 5);
    assert.equal(neighbour(v, 3, 'ArrowDown'), 2);
    assert.equal(neighbour(v, 2, 'ArrowUp'), 1);
    assert.equal(neighbour(v, 2, 'End'), 5);
  });

  it("extends a selection over one thread's adjacent steps only, and turns Alt+arrows into moves", () => {
    assert.deepEqual(extend(v, { from: 0, count: 1 }, 'ArrowRight'), { from: 0, count: 2 });
    assert.deepEqual(extend(v, { from: 0, count: 2 }, 'ArrowRight'), { from: 0, count: 2 }, 'the owner comes next');
    assert.deepEqual(shiftMove(v, { from: 2, count: 1 }, 'ArrowLeft'), { from: 2, count: 1, before: 1 });
    assert.deepEqual(shiftMove(v, { from: 2, count: 1 }, 'ArrowRight'), { from: 2, count: 1, before: 4 });
    assert.equal(shiftMove(v, { from: 0, count: 1 }, 'ArrowLeft'), null);
    assert.equal(dropBefore(3, true), 3);
    assert.equal(dropBefore(3, false), 4);
  });
});
