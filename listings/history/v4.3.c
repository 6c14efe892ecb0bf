// tw history listing 'v4.3' (Linux 4.3 to 4.7): our own pseudo-C of the task_work algorithm of that
// release, step for step as the model executes it; not kernel source.
//
// What changed (c82199061009): run no longer reverses the detached chain, so a batch runs newest
// first (LIFO); nobody relied on the order and the reversal cost a pass over the list.
// Still: the lock-free push, cancel by func under pi_lock, work_exited, and run waiting with
// raw_spin_unlock_wait() plus smp_mb() for a canceller inside the chain it detached.
// Known races: none in the list; callers that assumed first-queued-first-run now see the opposite.

static struct callback_head work_exited;

int task_work_add(struct task_struct *task, struct callback_head *work, bool notify)
{
	struct callback_head *head;

	do {
		head = ACCESS_ONCE(task->task_works);            // add.load: again on every retry
		if (unlikely(head == &work_exited))              // add.check: the owner has exited
			return -ESRCH;
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
		smp_read_barrier_depends();
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
			work = ACCESS_ONCE(task->task_works);        // run.load: again on every retry
			head = !work && (task->flags & PF_EXITING) ? &work_exited : NULL; // run.check: the sentinel only when empty and exiting
		} while (cmpxchg(&task->task_works, work, head) != work); // run.cas: swaps NULL for NULL when idle
		if (!work)
			break;
		raw_spin_unlock_wait(&task->pi_lock);            // run.unlock_wait: a canceller inside the chain leaves first
		smp_mb();                                        // run.mb: orders the wait before the reads of next
		do {
			next = work->next;                           // run.next: before the call, which may free work
			work->func(work);                            // run.call
			work = next;
			cond_resched();
		} while (work);
	}
}
