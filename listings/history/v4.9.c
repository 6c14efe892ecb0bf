// tw history listing 'v4.9' (Linux 4.9 to 4.13; 4.8 in part): our own pseudo-C of the task_work algorithm of that
// release, step for step as the model executes it; not kernel source.
//
// What changed: cancel first looks at the head without the lock and returns NULL for an empty list
// (most cancels find nothing), and the smp_mb() after raw_spin_unlock_wait() in run is gone, because
// unlock_wait itself was given acquire ordering (be3e7844980, 4.8); both are in place by 4.9. The
// loads are READ_ONCE and lockless_dereference now.
// Known races: none under sequential consistency. Whether unlock_wait really ordered the canceller's
// stores before run's reads was debated on weakly ordered CPUs and led to its removal in 4.14.

static struct callback_head work_exited;

int task_work_add(struct task_struct *task, struct callback_head *work, bool notify)
{
	struct callback_head *head;

	do {
		head = READ_ONCE(task->task_works);              // add.load: again on every retry
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

	if (likely(!task->task_works))                       // cancel.peek: lockless, the sentinel is not NULL
		return NULL;
	raw_spin_lock_irqsave(&task->pi_lock, flags);        // cancel.lock
	while ((work = lockless_dereference(*pprev))) {      // cancel.load: also after a failed unlink
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
			head = !work && (task->flags & PF_EXITING) ? &work_exited : NULL; // run.check: the sentinel only when empty and exiting
		} while (cmpxchg(&task->task_works, work, head) != work); // run.cas: swaps NULL for NULL when idle
		if (!work)
			break;
		raw_spin_unlock_wait(&task->pi_lock);            // run.unlock_wait: a canceller inside the chain leaves first
		do {
			next = work->next;                           // run.next: before the call, which may free work
			work->func(work);                            // run.call
			work = next;
			cond_resched();
		} while (work);
	}
}
