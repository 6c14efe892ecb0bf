// Whether a listing keeps its works on a circle, as Linux 3.6 did (the head is the newest work,
// whose next is the oldest): one add to an empty list then leaves the work pointing at itself.
// The checks count such an add once and do not report the circle as a cycle (listingOps.ts). A
// file pasted without tw's step labels is recognised by what its add does, not by a label.
import { Listing } from './listingCode';
import { startCall, step, settle, canStep, newResult } from './interp';
import { StateMemory } from './memoryPort';
import { State } from './state';
import { NULL, addressOfSlot } from './program';
import { taskPtr } from './address';

/** An add of one work to one idle task, alone: more steps than this is no add the model knows. */
const PROBE_STEPS = 200;

/** Tried once per listing (ListingOps keeps what it derives from a listing). */
export function isCircularListing(listing: Listing): boolean {
  if (listing.labels.includes('add.append')) return true;
  const work = addressOfSlot(0);
  const s = {
    tasks: [{ taskWorks: NULL, lockHolder: -1, exiting: false, notifyResume: false, notifySignal: false, exited: false }],
    cells: [{ work: 0, last: -1, next: NULL, func: NULL, pprev: NULL }],
  } as unknown as State;
  const mem = new StateMemory(s);
  const host = { callPointer: (): number => 0, warn: (): void => undefined };
  const th = startCall(listing, 'task_work_add', NULL, [taskPtr(0), work, 0]);
  const out = newResult();
  settle(listing, th, 0, mem, host, out);
  for (let i = 0; i < PROBE_STEPS && !th.done; i++) {
    if (!canStep(listing, th, mem)) return false;
    step(listing, th, 0, mem, host, out);
  }
  return th.done && s.cells[0]?.next === work;
}
