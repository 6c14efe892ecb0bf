// Which .tw statements can be stopped at, line by line: an atomic step starts there. Local-only
// computations and jumps are folded into the step before, setup runs before the threads exist,
// and final runs after them, so breakpoints there are reported as unverified with the reason.
import { Instr, Program, exprReads } from '../core';
import { Machine } from '../core';

export type BlockRole = 'thread' | 'callback' | 'setup' | 'final';

export interface StatementInfo {
  block: number;
  pc: number;
  line: number;
  column: number;
  text: string;
  role: BlockRole;
  /** An atomic step starts here (a thread can be stopped before it). */
  stoppable: boolean;
}

function blockRole(program: Program, block: number): BlockRole {
  if (block === program.setup) return 'setup';
  if (block === program.final) return 'final';
  return program.funcs.some((f) => f.block === block) ? 'callback' : 'thread';
}

function isSilent(m: Machine, instr: Instr): boolean {
  if (instr.op === 'jump') return true;
  if (instr.op !== 'set' && instr.op !== 'jumpIfNot') return false;
  const reads: number[] = [];
  exprReads(m.ctx, instr.e, reads);
  return reads.length === 0;
}

/** Every statement of the program (one per instruction start), in block order. */
function allStatements(m: Machine): StatementInfo[] {
  const out: StatementInfo[] = [];
  m.program.blocks.forEach((b, block) => {
    const role = blockRole(m.program, block);
    b.instrs.forEach((instr, pc) => {
      const r = instr.origin.range;
      const stoppable = (role === 'thread' || role === 'callback') && !isSilent(m, instr);
      out.push({ block, pc, line: r.line, column: r.column, text: instr.origin.text, role, stoppable });
    });
  });
  return out;
}

export class StatementIndex {
  private readonly byLine = new Map<number, StatementInfo[]>();

  constructor(m: Machine) {
    for (const st of allStatements(m)) {
      const list = this.byLine.get(st.line) ?? [];
      if (!list.some((x) => x.column === st.column && x.block === st.block && x.stoppable === st.stoppable)) list.push(st);
      this.byLine.set(st.line, list);
    }
  }

  /** The lines that hold a statement. */
  lines(): Iterable<number> {
    return this.byLine.keys();
  }

  onLine(line: number): StatementInfo[] {
    return this.byLine.get(line) ?? [];
  }

  /** Why a breakpoint on this line can never stop, or null when it can. */
  whyNot(line: number, column?: number): string | null {
    const all = this.onLine(line).filter((s) => column === undefined || s.column === column);
    if (all.some((s) => s.stoppable)) return null;
    if (all.length === 0) return `no statement starts on line ${line}${column !== undefined ? ` at column ${column}` : ''}`;
    if (all.every((s) => s.role === 'setup')) return 'setup {} runs to completion before the threads start: it cannot be stopped in';
    if (all.every((s) => s.role === 'final')) return 'final {} is checked once every thread has finished: it cannot be stopped in';
    return `line ${line} only computes on locals: that is folded into the step before it, so no thread stops here`;
  }

  /** Distinct columns of the stoppable statements on a line, for breakpointLocations. */
  columns(line: number): number[] {
    return [...new Set(this.onLine(line).filter((s) => s.stoppable).map((s) => s.column))].sort((a, b) => a - b);
  }
}
