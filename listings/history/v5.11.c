// tw history listing 'v5.11' (Linux 5.11): our own pseudo-C of the task_work algorithm of that release,
// step for step as the model executes it; not kernel source.
//
// What changed: notify is a mode, not a bool: TWA_NONE, TWA_RESUME (TIF_NOTIFY_RESUME) and
// TWA_SIGNAL, which now sets the new TIF_NOTIFY_SIGNAL and wakes the task (5.8 to 5.10 used the
// sighand lock and JOBCTL_TASK_WORK for it); the owner's return-to-user path looks at both bits.
// Cancel is still task_work_cancel(task, func), comparing work->func itself.
// Known races: none in the list itself; a return-to-user path that clears its flag after looking at
// the list would strand a work (the check-then-clear lesson).

static struct callback_head work_exited;

int task_work_add(struct task_struct *task, struct callback_head *work, enum task_work_notify_mode notify)
{
	struct callback_head *head;

	kasan_record_aux_stack(work);
	do {
		head = READ_ONCE(task->task_works);              // add.load: again on every retry
		if (unlikely(head == &work_exited))              // add.check: the owner has exited
			return -ESRCH;
		work->next = head;                               // add.link: not visible yet
	} while (cmpxchg(&task->task_works, head, work) != head); // add.cas

	switch (notify) {
	case TWA_NONE:
		break;
	case TWA_RESUME:
		set_notify_resume(task);                         // add.notify: TIF_NOTIFY_RESUME
		break;
	case TWA_SIGNAL:
		set_notify_signal(task);                         // add.notify: TIF_NOTIFY_SIGNAL and a wake-up
		break;
	default:
		WARN_ON_ONCE(1);                                     /* queued, but nobody is told */
		break;
	}
	return 0;
}

struct callback_head *task_work_cancel(struct task_struct *task, task_work_func_t func)
{
	struct callback_head **pprev = &task->task_works;
	struct callback_head *work, *next;
	unsigned long flags;

	if (likely(!task->task_works))                       // cancel.peek: lockless, the sentinel is not NULL
		return NULL;
	raw_spin_lock_irqsave(&task->pi_lock, flags);        // cancel.lock
	while ((work = READ_ONCE(*pprev))) {                 // cancel.load: also after a failed unlink
		if (work->func != func)                          // cancel.match
			pprev = &work->next;
		else {
			next = work->next;                           // +cancel.match: read before the CAS, as the kernel's cmpxchg(pprev, work, work->next) does
			if (cmpxchg(pprev, work, next) == work)      // cancel.cas: fails only at the head
				break;
		}
	}
	raw_spin_unlock_irqrestore(&task->pi_lock, flags);   // cancel.unlock
	return work;
}

void task_work_run(void)
{
	struct task_struct *task = current;
	struct callback_head *work, *head, *next;

	for (;;) {
		do {
			work = READ_ONCE(task->task_works);          // run.load: again on every retry
			head = NULL; if (!work) { if (!(task->flags & PF_EXITING)) break; head = &work_exited; } // run.check: empty: done, or at exit the sentinel
		} while (cmpxchg(&task->task_works, work, head) != work); // run.cas
		if (!work)
			break;
		raw_spin_lock_irq(&task->pi_lock);               // run.lock: a canceller still walking the old chain finishes first
		raw_spin_unlock_irq(&task->pi_lock);             // run.unlock
		do {
			next = work->next;                           // run.next: before the call, which may free work
			work->func(work);                            // run.call
			work = next;
			cond_resched();
		} while (work);
	}
}
