// tw history listing 'v5.10' (Linux 5.10; 5.8 and 5.9 alike): our own pseudo-C of the task_work
// algorithm of that release, step for step as the model executes it; not kernel source.
//
// What changed (5.8, for io_uring): notify became a mode. TWA_RESUME is the old notify = true;
// TWA_SIGNAL makes the target notice the work like a signal: unless JOBCTL_TASK_WORK is already set
// in task->jobctl, take the sighand lock, set it and wake the task, which then runs its works from
// get_signal(). 5.10 names the modes in an enum with TWA_NONE and warns on an unknown one.
// In the model JOBCTL_TASK_WORK is TIF_NOTIFY_SIGNAL (the bit the owner's path looks at) and the
// sighand lock and the wake-up are not modelled (tw check notes them).
// Known races: none in the list itself.

static struct callback_head work_exited;

int task_work_add(struct task_struct *task, struct callback_head *work, enum task_work_notify_mode notify)
{
	struct callback_head *head;
	unsigned long flags;

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
		if (!(READ_ONCE(task->jobctl) & JOBCTL_TASK_WORK) && // add.notify: only when not flagged already
		    lock_task_sighand(task, &flags)) {
			task->jobctl |= JOBCTL_TASK_WORK;                // add.signal: under the sighand lock
			signal_wake_up(task, 0);
			unlock_task_sighand(task, &flags);
		}
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
