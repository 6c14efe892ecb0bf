// The plain-state port of a listing step, watching what the checks need: it names use-after-frees
// and records the list links a step writes (the linearization points of add, cancel and detach).
import { WORK_EXITED, slotOfAddress } from './program';
import { Ctx, touch } from './context';
import { State, StepLabel, opFrame } from './state';
import { MemoryPort, MemoryFor, StateMemory } from './memoryPort';
import type { Order } from './listingCode';
import { fieldOfAddr, workWord, workBase, W_FUNC, W_NEXT, WORK_FIELDS } from './address';

const TASK_WORKS = 0;

/** A successful write of a list link during one step. */
export interface LinkWrite { addr: number; old: number; value: number }

function isLink(addr: number): boolean {
  if (addr < 0) return fieldOfAddr(addr) === TASK_WORKS;
  return workWord(addr) === W_NEXT && slotOfAddress(addr) >= 0;
}

/** The plain-state port, naming use-after-frees and recording the list links a step writes. */
export class WatchedMemory implements MemoryPort {
  mem!: MemoryPort;
  /** The state the current step runs on (the checks name works from it). */
  s!: State;
  /** The links written by the current step: the first `nLinks` records (reused from step to step: no allocation per write). */
  readonly links: LinkWrite[] = [];
  nLinks = 0;
  ctx!: Ctx;
  t = 0;
  label: StepLabel = 'set';
  /** The step is `work->func(work)`: its read of func is the call. */
  calling = false;
  /** What the step's last access read or wrote, and a CAS's outcome (1, 0; -1 for no CAS): the trace shows them. */
  value = 0;
  ok = -1;

  /** The plain state's own words when no `memoryFor` is given (the core's default: pointed at each state without a call through memoryFor). */
  private readonly plain: StateMemory | undefined;

  constructor(private readonly memoryFor?: MemoryFor) {
    this.plain = memoryFor ? undefined : new StateMemory({} as State);
  }

  /** Points the port at state `s` (and at the memory that holds its shared words: the plain state's or the workers' heap). */
  at(s: State): MemoryPort {
    const plain = this.plain;
    if (!plain) { this.s = s; return (this.mem = (this.memoryFor as MemoryFor)(s)); }
    // Only when the state changes (a run steps one state many times): a young state stored into this
    // long-lived port costs a call into V8's write barrier, on every step and every lock check.
    if (this.s !== s) { this.s = s; plain.s = s; this.mem = plain; }
    return plain;
  }

  /** A use-after-free check of the word's cell; the access is named only when there is one (a hot path: no string per access). */
  protected touchCell(addr: number, verb: 'read' | 'write'): void {
    if (addr < 0 || (addr >= WORK_EXITED && addr <= WORK_EXITED + 2)) return;
    const cell = this.s.cells[slotOfAddress(workBase(addr))];
    if (!cell || cell.work >= 0) return;
    const access = verb === 'read' && this.calling && workWord(addr) === W_FUNC ? 'call func' : `${verb} ${this.field(addr)}`;
    touch(this.ctx, this.s, this.t, this.label, workBase(addr), access);
  }

  protected field(addr: number): string { return WORK_FIELDS[workWord(addr)] ?? 'next'; }

  protected wrote(addr: number, old: number, value: number): void {
    if (!isLink(addr)) return;
    const w = this.links[this.nLinks++];
    if (w) { w.addr = addr; w.old = old; w.value = value; } else this.links.push({ addr, old, value });
  }

  load(addr: number, order: Order): number {
    this.touchCell(addr, 'read');
    return (this.value = this.mem.load(addr, order));
  }

  store(addr: number, value: number, order: Order): void {
    this.touchCell(addr, 'write');
    const old = this.mem.load(addr, 'plain');
    this.mem.store(addr, value, order);
    this.wrote(addr, old, value);
    this.value = value;
  }

  cas(addr: number, expected: number, value: number, order: Order): number {
    this.touchCell(addr, 'read'); // a CAS reads first: named as the core names it
    const seen = this.mem.cas(addr, expected, value, order);
    if (seen === expected) this.wrote(addr, seen, value);
    this.ok = seen === expected ? 1 : 0;
    this.value = seen === expected ? value : seen;
    return seen;
  }

  xchg(addr: number, value: number, order: Order): number {
    this.touchCell(addr, 'read');
    const old = this.mem.xchg(addr, value, order);
    this.wrote(addr, old, value);
    return (this.value = old);
  }

  or(addr: number, bits: number, order: Order): number { return this.mem.or(addr, bits, order); }
  and(addr: number, mask: number, order: Order): number { return this.mem.and(addr, mask, order); }
  tryLock(addr: number, thread: number): boolean { return this.mem.tryLock(addr, thread); }
  unlock(addr: number, thread: number): void { this.mem.unlock(addr, thread); }
  isLocked(addr: number): boolean { return this.mem.isLocked(addr); }

  /**
   * irq_work_queue on a declared CPU: the CPU's irq_work thread gets the handler's call to run later
   * (started when it runs: current is the CPU's then). Queued again before it ran, it is already
   * claimed and nothing changes, as the kernel's irq_work_queue returns false.
   */
  irqQueue(cpu: number, fn: number): void {
    const t = this.ctx.program.cpus?.[cpu]?.thread ?? -1;
    const th = this.s.threads[t];
    if (!th || th.frames.some((f) => f.op === 'irq' && f.h === fn)) return;
    const f = opFrame('irq', 'irq.work', -1);
    f.h = fn;
    th.frames.push(f);
    th.done = false;
  }
}

