// tw history listing 'v3.7' (Linux 3.7 to 4.2): our own pseudo-C of the task_work algorithm of that
// release, step for step as the model executes it; not kernel source.
//
// What changed (the fix "task_work_add() should not succeed after exit_task_work()"): a static
// sentinel, work_exited, so that an add after the exiting task's final run fails with -ESRCH
// instead of being lost. Run detaches with a cmpxchg loop that
// installs the sentinel instead of NULL when it finds the list empty and the task exiting; add
// checks for it. So an add that returned 0 is always run, even at exit.
// Still: the lock-free push, cancel by func under pi_lock, raw_spin_unlock_wait() plus smp_mb() after
// the detach, and the reversal to run a batch oldest first.
// Race it fixed: in 3.7-rc an add after the exiting task's last run returned 0 and never ran.

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
		do {
			work = ACCESS_ONCE(task->task_works);        // run.load: again on every retry
			head = !work && (task->flags & PF_EXITING) ? &work_exited : NULL; // run.check: the sentinel only when empty and exiting
		} while (cmpxchg(&task->task_works, work, head) != work); // run.cas: swaps NULL for NULL when idle
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
