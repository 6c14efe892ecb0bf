// The shipped listings, executed by the listing interpreter over either memory port (the core's
// plain state, and the workers' SharedArrayBuffer heap with Atomics), take the same steps as the
// core's built-in step functions: same labels, same spins, same return values and the same memory,
// in lockstep over seeded random schedules, for every variant.
// (This is what lets the listing become the model: it already behaves as the model does.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Machine, VARIANT_NAMES, StateMemory, seededRandom, cloneState, State, Access, taskFieldOf, slotOfAddress, taskHead, taskLock, taskFlags, cellObj, Ctx } from '../../src/core';
import { compileListing, stepAccesses, Listing, ListingAccess } from '../../src/model';
import { compile } from '../unit/helpers';
import { Driver, Scenario, SCENARIOS } from './driver';
import { Heap } from '../../src/workers/heap';
import { makeLayout } from '../../src/workers/layout';
import { LabelTable } from '../../src/workers/encoding';
import { HeapState } from '../../src/workers/heapState';
import { stateToHeap, heapToState } from '../../src/workers/snapshot';
import { HeapMemory } from '../../src/workers/heapMemory';

function lockstep(listing: Listing, sc: Scenario, variant: string, seed: number): void {
  const program = compile(sc.tw);
  const m = new Machine(program, variant, { maxSteps: 400 });
  const { state } = m.init();
  const mine: State = cloneState(state);
  const d = new Driver(listing, sc, new StateMemory(mine));
  const heap = Heap.allocate(makeLayout(program), new LabelTable(undefined));
  stateToHeap(heap, program, state);
  const hc = new HeapState(heap, program, -1);
  const onHeap = new Driver(listing, sc, new HeapMemory(heap, program.tasks.length, program.slots));
  const rnd = seededRandom(seed);
  const log: string[] = [];
  while (!state.finished) {
    const en = m.enabled(state);
    const ours = sc.threads.map((_, t) => t).filter((t) => d.canMove(t));
    assert.deepEqual(ours, en, `${variant} seed ${seed}: enabled threads differ after ${log.join(', ')}`);
    assert.deepEqual(sc.threads.map((_, t) => t).filter((t) => onHeap.canMove(t)), en, `${variant} seed ${seed}: heap: enabled threads`);
    if (!en.length) break;
    const t = en[Math.floor(rnd() * en.length)]!;
    const th = d.threads[t]!.th!;
    compareFootprints(m.ctx, m.footprint(state, t), stepAccesses(listing, th, t, d.mem, d.host), `${variant} seed ${seed} step ${log.length + 1} (${m.nextLabel(state, t) ?? "?"}, after ${log.slice(-3).join(" ")})`);
    const ev = m.step(state, t);
    const got = d.step(t);
    assert.deepEqual(onHeap.step(t), got, `${variant} seed ${seed}: heap: step ${log.length + 1}`);
    log.push(`${t}:${ev.label}`);
    assert.equal(got.label, ev.label, `${variant} seed ${seed}: step ${log.length} label (${log.join(', ')})`);
    assert.equal(got.ret, ev.ret, `${variant} seed ${seed}: return value at ${log.join(', ')}`);
  }
  const words = (s: State): unknown => ({ tasks: s.tasks.map((x) => [x.taskWorks, x.lockHolder, x.exiting, x.notifyResume, x.notifySignal]), cells: s.cells.map((c) => c.next) });
  assert.deepEqual(words(mine), words(state), `${variant} seed ${seed}: memory after ${log.join(', ')}`);
  assert.deepEqual(words(heapToState(hc)), words(state), `${variant} seed ${seed}: heap memory after ${log.join(', ')}`);
}

/** The core's object for a listing address (undefined for the sentinel's words, which no one writes). */
function objOf(ctx: Ctx, addr: number): number | undefined {
  if (addr < 0) {
    const { task, field } = taskFieldOf(addr);
    return field === 0 ? taskHead(task) : field === 1 ? taskLock(task) : taskFlags(task);
  }
  const slot = slotOfAddress(addr & ~1);
  return slot >= 0 ? cellObj(ctx, slot) : undefined;
}

/**
 * Footprints from the listing against the core's: every object the listing touches is in the
 * core's footprint (but the owner's read of its own PF_EXITING, which the core leaves out), with a
 * write where the listing writes. The core may have more: a read the listing skips by returning
 * early (add.load with -EINVAL), and a write on a work whose ghost state (added, cancelled, ran)
 * the step changes, which a listing cannot see. Nothing else.
 */
function compareFootprints(ctx: Ctx, core: Access[], mine: ListingAccess[], where: string): void {
  const coreObjs = new Map<number, boolean>();
  for (const a of core) coreObjs.set(a.obj, (coreObjs.get(a.obj) ?? false) || a.kind !== 'read');
  const myObjs = new Map<number, boolean>();
  for (const a of mine) {
    const o = objOf(ctx, a.addr);
    if (o !== undefined) myObjs.set(o, (myObjs.get(o) ?? false) || a.kind !== 'read');
  }
  for (const [o, w] of myObjs) {
    if (!w && !coreObjs.has(o) && o < ctx.program.tasks.length * 3 && o % 3 === 2) continue; // the owner reading its own PF_EXITING
    assert.ok(coreObjs.has(o), `${where}: the listing touches object ${o}, the core's footprint does not (${JSON.stringify(core)} vs ${JSON.stringify(mine)})`);
    if (w) assert.ok(coreObjs.get(o), `${where}: the listing writes object ${o}, the core only reads it`);
  }
  for (const [o, w] of coreObjs) {
    if (!myObjs.has(o)) assert.ok(!w || o >= ctx.program.tasks.length * 3, `${where}: the core touches object ${o}, the listing does not (${JSON.stringify(core)} vs ${JSON.stringify(mine)})`);
  }
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
