// tw history listing 'v6.1' (Linux 6.1 to 6.10): our own pseudo-C of the task_work algorithm of that
// release, step for step as the model executes it; not kernel source.
//
// What changed: add and run read the list head once, before their retry loops, and retry with
// try_cmpxchg, which hands back the value it saw; cancel's walk uses try_cmpxchg the same way, so a
// failed unlink at the head re-examines the new first entry without reading *pprev again.
// Still here: the lock-free push, cancel under pi_lock, work_exited at exit, and the run's
// lock/unlock handshake after a successful detach (5.7). Notify modes: NONE, RESUME, SIGNAL,
// SIGNAL_NO_IPI. Known races: none in the list itself; cancelling from a callback cannot find works
// of the batch that is running (they are detached: perf's hang, fixed on the caller's side).

static struct callback_head work_exited;

int task_work_add(struct task_struct *task, struct callback_head *work, enum task_work_notify_mode notify)
{
	struct callback_head *head;

	kasan_record_aux_stack(work);
	head = READ_ONCE(task->task_works);                  // add.load: once, before the loop
	do {
		if (unlikely(head == &work_exited))              // add.check: the owner has exited
			return -ESRCH;
		work->next = head;                               // add.link: not visible yet
	} while (!try_cmpxchg(&task->task_works, &head, work)); // add.cas: failure refreshes head

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

	if (likely(!task_work_pending(task)))                // cancel.peek: lockless, the sentinel counts as pending
		return NULL;
	raw_spin_lock_irqsave(&task->pi_lock, flags);        // cancel.lock
	work = READ_ONCE(*pprev);                            // cancel.load
	while (work) {
		if (!match(work, data)) {                        // cancel.match
			pprev = &work->next;
			work = READ_ONCE(*pprev);                    // cancel.step
		} else {
			next = work->next;                           // +cancel.match: read before the CAS, as the kernel's try_cmpxchg(pprev, &work, work->next) does
			if (try_cmpxchg(pprev, &work, next))         // cancel.cas: on failure work = what was there
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
		work = READ_ONCE(task->task_works);              // run.load
		do {
			head = NULL; if (!work) { if (!(task->flags & PF_EXITING)) break; head = &work_exited; } // run.check: empty: done, or at exit the sentinel
		} while (!try_cmpxchg(&task->task_works, &work, head)); // run.cas
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
