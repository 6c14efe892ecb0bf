// CPUs in a scenario: `cpu NAME = TASK;`, `thread NAME on(CPU)`, `context_switch(CPU, TASK)` and
// `current` as an operation's task; what they compile to, how the machine runs them (a switch is a
// step, an irq_work queued on a CPU runs later as the CPU's own step) and the misuse diagnostics.
import * as assert from 'node:assert/strict';
import { compileSource } from '../../src/lang';
import { Machine, run } from '../../src/core';
import { historyVariant } from '../../src/model';
import { PRELUDE, parses } from './helpers';
import { threadsOf } from '../unit/helpers';

const NMI = `${PRELUDE}\ncpu CPU0 = T;\nthread nmi on(CPU0) { task_work_add(current, A, TWA_NMI_CURRENT); }\nthread sched { context_switch(CPU0, U); }\n`;

function messages(src: string): string[] {
  return compileSource('t.tw', src).diagnostics.map((d) => `${d.range.line}:${d.range.column} ${d.code} ${d.message}`);
}

describe('lang: CPUs, context switches and irq_work', () => {
  it('compiles a CPU into its first task and a thread of its name after the declared ones; an on(CPU) thread keeps its CPU', () => {
    const p = parses(NMI);
    assert.deepEqual(p.cpus?.map((c) => [c.name, c.task, c.thread]), [['CPU0', 0, 2]]);
    assert.deepEqual(p.threads.map((t) => [t.name, t.cpu, t.irqOf]), [['nmi', 0, undefined], ['sched', undefined, undefined], ['CPU0', undefined, 0]]);
    const add = p.blocks[p.threads[0]!.block]!.instrs[0]!;
    assert.equal(add.op === 'add' && add.task, -1, "'current' in an on(CPU) thread: the CPU's task when the call starts");
    assert.deepEqual(p.blocks[p.threads[1]!.block]!.instrs.map((i) => i.op === 'switch' && [i.cpu, i.task]), [[0, 1]]);
  });

  it('runs the switch as a step and the irq_work as the CPU\'s own later step, with the current of that moment (v6.11 flags U)', () => {
    const p = parses(NMI);
    const v611 = historyVariant('v6.11')!.variant!;
    const r = run(new Machine(p, v611), { prefix: threadsOf(p, 'nmi*5 sched CPU0') });
    const labels = r.steps.map((x) => `${p.threads[x.event.thread]?.name}:${x.event.label}`);
    assert.deepEqual(labels.slice(4, 7), ['nmi:add.notify', 'sched:sched.switch', 'CPU0:irq.notify']);
    assert.deepEqual([r.state.tasks[0]?.notifyResume, r.state.tasks[1]?.notifyResume, r.state.cpus], [false, true, [1]]);
    const before = run(new Machine(p, v611), { prefix: threadsOf(p, 'nmi*5 CPU0 sched') });
    assert.deepEqual([before.state.tasks[0]?.notifyResume, before.state.tasks[1]?.notifyResume], [true, false], 'the irq_work before the switch flags T');
    const after = run(new Machine(p, v611), { prefix: threadsOf(p, 'sched nmi*5 CPU0') });
    assert.equal(after.state.tasks[1]?.taskWorks !== 0, true, 'an NMI after the switch queues on U, its current then');
  });

  it('diagnoses misuse with file:line:column', () => {
    const m = messages(`${PRELUDE}\ncpu CPU0 = A;\ncpu C1 = X;\nthread a on(T) { }\nthread b on(C2) { }\nthread CPU0 { }\nthread c on(C1) { task_work_run(); if (notify_resume(current)) { } }\nthread d { task_work_add(current, A, TWA_RESUME); context_switch(T, U); }\n`);
    const has = (re: RegExp): void => assert.ok(m.some((x) => re.test(x)), `${re} in\n${m.join('\n')}`);
    has(/^2:12 TW203 a CPU runs a task, but 'A' is a work/);
    has(/^3:10 TW201 unknown task 'X'/);
    has(/^4:13 TW203 on\(\.\.\.\) needs a CPU, but 'T' is a task \(a task's own thread is 'current\(T\)'\)/);
    has(/^5:13 TW201 unknown CPU 'C2'/);
    has(/^2:5 TW202 duplicate thread name 'CPU0': a CPU's irq_work runs as a thread of its name/);
    has(/^7:19 TW209 task_work_run\(\) cannot be called from an 'on\(CPU\)' thread/);
    has(/^7:54 TW209 'current' is no task here: in an on\(CPU\) thread it names a task only in task_work_\* calls/);
    has(/^8:26 TW209 'current' is no task here: only a thread declared 'current\(TASK\)' or 'on\(CPU\)' has one/);
    has(/^8:66 TW203 expected a CPU name, found task 'T'/);
    assert.deepEqual(messages(`${PRELUDE}\ncpu CPU0 T;\nthread t { }\n`).map((x) => x.split(' ').slice(0, 2).join(' ')), ['2:10 TW101']);
  });
});
