// The instruction emitter of one function: slots, the flat code array, and the atomicity rule —
// each shared access or lock operation starts an atomic step, local-only code folds into the step
// before. A line named by a `tw:` comment is one atomic step whatever it holds (so today's one-line
// steps keep their names and their atomicity); name only lines that the kernel does atomically.
import { MInstr, MOp, MSlot, LocalFn, Order, SHARED_OPS, SlotKind } from './listing';
import { constFn } from './localFn';

const ZERO: LocalFn = constFn(0);

export class Emitter {
  readonly slots: MSlot[] = [{ name: 'current', kind: 'task', temp: false }];
  readonly code: MInstr[] = [];
  /** Per compiler temporary: the pcs strictly between `from` and `to` are where it may hold a live value. */
  readonly tempRanges = new Map<number, { from: number; to: number }>();
  private namedLine = -1;
  private accessCount = new Map<number, number>();

  constructor(readonly fnName: string, private readonly labels: ReadonlyMap<number, string>, private readonly stepLabels: string[]) {}

  slot(name: string, kind: SlotKind, temp = false): number {
    this.slots.push({ name, kind, temp });
    return this.slots.length - 1;
  }

  temp(kind: SlotKind = 'int'): number { return this.slot(`$t${this.slots.length}`, kind, true); }

  get pc(): number { return this.code.length; }

  /** Where the lowering of a statement or a condition begins: its temporaries are created after this. */
  mark(): { pc: number; slots: number } { return { pc: this.pc, slots: this.slots.length }; }

  /**
   * The temporaries created since `m` are read only by the code emitted since (each is written before
   * it is read, within one evaluation): outside (m.pc, pc) they are dead.
   */
  closeTemps(m: { pc: number; slots: number }): void {
    for (let i = m.slots; i < this.slots.length; i++) {
      if (this.slots[i]?.temp && !this.tempRanges.has(i)) this.tempRanges.set(i, { from: m.pc, to: this.pc });
    }
  }

  emit(op: MOp, line: number, column: number, fields: Partial<MInstr> = {}): MInstr {
    const instr: MInstr = {
      op, dst: -1, ok: -1, addr: ZERO, a: ZERO, b: ZERO, args: [], target: -1, join: -2, order: 'plain',
      step: false, label: '', line, column, what: '', ...fields,
    };
    const named = this.labels.get(line);
    const blocking = op === 'lock' || op === 'unlockWait';
    if (named !== undefined && named.startsWith('+') && !blocking) {
      // A continuation line: its accesses fold into the step control arrives from.
    } else if (named !== undefined && this.namedLine !== line) {
      // A named line is one atomic step, started by its first instruction.
      this.namedLine = line;
      this.start(instr, named);
    } else if (named !== undefined && !blocking) {
      // Folds into the named step (a lock can only be taken at the start of a step: it may spin).
    } else if (SHARED_OPS.has(op)) this.start(instr, named !== undefined ? `${named}#lock` : this.derived(instr));
    this.code.push(instr);
    return instr;
  }

  /** A named line that compiled to no instruction still is its step (a do-nothing one). */
  ensureNamed(line: number, column: number): void {
    if (this.labels.has(line) && this.namedLine !== line) this.emit('set', line, column, { dst: -1 });
  }

  /** A jump target inside a named line must not merge two of its steps: a later emit on it is not "first". */
  leaveLine(): void { this.namedLine = -1; }

  private start(instr: MInstr, label: string): void {
    instr.step = true;
    instr.label = label;
    if (!this.stepLabels.includes(label)) this.stepLabels.push(label);
  }

  /** `task_work_add.cas:12`, with `#2` for a second access of the same kind on a line. */
  private derived(instr: MInstr): string {
    const key = instr.line * 16 + SHARED_ORDER.indexOf(instr.op);
    const n = (this.accessCount.get(key) ?? 0) + 1;
    this.accessCount.set(key, n);
    return `${this.fnName}.${instr.op}:${instr.line}${n > 1 ? `#${n}` : ''}`;
  }
}

const SHARED_ORDER: readonly MOp[] = ['load', 'store', 'cas', 'xchg', 'or', 'andnot', 'lock', 'unlock', 'unlockWait', 'callback'];

export function orderOf(suffix: string): Order {
  if (suffix.endsWith('_relaxed')) return 'relaxed';
  if (suffix.endsWith('_acquire')) return 'acquire';
  if (suffix.endsWith('_release')) return 'release';
  return 'full';
}
