// tw history listing 'v5.19' (Linux 5.19 to 6.0): our own pseudo-C of the task_work algorithm of that
// release, step for step as the model executes it; not kernel source.
//
// What changed: a fourth notify mode, TWA_SIGNAL_NO_IPI: TIF_NOTIFY_SIGNAL like TWA_SIGNAL, but the
// target is not kicked out of user mode; it sees the flag on its next entry to the kernel. Since 5.12
// cancel is task_work_cancel_match(task, match, data), with task_work_cancel(task, func) a wrapper.
// Add and run still re-read the head on every retry and use cmpxchg, comparing the returned value.
// Cancel's lockless peek is task_work_pending(task), a READ_ONCE ("task_work: Introduce
// task_work_pending", 2022), where 5.12's was a plain load of task->task_works.
// Known races: none in the list itself.

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
		set_notify_signal(task);                         // add.notify: TIF_NOTIFY_SIGNAL and a kick
		break;
	case TWA_SIGNAL_NO_IPI:
		__set_notify_signal(task);                       // add.notify: TIF_NOTIFY_SIGNAL, no kick
		break;
	default:
		WARN_ON_ONCE(1);                                     /* queued, but nobody is told */
		break;
	}
	return 0;
}

struct callback_head *task_work_cancel_match(struct task_struct *task, bool (*match)(struct callback_head *, void *), void *data)
{
	struct callback_head **pprev = &task->task_works;
	struct callback_head *work, *next;
	unsigned long flags;

	if (likely(!task_work_pending(task)))                // cancel.peek: lockless (READ_ONCE), the sentinel counts as pending
		return NULL;
	raw_spin_lock_irqsave(&task->pi_lock, flags);        // cancel.lock
	while ((work = READ_ONCE(*pprev))) {                 // cancel.load: also after a failed unlink
		if (!match(work, data))                          // cancel.match
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

static bool task_work_func_match(struct callback_head *cb, void *data)
{
	return cb->func == data;                                // cancel.func: the predicate reads work->func
}

struct callback_head *task_work_cancel(struct task_struct *task, task_work_func_t func)
{
	return task_work_cancel_match(task, task_work_func_match, func);
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
