// The footprint of a thread's next step, from the listing itself: the step is run on a copy of the
// thread against a recording port that buffers its writes, so nothing changes, and every shared
// access it would make is listed (address and kind). The explorer's dependencies can come from here.
import { MemoryPort } from './memoryPort';
import type { Order } from './listingCode';
import { Listing } from './listingCode';
import { MThread, InterpHost, step, newResult } from './interp';

import type { AccessKind } from './footprint';
export interface ListingAccess { addr: number; kind: AccessKind }

/** Reads through to the real port (or this step's own earlier writes); writes only into a buffer. */
class RecordingPort implements MemoryPort {
  readonly log: ListingAccess[] = [];
  private readonly written = new Map<number, number>();
  constructor(private readonly real: MemoryPort) {}
  private rec(addr: number, kind: AccessKind): void { this.log.push({ addr, kind }); }
  private peek(addr: number, order: Order): number { return this.written.get(addr) ?? this.real.load(addr, order); }
  load(addr: number, order: Order): number { this.rec(addr, 'read'); return this.peek(addr, order); }
  store(addr: number, value: number): void { this.rec(addr, 'write'); this.written.set(addr, value); }
  cas(addr: number, expected: number, value: number, order: Order): number {
    this.rec(addr, 'cas');
    const seen = this.peek(addr, order);
    if (seen === expected) this.written.set(addr, value);
    return seen;
  }
  xchg(addr: number, value: number, order: Order): number { this.rec(addr, 'cas'); const old = this.peek(addr, order); this.written.set(addr, value); return old; }
  or(addr: number, bits: number, order: Order): number { this.rec(addr, 'write'); const old = this.peek(addr, order); this.written.set(addr, old | bits); return old; }
  and(addr: number, mask: number, order: Order): number { this.rec(addr, 'write'); const old = this.peek(addr, order); this.written.set(addr, old & mask); return old; }
  tryLock(addr: number): boolean { this.rec(addr, 'lock'); return !this.real.isLocked(addr); }
  unlock(addr: number): void { this.rec(addr, 'lock'); }
  isLocked(addr: number): boolean { return this.real.isLocked(addr); }
}

/** The shared accesses thread `th`'s next step would make, without making them. */
export function stepAccesses(listing: Listing, th: MThread, tid: number, port: MemoryPort, host: InterpHost): ListingAccess[] {
  const copy: MThread = { done: th.done, ret: th.ret, frames: th.frames.map((f) => ({ fn: f.fn, pc: f.pc, dst: f.dst, slots: f.slots.slice() })) };
  const rec = new RecordingPort(port);
  const r = step(listing, copy, tid, rec, { callPointer: (v, args) => host.callPointer(v, args, rec), warn: () => undefined }, newResult());
  if (r.callback) rec.log.push({ addr: r.callback.work + 1, kind: 'write' }); // the call: the callback may write anything of its work
  return rec.log;
}
