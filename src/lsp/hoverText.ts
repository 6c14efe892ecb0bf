// One-line explanations for hovers in .tw files: the kernel API, TWA_* modes, constants, fields,
// step labels, variants, violation kinds, and the declared names of the scenario. Pure (no 'vscode').
import { VARIANTS } from '../core/variants';
import { HISTORY_VARIANTS, historySummary } from '../model';
import { ScenarioIndex, ScenarioSymbol, resolveAt, tokenAt } from './scenarioIndex';

const API: Record<string, string> = {
  task_work_add: '`task_work_add(task, work, mode)`: push `work` at the head of `task->task_works` with a lock-free CAS (add.load, add.check, add.link, add.cas, add.notify); returns 0, `-ESRCH` once the task has exited, or `-EINVAL` for TWA_NMI_CURRENT on another task.',
  task_work_cancel_func: '`task_work_cancel_func(task, func)`: unlink the newest pending work whose func is `func`, walking the list under `pi_lock`; returns that work or NULL.',
  task_work_cancel: '`task_work_cancel(task, work)`: unlink this very work (by identity) if it is still pending; returns true or false.',
  task_work_cancel_match: '`task_work_cancel_match(task, (cb) => pred)`: unlink the newest pending work for which the predicate holds; returns it or NULL.',
  task_work_run: '`task_work_run()`: detach the whole list with one CAS, wait out any canceller (pi_lock lock + unlock), then call each func, reading `next` before the call; repeat until the list stays empty.',
  do_exit: '`do_exit()`: set PF_EXITING, then `exit_task_work()`, a final task_work_run that installs `&work_exited` so that later adds fail with -ESRCH.',
  resume_user_mode_work: '`resume_user_mode_work()`: the return-to-user path: clear TIF_NOTIFY_RESUME, then run the works if any are pending.',
  free: '`free(work)`: kfree the work; any later access to it (read next, CAS, call func) is a use-after-free.',
  alloc: '`alloc(work)`: allocate a work declared `at` another one, at that (freed) address: address reuse, the setup of an ABA.',
  context_switch: '`context_switch(CPU, TASK)`: the CPU switches to TASK (its `__schedule()`): from this step on, an `on(CPU)` thread and the CPU\'s irq_work see TASK as current.',
  wait_until: '`wait_until(cond)`: block this thread until the condition holds (a wait_event: it sleeps, it does not spin).',
  assert: '`assert(cond)`: an `assertion` violation if the condition is false when this statement runs.',
  task_work_pending: '`task_work_pending(task)`: true while `task->task_works` is not NULL (true for `&work_exited` too).',
  held: '`held(T.pi_lock)`: true while some thread holds the task\'s pi_lock.',
  exiting: '`exiting(task)`: PF_EXITING is set (do_exit has started).',
  notify_resume: '`notify_resume(task)`: TIF_NOTIFY_RESUME is set.',
  notify_signal: '`notify_signal(task)`: TIF_NOTIFY_SIGNAL is set.',
  runs: '`runs(work)`: how many times the work\'s func has been called.',
  adds: '`adds(work)`: how many times task_work_add returned 0 for the work.',
  cancels: '`cancels(work)`: how many times a cancel returned the work.',
  freed: '`freed(work)`: the work has been freed.',
  queued: '`queued(work)`: the work is pending on a list or in a batch detached by task_work_run.',
};

const MODES: Record<string, string> = {
  TWA_NONE: '`TWA_NONE`: queue only, no notification; the work runs at the task\'s next task_work_run.',
  TWA_RESUME: '`TWA_RESUME`: set TIF_NOTIFY_RESUME; the task runs its works on its next return to user mode.',
  TWA_SIGNAL: '`TWA_SIGNAL`: set TIF_NOTIFY_SIGNAL and kick the task like a signal, so it runs its works soon.',
  TWA_SIGNAL_NO_IPI: '`TWA_SIGNAL_NO_IPI`: set TIF_NOTIFY_SIGNAL without the IPI; the works run at the task\'s next kernel exit.',
  TWA_NMI_CURRENT: '`TWA_NMI_CURRENT`: from NMI context, on current only (another task gets -EINVAL); sets TIF_NOTIFY_RESUME.',
};

