// The one table the model listings are generated from: our own pseudo-C of task_work_add, cancel,
// run, do_exit and resume_user_mode_work as the core executes them, one line per atomic step.
// Variant flags pick the lines, so a listing can never show a step its variant does not take.
import type { StepLabel, Variant } from '../../core';

/** The listing functions; a frame's top line lives in one of them. */
export type ListingFn = 'task_work_add' | 'task_work_cancel_match' | 'task_work_run' | 'do_exit' | 'resume_user_mode_work';

export interface ListingRow {
  /** Code text, without the label comment. */
  text: string;
  /** A short remark appended after the label. */
  note?: string;
  /** The atomic step this line is (the label is appended as a comment). */
  label?: StepLabel;
  /** The line where the function calls task_work_run() (the caller frame of a run inside exit/resume). */
  callsRun?: boolean;
  /** Only in variants where this holds. */
  when?: (v: Variant) => boolean;
}

export interface ListingFunction {
  fn: ListingFn;
  /** A comment line shown above the function. */
  doc: string;
  rows: ListingRow[];
}

const locks = (v: Variant): boolean => v.cancelLocks;
const noLocks = (v: Variant): boolean => !v.cancelLocks;
const pair = (v: Variant): boolean => v.runLockPair;

const ADD: ListingFunction = {
  fn: 'task_work_add',
  doc: 'Lock-free push at the head; the work is pending from the successful add.cas on.',
  rows: [
    { text: 'int task_work_add(struct task_struct *task, struct callback_head *work, int mode)' },
    { text: '{' },
    { text: '    struct callback_head *h;' },
    { text: '    if (mode == TWA_NMI_CURRENT && task != current) return -EINVAL; h = READ_ONCE(task->task_works);', label: 'add.load' },
    { text: '  retry:' },
    { text: '    if (h == &work_exited) return -ESRCH;', note: 'the task has exited', label: 'add.check', when: (v) => v.sentinel },
    { text: '    (void)h;', note: 'no work_exited in this variant: add never fails', label: 'add.check', when: (v) => !v.sentinel },
    { text: '    work->next = h;', note: 'not published yet', label: 'add.link' },
    { text: '    if (!try_cmpxchg(&task->task_works, &h, work)) goto retry;', note: 'h = the head seen', label: 'add.cas' },
    { text: '    set_notify(task, mode);', note: 'RESUME: TIF_NOTIFY_RESUME; SIGNAL*: TIF_NOTIFY_SIGNAL', label: 'add.notify' },
    { text: '    return 0;' },
    { text: '}' },
  ],
};

const CANCEL: ListingFunction = {
  fn: 'task_work_cancel_match',
  doc: 'Also task_work_cancel_func (match by func) and task_work_cancel (match by node).',
  rows: [
    { text: 'struct callback_head *task_work_cancel_match(struct task_struct *task, bool (*match)(struct callback_head *, void *), void *data)' },
    { text: '{' },
    { text: '    struct callback_head **pprev, *work, *next;' },
    { text: '    if (READ_ONCE(task->task_works) == NULL) return NULL;', note: 'lockless fast path', label: 'cancel.peek' },
    { text: '    raw_spin_lock_irqsave(&task->pi_lock, flags);', note: 'spins while held', label: 'cancel.lock', when: locks },
    { text: '    /* cancel-without-lock: the walk below runs without pi_lock */', when: noLocks },
    { text: '    pprev = &task->task_works; work = READ_ONCE(*pprev);', label: 'cancel.load' },
    { text: '    while (work != NULL) {' },
    { text: '        if (!match(work, data)) {', label: 'cancel.match' },
    { text: '            pprev = &work->next; work = READ_ONCE(*pprev);', label: 'cancel.step' },
    { text: '            continue;' },
    { text: '        }' },
    // The CAS's new value is a load of its own: it belongs to the step of the match (a `+` label).
    { text: `${'        next = READ_ONCE(work->next);'.padEnd(68)} // +cancel.match: read before the CAS, as the kernel's try_cmpxchg(pprev, &work, work->next) does` },
    { text: '        if (try_cmpxchg(pprev, &work, next)) break;', note: 'failure: work = value seen, re-examine', label: 'cancel.cas', when: (v) => v.cancelRetries },
    { text: '        if (!try_cmpxchg(pprev, &work, next)) work = NULL; break;', note: 'a failure gives up', label: 'cancel.cas', when: (v) => !v.cancelRetries },
    { text: '    }' },
    { text: '    raw_spin_unlock_irqrestore(&task->pi_lock, flags);', label: 'cancel.unlock', when: locks },
    { text: '    return work;' },
    { text: '}' },
  ],
};

