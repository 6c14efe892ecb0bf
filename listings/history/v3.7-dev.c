// tw history listing 'v3.7-dev' (the 3.7 merge window: the patch that made task_work_add lockless): our own pseudo-C of the
// task_work algorithm between the lock-free rework and the sentinel; not kernel source.
//
// What changed from 3.6: add no longer takes pi_lock; it pushes at the head with a cmpxchg loop.
// Cancel still walks under pi_lock, unlinking with a cmpxchg on *pprev (only the head can change
// under it). Run takes the whole list with xchg, waits with raw_spin_unlock_wait() for a canceller
// that may still be walking it, then reverses it to run oldest first.
// Race it had: nothing stops an add after the exiting task's final run; it returns 0 and the work
// never runs (callers were told to check for exit themselves). Fixed by work_exited (v3.7).

int task_work_add(struct task_struct *task, struct callback_head *work, bool notify)
{
	struct callback_head *head;

	do {
		head = ACCESS_ONCE(task->task_works);            // add.load: again on every retry
		work->next = head;                               // add.link: not visible yet
	} while (cmpxchg(&task->task_works, head, work) != head); // add.cas

	if (notify)
		set_notify_resume(task);                         // add.notify: TIF_NOTIFY_RESUME
	return 0;
}

struct callback_head *task_work_cancel(struct task_struct *task, task_work_func_t func)
{
	struct callback_head **pprev = &task->task_works;
	struct callback_head *work, *next;
	unsigned long flags;

	raw_spin_lock_irqsave(&task->pi_lock, flags);        // cancel.lock
	while ((work = ACCESS_ONCE(*pprev))) {               // cancel.load: also after a failed unlink
		read_barrier_depends();
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
		work = xchg(&task->task_works, NULL);            // run.xchg: takes everything, leaves NULL
		if (!work)
			break;
		raw_spin_unlock_wait(&task->pi_lock);            // run.unlock_wait: a canceller inside the chain leaves first
		smp_mb();                                        // run.mb: orders the wait before the reads of next
		head = NULL;
		do {
			next = work->next;                           // run.reverse: newest first becomes oldest first
			work->next = head;                           // run.relink
			head = work;
			work = next;
		} while (work);
		work = head;
		do {
			next = work->next;                           // run.next: before the call, which may free work
			work->func(work);                            // run.call
			work = next;
			cond_resched();
		} while (work);
	}
}