const WORDS: Record<string, string> = {
  NULL: '`NULL`: the empty list, no work.',
  ESRCH: '`-ESRCH`: task_work_add\'s answer once the task has exited (its list holds `&work_exited`).',
  EINVAL: '`-EINVAL`: task_work_add with TWA_NMI_CURRENT on a task that is not current.',
  work_exited: '`&work_exited`: the sentinel the exit run installs (a static callback_head with NULL next and func); every later add fails with -ESRCH.',
  true: '`true`: 1.',
  false: '`false`: 0.',
  current: '`thread X current(T)`: the thread runs as task T itself, so it may call task_work_run, do_exit and resume_user_mode_work. In a `thread X on(CPU)`, `current` as a task_work_* call\'s task is whatever task the CPU runs when the call starts.',
  on: '`thread X on(CPU)`: an interrupt (NMI) context on CPU: `current` is the task the CPU runs when each call starts, and an irq_work it queues runs later as the CPU\'s own step.',
  cpu: '`cpu NAME = TASK;`: a CPU that runs TASK first; `context_switch(NAME, U)` switches it, and its irq_work runs as a thread named NAME.',
  at: '`work C = fc at A;`: C is allocated (`alloc(C)`) at A\'s address once A is freed: address reuse, for ABA.',
  task_works: '`T.task_works`: the list head: NULL, the newest pending work, or `&work_exited`.',
  pi_lock: '`T.pi_lock`: the raw spinlock cancel holds while walking the list, and run takes and drops after detaching.',
  next: '`A.next`: the callback_head\'s link to the next older work.',
  func: '`A.func`: the callback the work runs.',
  ok: '`ok`: no violation on any interleaving.',
};

const STEPS: Record<string, string> = {
  'add.load': 'h = READ_ONCE(task->task_works), once before the loop',
  'add.check': 'if h == &work_exited: return -ESRCH',
  'add.link': 'work->next = h (a plain store into the not-yet-published node)',
  'add.cas': 'try_cmpxchg(&task->task_works, &h, work); on failure h = the value seen, back to add.check',
  'add.notify': 'set the notify flag of the mode (TIF_NOTIFY_RESUME / TIF_NOTIFY_SIGNAL)',
  'cancel.peek': 'if READ_ONCE(task->task_works) == NULL: return NULL (lockless fast path)',
  'cancel.lock': 'raw_spin_lock_irqsave(&task->pi_lock): spins while another thread holds it',
  'cancel.load': 'pprev = &task->task_works; work = READ_ONCE(*pprev)',
  'cancel.match': 'does this work match? if not, cancel.step',
  'cancel.step': 'pprev = &work->next; work = READ_ONCE(*pprev)',
  'cancel.cas': 'try_cmpxchg(pprev, &work, work->next): unlink; on failure re-examine (only possible at the head)',
  'cancel.unlock': 'raw_spin_unlock_irqrestore(&task->pi_lock); return the unlinked work or NULL',
  'run.load': 'work = READ_ONCE(task->task_works)',
  'run.check': 'if the list is empty: install &work_exited when PF_EXITING, else return',
  'run.cas': 'try_cmpxchg(&task->task_works, &work, head): detach the whole list',
  'run.xchg': 'xchg(&task->task_works, head): detach unconditionally (xchg-run variant)',
  'run.store': 'a plain store of head after the load (store-detach variant)',
  'run.lock': 'raw_spin_lock_irq(&task->pi_lock): waits out a canceller still walking the detached chain',
  'run.unlock': 'raw_spin_unlock_irq(&task->pi_lock)',
  'run.next': 'next = work->next, read BEFORE the call (the callback may free work)',
  'run.call': 'work->func(work): the callback\'s statements run as steps of this thread',
  'run.exited': 'the sentinel was installed: nothing will run this task\'s works again',
  'exit.flag': 'do_exit sets PF_EXITING',
  'sched.switch': 'context_switch(CPU, TASK): the CPU runs TASK from now on',
  'irq.work': 'the CPU runs its pending irq_work (the handler, with the task the CPU runs now as current)',
  'irq.notify': 'the irq_work handler sets TIF_NOTIFY_RESUME on current: whatever task the CPU runs when it comes (v6.11)',
  'resume.clear': 'clear TIF_NOTIFY_RESUME',
  'resume.check': 'if task_work_pending(current): task_work_run()',
};

const KINDS: Record<string, string> = {
  'use-after-free': 'a read, write or call on a freed work',
  'run-after-cancel': 'a work\'s func was called after a cancel returned that work',
  'double-run': 'a work\'s func was called more often than it was added',
  'double-add': 'a work was added while still pending or in a detached batch (builds a cycle)',
  'null-func-call': 'a callback through the sentinel (run after exit)',
  'list-cycle': 'the list reachable from the head is cyclic',
  deadlock: 'every unfinished thread is blocked',
  'step-limit': 'a step bound was hit (likely a livelock)',
  assertion: 'a scenario assertion or invariant failed',
  'lost-work': 'a work whose add returned 0 was neither run nor cancelled, and nothing will run it',
  'data-race': 'under memory lkmm: two conflicting accesses, at least one plain, that nothing orders',
};

