// tw model listing for variant 'next-after-call': run reads work->next after calling func: a callback that frees its own work makes that a use-after-free.
// Our own pseudo-C of the task_work mechanism as the tw simulator executes it, not kernel source.
// One line per atomic step; the label at the end of a line names the step (traces, schedules and
// function breakpoints use it). A breakpoint on a labelled line stops before that step, in any thread.
// Generated from src/debug/listing/table.ts: do not edit.

/* Lock-free push at the head; the work is pending from the successful add.cas on. */
int task_work_add(struct task_struct *task, struct callback_head *work, int mode)
{
    struct callback_head *h;
    if (mode == TWA_NMI_CURRENT && task != current) return -EINVAL; h = READ_ONCE(task->task_works); // add.load
  retry:
    if (h == &work_exited) return -ESRCH;                            // add.check: the task has exited
    work->next = h;                                                  // add.link: not published yet
    if (!try_cmpxchg(&task->task_works, &h, work)) goto retry;       // add.cas: h = the head seen
    set_notify(task, mode);                                          // add.notify: RESUME: TIF_NOTIFY_RESUME; SIGNAL*: TIF_NOTIFY_SIGNAL
    return 0;
}

/* Also task_work_cancel_func (match by func) and task_work_cancel (match by node). */
struct callback_head *task_work_cancel_match(struct task_struct *task, bool (*match)(struct callback_head *, void *), void *data)
{
    struct callback_head **pprev, *work, *next;
    if (READ_ONCE(task->task_works) == NULL) return NULL;            // cancel.peek: lockless fast path
    raw_spin_lock_irqsave(&task->pi_lock, flags);                    // cancel.lock: spins while held
    pprev = &task->task_works; work = READ_ONCE(*pprev);             // cancel.load
    while (work != NULL) {
        if (!match(work, data)) {                                    // cancel.match
            pprev = &work->next; work = READ_ONCE(*pprev);           // cancel.step
            continue;
        }
        next = READ_ONCE(work->next);                                // +cancel.match: read before the CAS, as the kernel's try_cmpxchg(pprev, &work, work->next) does
        if (try_cmpxchg(pprev, &work, next)) break;                  // cancel.cas: failure: work = value seen, re-examine
    }
    raw_spin_unlock_irqrestore(&task->pi_lock, flags);               // cancel.unlock
    return work;
}

/* Only the owner task runs it (as current); it detaches the whole list, then calls each work. */
void task_work_run(void)
{
    struct task_struct *task = current;
    struct callback_head *work, *head, *next;
  again:
    work = READ_ONCE(task->task_works);                              // run.load
  retry:
    head = NULL; if (work == NULL) { if (!(task->flags & PF_EXITING)) return; head = &work_exited; } // run.check
    if (!try_cmpxchg(&task->task_works, &work, head)) goto retry; if (work == NULL) return; // run.cas
    raw_spin_lock_irq(&task->pi_lock);                               // run.lock: waits out a canceller still walking
    raw_spin_unlock_irq(&task->pi_lock);                             // run.unlock
    do {
        work->func(work);                                            // run.call
        next = work->next;                                           // run.next: read after the call
        work = next;
    } while (work != NULL);
    goto again;                 /* callbacks may have queued more */
}

/* The owner's exit path, reduced to what task_work sees. */
void do_exit(void)
{
    current->flags |= PF_EXITING;                                    // exit.flag
    exit_task_work(current);    /* task_work_run(), which installs work_exited */
}

/* The return-to-user path that TWA_RESUME relies on. */
void resume_user_mode_work(void)
{
    clear_thread_flag(TIF_NOTIFY_RESUME); smp_mb__after_atomic();    // resume.clear
    if (!task_work_pending(current)) return;                         // resume.check
    task_work_run();
}