const RUN: ListingFunction = {
  fn: 'task_work_run',
  doc: 'Only the owner task runs it (as current); it detaches the whole list, then calls each work.',
  rows: [
    { text: 'void task_work_run(void)' },
    { text: '{' },
    { text: '    struct task_struct *task = current;' },
    { text: '    struct callback_head *work, *head, *next;' },
    { text: '    int exiting;', when: (v) => !v.sentinelOnlyWhenEmpty },
    { text: '  again:' },
    { text: '    work = READ_ONCE(task->task_works);', label: 'run.load' },
    { text: '  retry:' },
    { text: '    head = NULL; if (work == NULL) { if (!(task->flags & PF_EXITING)) return; head = &work_exited; }', label: 'run.check', when: (v) => v.sentinel && v.sentinelOnlyWhenEmpty },
    { text: '    head = NULL; exiting = task->flags & PF_EXITING; if (work == NULL) { if (!exiting) return; head = &work_exited; }', label: 'run.check', when: (v) => v.sentinel && !v.sentinelOnlyWhenEmpty },
    { text: '    head = NULL; if (work == NULL) return;', note: 'no work_exited in this variant', label: 'run.check', when: (v) => !v.sentinel },
    { text: '    if (!try_cmpxchg(&task->task_works, &work, head)) goto retry; if (work == NULL) return;', label: 'run.cas', when: (v) => v.detach === 'cas' },
    { text: '    work = xchg(&task->task_works, head); if (work == NULL) return;', note: 'unconditional', label: 'run.xchg', when: (v) => v.detach === 'xchg' },
    { text: '    WRITE_ONCE(task->task_works, head); if (work == NULL) return;', note: 'a plain store, not a CAS', label: 'run.store', when: (v) => v.detach === 'store' },
    { text: '    raw_spin_lock_irq(&task->pi_lock);', note: 'waits out a canceller still walking', label: 'run.lock', when: pair },
    { text: '    raw_spin_unlock_irq(&task->pi_lock);', label: 'run.unlock', when: pair },
    { text: '    /* no-run-lock-pair: no pi_lock handshake with a canceller here */', when: (v) => !v.runLockPair },
    { text: '    do {' },
    { text: '        next = work->next;', note: 'read before the call', label: 'run.next', when: (v) => v.nextBeforeCall },
    { text: '        work->func(work);', label: 'run.call' },
    { text: '        next = work->next;', note: 'read after the call', label: 'run.next', when: (v) => !v.nextBeforeCall },
    { text: '        work = next;' },
    { text: '    } while (work != NULL);' },
    { text: '    if (exiting)                /* read at run.check: only this thread sets PF_EXITING */', when: (v) => !v.sentinelOnlyWhenEmpty },
    { text: '        { WRITE_ONCE(task->task_works, &work_exited); return; }', label: 'run.exited', when: (v) => !v.sentinelOnlyWhenEmpty },
    { text: '    goto again;                 /* callbacks may have queued more */' },
    { text: '}' },
  ],
};

const EXIT: ListingFunction = {
  fn: 'do_exit',
  doc: 'The owner\'s exit path, reduced to what task_work sees.',
  rows: [
    { text: 'void do_exit(void)' },
    { text: '{' },
    { text: '    current->flags |= PF_EXITING;', label: 'exit.flag' },
    { text: '    exit_task_work(current);    /* task_work_run(), which installs work_exited */', callsRun: true },
    { text: '}' },
  ],
};

const RESUME: ListingFunction = {
  fn: 'resume_user_mode_work',
  doc: 'The return-to-user path that TWA_RESUME relies on.',
  rows: [
    { text: 'void resume_user_mode_work(void)' },
    { text: '{' },
    { text: '    bool pending;', when: (v) => !v.clearThenCheck },
    // The barrier pairs with add's fully ordered cmpxchg: a weak memory would otherwise let the check read an old head.
    { text: '    clear_thread_flag(TIF_NOTIFY_RESUME); smp_mb__after_atomic();', label: 'resume.clear', when: (v) => v.clearThenCheck },
    { text: '    if (!task_work_pending(current)) return;', label: 'resume.check', when: (v) => v.clearThenCheck },
    { text: '    pending = task_work_pending(current);', note: 'checked before the clear', label: 'resume.check', when: (v) => !v.clearThenCheck },
    { text: '    clear_thread_flag(TIF_NOTIFY_RESUME); if (!pending) return;', label: 'resume.clear', when: (v) => !v.clearThenCheck },
    { text: '    task_work_run();', callsRun: true },
    { text: '}' },
  ],
};

export const LISTING_FUNCTIONS: readonly ListingFunction[] = [ADD, CANCEL, RUN, EXIT, RESUME];

/** The listing function a step label belongs to (code steps have none). */
export function listingFnOf(label: StepLabel): ListingFn | null {
  if (label.startsWith('add.')) return 'task_work_add';
  if (label.startsWith('cancel.')) return 'task_work_cancel_match';
  if (label.startsWith('run.')) return 'task_work_run';
  if (label === 'exit.flag') return 'do_exit';
  if (label.startsWith('resume.')) return 'resume_user_mode_work';
  return null;
}
