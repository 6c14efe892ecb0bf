// tw history listing 'v5.7' (Linux 5.7): our own pseudo-C of the task_work algorithm of that release,
// step for step as the model executes it; not kernel source.
//
// What changed ("task_work_run: don't take ->pi_lock unconditionally", February 2020): run no
// longer takes pi_lock around its detach loop on every call. It
// returns at once when the list is empty and the task is not exiting (no CAS, no lock), and it takes
// and drops pi_lock only after a successful detach: that is the handshake with a canceller still
// walking the chain it just took, and it is today's shape. notify is still a bool (TIF_NOTIFY_RESUME).
// Known races: none in the list itself. A rework proposed at that time (February 2020) detached with
// an xchg after the emptiness check and dropped the "nothing detached" test; review pointed out that
// a cancel can unlink the only work between the check and the xchg, so the xchg can return NULL.

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