const SYMBOL_WORD: Record<ScenarioSymbol['kind'], string> = {
  task: 'task (a task_struct: task_works, pi_lock, PF_EXITING, notify flags)',
  work: 'work (a struct callback_head)', callback: 'callback',
  cpu: 'CPU (it runs one task at a time; context_switch changes which; its irq_work runs as a thread of its name)', thread: 'thread',
  schedule: 'named schedule', local: 'local variable', param: 'the callback_head this callback was called with',
};

export interface HoverText {
  markdown: string;
  line: number;
  /** 1-based columns, end exclusive. */
  start: number;
  end: number;
}

function fixed(lineText: string, line: number, column: number): HoverText | null {
  const step = tokenAt(lineText, column, /[a-z]+\.[a-z]+/);
  if (step && STEPS[step.text]) return { markdown: `step \`${step.text}\`: ${STEPS[step.text]}`, line, ...step };
  const dashed = tokenAt(lineText, column, /[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)+/);
  if (dashed) {
    const variant = VARIANTS.find((v) => v.name === dashed.text);
    if (variant) return { markdown: `variant \`${variant.name}\`: ${variant.summary}`, line, ...dashed };
    const kind = KINDS[dashed.text];
    if (kind) return { markdown: `violation \`${dashed.text}\`: ${kind}`, line, ...dashed };
  }
  const release = tokenAt(lineText, column, /\bv\d+\.\d+(?:-dev)?/);
  if (release && HISTORY_VARIANTS.includes(release.text)) return { markdown: `kernel release \`${release.text}\` (listings/history/${release.text}.c): ${historySummary(release.text)}`, line, ...release };
  const word = tokenAt(lineText, column, /[A-Za-z_][A-Za-z0-9_]*/);
  if (!word) return null;
  const text = API[word.text] ?? MODES[word.text] ?? (Object.hasOwn(WORDS, word.text) ? WORDS[word.text] : undefined);
  if (text) return { markdown: text, line, ...word };
  if (word.text === 'mainline') {
    const v = VARIANTS[0];
    return v ? { markdown: `variant \`mainline\`: ${v.summary}`, line, ...word } : null;
  }
  const kind = KINDS[word.text];
  return kind ? { markdown: `violation \`${word.text}\`: ${kind}`, line, ...word } : null;
}

/** The hover for a 1-based (line, column), or null. Declared names win over the fixed vocabulary. */
export function hoverAt(index: ScenarioIndex, lineText: string, line: number, column: number): HoverText | null {
  const sym = resolveAt(index, lineText, line, column);
  const word = tokenAt(lineText, column, /[A-Za-z_][A-Za-z0-9_]*/);
  const isDecl = sym && word && !API[word.text] && !MODES[word.text];
  if (sym && word && isDecl) {
    const where = `declared at ${sym.range.line}:${sym.range.column}`;
    const markdown = `\`\`\`tw\n${sym.declText}\n\`\`\`\n${SYMBOL_WORD[sym.kind]} \`${sym.name}\`, ${where}`;
    return { markdown, line, start: word.start, end: word.end };
  }
  return fixed(lineText, line, column);
}

/** Hovers in a model listing: only the step labels (`// add.cas`) mean something of ours there. */
export function stepHoverAt(lineText: string, line: number, column: number): HoverText | null {
  const step = tokenAt(lineText, column, /[a-z]+\.[a-z]+/);
  return step && STEPS[step.text] ? { markdown: `step \`${step.text}\`: ${STEPS[step.text]}`, line, ...step } : null;
}

/** For tests and the grammar check: every word with a fixed explanation. */
export const HOVER_WORDS: readonly string[] = [...Object.keys(API), ...Object.keys(MODES)];

/** The one-line explanation of an API call, TWA_* mode, step label or violation kind, for completions. */
export function explain(word: string): string | undefined {
  return API[word] ?? MODES[word] ?? (Object.hasOwn(STEPS, word) ? `step \`${word}\`: ${STEPS[word]}` : undefined)
    ?? (Object.hasOwn(KINDS, word) ? `violation \`${word}\`: ${KINDS[word]}` : undefined);
}
