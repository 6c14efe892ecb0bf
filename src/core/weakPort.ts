// The listing's memory port under `memory lkmm`: values come from the execution graph (a load may
// read an older write), the plain state keeps the coherence-latest value of each word (the picture,
// the final state), and the same watch as under SC names use-after-frees and the list links written.
import { WatchedMemory } from './watchedMemory';
import { WeakMemory } from './weakMemory';
import type { Order } from './listingCode';

export class WeakWatchedMemory extends WatchedMemory {
  weak!: WeakMemory;

  /** Setup runs sequentially consistent, over the plain state (no graph yet). */
  private get sc(): boolean { return this.weak.g === undefined; }

  private begin(): void {
    this.weak.thread = this.t;
    this.weak.label = this.label;
  }

  override load(addr: number, order: Order): number {
    if (this.sc) return super.load(addr, order);
    this.begin();
    this.touchCell(addr, 'read');
    return (this.value = this.weak.load(this.t, addr, order));
  }

  override store(addr: number, value: number, order: Order): void {
    if (this.sc) return super.store(addr, value, order);
    this.begin();
    this.touchCell(addr, 'write');
    const old = this.mem.load(addr, 'plain');
    if (this.weak.store(this.t, addr, value, order)) this.mem.store(addr, value, order);
    this.wrote(addr, old, value);
    this.value = value;
  }

  override cas(addr: number, expected: number, value: number, order: Order): number {
    if (this.sc) return super.cas(addr, expected, value, order);
    this.begin();
    this.touchCell(addr, 'read');
    const r = this.weak.rmw(this.t, addr, order, (old) => ({ write: old === expected, value }));
    const ok = r.old === expected;
    if (ok) { if (r.last) this.mem.store(addr, value, order); this.wrote(addr, r.old, value); }
    this.ok = ok ? 1 : 0;
    this.value = ok ? value : r.old;
    return r.old;
  }

  override xchg(addr: number, value: number, order: Order): number {
    if (this.sc) return super.xchg(addr, value, order);
    this.begin();
    this.touchCell(addr, 'read');
    const r = this.weak.rmw(this.t, addr, order, () => ({ write: true, value }));
    if (r.last) this.mem.store(addr, value, order);
    this.wrote(addr, r.old, value);
    return (this.value = r.old);
  }

  override or(addr: number, bits: number, order: Order): number {
    if (this.sc) return super.or(addr, bits, order);
    return this.bits(addr, order, (old) => old | bits);
  }

  override and(addr: number, mask: number, order: Order): number {
    if (this.sc) return super.and(addr, mask, order);
    return this.bits(addr, order, (old) => old & mask);
  }

  private bits(addr: number, order: Order, f: (old: number) => number): number {
    this.begin();
    const r = this.weak.rmw(this.t, addr, order, (old) => ({ write: true, value: f(old) }));
    if (r.last) this.mem.store(addr, f(r.old), order);
    return r.old;
  }

  override tryLock(addr: number, thread: number): boolean {
    const took = super.tryLock(addr, thread);
    if (took && !this.sc) { this.begin(); this.weak.lock(thread, addr); }
    return took;
  }

  override unlock(addr: number, thread: number): void {
    super.unlock(addr, thread);
    if (!this.sc) { this.begin(); this.weak.unlock(thread, addr); }
  }

  /** smp_mb, smp_rmb, smp_wmb, barrier, smp_mb__*: an event of the graph (the plain state needs none). */
  fence(order: Order, tag = ''): void {
    if (!this.sc) { this.begin(); this.weak.fence(this.t, order, tag); }
  }

  /** raw_spin_unlock_wait (historical listings): an acquire read that finds the lock free (weakMemory.ts). */
  unlockWait(addr: number, thread: number): void {
    if (!this.sc) { this.begin(); this.weak.unlockWait(thread, addr); }
  }
}
