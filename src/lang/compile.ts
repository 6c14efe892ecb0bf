// Assembles the core Program from a checked script: declarations in declaration order, one code
// block per body (in source order), invariants, expectations, schedules and the heap layout.
import type { Program, CodeBlock, ViolationKind, MemoryModel } from '../core/program';
import { Script, BodyDecl } from './ast';
import { Checked } from './checker';
import { compileBody } from './compileBody';
import { NO_HOOKS, lowerExpr, coreExpr } from './lower';

/** Only called when the checker reported no error. */
export function compileScript(file: string, script: Script, c: Checked): Program {
  const blocks: CodeBlock[] = [];
  const blockOf = new Map<BodyDecl, number>();
  const program: Program = {
    file, variant: 'mainline', tasks: [], works: [], funcs: [], threads: [], blocks, setup: -1, final: -1,
    invariants: [], expectations: [], schedules: [], lostWorkAtEnd: false, slots: c.layout.slots,
  };
  for (const d of script.decls) {
    switch (d.kind) {
      case 'callback': case 'thread': case 'setup': case 'final': {
        const info = c.bodies.get(d);
        if (!info || blockOf.has(d)) break;
        const name = d.kind === 'callback' || d.kind === 'thread' ? d.name.text : d.kind;
        blockOf.set(d, blocks.length);
        blocks.push(compileBody(name, d.body, info, d.origin));
        if (d.kind === 'setup' && program.setup < 0) program.setup = blocks.length - 1;
        if (d.kind === 'final' && program.final < 0) program.final = blocks.length - 1;
        break;
      }
      case 'variant': program.variant = d.name.text; program.variantAt = d.name.range; break;
      case 'memory': if (d.name.text === 'lkmm') program.memory = 'lkmm'; break;
      case 'expect':
        program.expectations.push({
          variant: d.variant.text, kinds: [...new Set(d.kinds.map((k) => k.text as ViolationKind))], origin: d.origin,
          ...(d.memory ? { memory: d.memory.text as MemoryModel } : {}),
        });
        break;
      case 'invariant': program.invariants.push({ e: coreExpr(lowerExpr(d.expr, NO_HOOKS)), origin: d.origin }); break;
      case 'schedule': program.schedules.push({ name: d.name.text, text: d.text.value, origin: d.origin }); break;
      case 'option': if (d.name.text === 'lost-work-at-end') program.lostWorkAtEnd = true; break;
      default: break;
    }
  }
  declare(program, c, blockOf);
  return program;
}

/** Tasks, works, callbacks and threads in declaration order (their indices are the Program's). */
function declare(program: Program, c: Checked, blockOf: Map<BodyDecl, number>): void {
  const { globals, declared, layout } = c;
  program.tasks = declared.tasks.map((t) => ({ name: t.name.text, origin: t.origin }));
  program.works = declared.works.map((w, i) => ({
    name: w.name.text,
    func: w.func ? globals.names.get(w.func.text)?.id ?? -1 : -1,
    slot: layout.slot[i] ?? -1,
    allocated: layout.allocated[i] ?? true,
    origin: w.origin,
  }));
  program.funcs = declared.funcs.map((f) => ({ name: f.name.text, block: blockOf.get(f) ?? -1, origin: f.origin }));
  program.threads = declared.threads.map((t, i) => {
    const cpu = c.threadCpus[i] ?? -1;
    return { name: t.name.text, block: blockOf.get(t) ?? -1, current: c.currents[i] ?? -1, ...(cpu >= 0 ? { cpu } : {}), origin: t.origin };
  });
  if (declared.cpus.length === 0) return;
  // Each CPU's irq_work runs as a thread of the CPU's name, after the declared ones: idle (finished)
  // until an irq_work is queued on the CPU, then one step runs it (watchedMemory.ts).
  program.cpus = declared.cpus.map((d, i) => {
    const thread = program.threads.length;
    program.threads.push({ name: d.name.text, block: program.blocks.length, current: -1, irqOf: i, origin: d.origin });
    program.blocks.push({ name: d.name.text, instrs: [], locals: [] });
    return { name: d.name.text, task: c.cpuTasks[i] ?? -1, thread, origin: d.origin };
  });
}
