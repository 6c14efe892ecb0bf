// Scenarios for the worker-backend tests: S1 built by hand (so these tests do not depend on the
// language), and the examples compiled from examples/*.tw.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Program, Origin, Instr, CodeBlock } from '../../src/core';
import { compileSource } from '../../src/lang';

const origin = (text: string, line = 1): Origin => ({ text, range: { line, column: 1, endLine: line, endColumn: 1 + text.length } });
const block = (name: string, instrs: Instr[], locals: CodeBlock['locals'] = []): CodeBlock => ({ name, instrs, locals });

/**
 * S1: task T; works A(fa), B(fb); setup adds A then B (list B -> A); canceller:
 * w = task_work_cancel_func(T, fa); if (w == A) free(A); owner current(T): task_work_run();
 * final: assert(runs(A) + cancels(A) == 1).
 */
export function handS1(): Program {
  const A = { k: 'work', id: 0 } as const;
  return {
    file: 's1-by-hand', variant: 'mainline',
    tasks: [{ name: 'T', origin: origin('task T;') }],
    works: [
      { name: 'A', func: 0, slot: 0, allocated: true, origin: origin('work A = fa;') },
      { name: 'B', func: 1, slot: 1, allocated: true, origin: origin('work B = fb;') },
    ],
    funcs: [{ name: 'fa', block: 0, origin: origin('callback fa') }, { name: 'fb', block: 1, origin: origin('callback fb') }],
    threads: [
      { name: 'canceller', block: 3, current: -1, origin: origin('thread canceller') },
      { name: 'owner', block: 4, current: 0, origin: origin('thread owner current(T)') },
    ],
    blocks: [
      block('fa', []),
      block('fb', []),
      block('setup', [
        { op: 'add', task: 0, work: A, mode: 'TWA_RESUME', origin: origin('task_work_add(T, A, TWA_RESUME);', 2) },
        { op: 'add', task: 0, work: { k: 'work', id: 1 }, mode: 'TWA_RESUME', origin: origin('task_work_add(T, B, TWA_RESUME);', 3) },
      ]),
      block('canceller', [
        { op: 'cancel_func', task: 0, func: 0, dst: 0, origin: origin('let w = task_work_cancel_func(T, fa);', 5) },
        { op: 'jumpIfNot', e: { k: 'binary', op: '==', l: { k: 'local', slot: 0, name: 'w' }, r: A }, target: 3, origin: origin('if (w == A)', 6) },
        { op: 'free', work: A, origin: origin('free(A);', 7) },
      ], [{ name: 'w', type: 'work' }]),
      block('owner', [{ op: 'run', origin: origin('task_work_run();', 9) }]),
      block('final', [{
        op: 'assert',
        e: { k: 'binary', op: '==', l: { k: 'binary', op: '+', l: { k: 'builtin', fn: 'runs', arg: A }, r: { k: 'builtin', fn: 'cancels', arg: A } }, r: { k: 'int', v: 1 } },
        origin: origin('assert(runs(A) + cancels(A) == 1);', 11),
      }]),
    ],
    setup: 2, final: 5, invariants: [], expectations: [], schedules: [], lostWorkAtEnd: false, slots: 2,
  };
}

/** S1 plus a thread `poller` that spins `while (task_work_pending(T)) { }`: exercises the loop bound. */
export function handSpin(): Program {
  const p = handS1();
  const loop = p.blocks.length;
  p.blocks.push(block('poller', [
    { op: 'jumpIfNot', e: { k: 'builtin', fn: 'task_work_pending', task: 0 }, target: 2, origin: origin('while (task_work_pending(T))', 13) },
    { op: 'jump', target: 0, counter: 0, origin: origin('}', 14) }, // a while's back edge counts its iterations in a hidden local
  ], [{ name: '%loop1', type: 'int' }]));
  p.threads.push({ name: 'poller', block: loop, current: -1, origin: origin('thread poller', 12) });
  p.file = 'spin-by-hand';
  return p;
}

export const S1_WITNESS = 'canceller*5 owner*5 canceller*4 owner*4';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/** Every example that compiles, by file name. */
export function examplePrograms(): { name: string; program: Program }[] {
  const out: { name: string; program: Program }[] = [];
  for (const f of readdirSync(EXAMPLES).filter((x) => x.endsWith('.tw')).sort()) {
    const r = compileSource(f, readFileSync(path.join(EXAMPLES, f), 'utf8'));
    if (r.program) out.push({ name: f, program: r.program });
  }
  return out;
}

/** Thread indices of a schedule text (unknown names are an error in the test itself). */
export function scheduleIndices(p: Program, text: string): number[] {
  return text.split(/[\s,]+/).filter(Boolean).flatMap((tok) => {
    const [name, count] = tok.split('*');
    const t = p.threads.findIndex((th) => th.name === name);
    if (t < 0) throw new Error(`no thread ${name}`);
    return new Array<number>(Number(count ?? 1)).fill(t);
  });
}
