// tw history listing 'v3.6' (Linux 3.6): our own pseudo-C of the task_work algorithm of that release,
// step for step as the model executes it; not kernel source.
//
// What changed from 3.5: the works are plain callback_heads (next, func) on a circular
// singly linked list; task->task_works points at the newest work, whose next is the oldest. Add
// appends there under pi_lock, so a batch runs first-queued-first (FIFO); cancel walks the circle
// from the oldest under pi_lock and unlinks the oldest work with that func; run takes the whole
// circle under pi_lock, cuts it open and runs it, and loops until the list stays empty.
// The check of PF_EXITING in add is gone: not queueing work for a task past exit_task_work() is the
// caller's job. Race it had: an add after the exiting task's final run returns 0 and the work never
// runs (lost); 3.7's work_exited sentinel closes it.
// The add.append step tells the model the list is a circle: an add is published once (at the
// append, or at the head when the list was empty), and the circle is no list-cycle.

int task_work_add(struct task_struct *task, struct callback_head *work, bool notify)
{
	struct callback_head *last, *first;
	unsigned long flags;

	raw_spin_lock_irqsave(&task->pi_lock, flags);        // add.lock
	last = task->task_works;                             // add.load: the newest, or NULL
	first = last ? last->next : work;                    // add.first: the oldest, or work itself
	work->next = first;                                  // add.link: work closes the circle
	if (last)
		last->next = work;                               // add.append: after the newest
	task->task_works = work;                             // add.publish: work is the newest now
	raw_spin_unlock_irqrestore(&task->pi_lock, flags);   // add.unlock

	if (notify)
		set_notify_resume(task);                         // add.notify: TIF_NOTIFY_RESUME
	return 0;
}

struct callback_head *task_work_cancel(struct task_struct *task, task_work_func_t func)
{
	unsigned long flags;
	struct callback_head *last, *res = NULL;
	struct callback_head *q, *p;

	raw_spin_lock_irqsave(&task->pi_lock, flags);        // cancel.lock
	last = task->task_works;                             // cancel.load
	if (last) {
		q = last;
		p = q->next;                                     // cancel.first: the oldest
		while (1) {
			if (p->func == func) {                       // cancel.match
				q->next = p->next;                       // cancel.unlink: p's predecessor skips it
				if (p == last)
					task->task_works = q == p ? NULL : q; // cancel.tail: p was the newest
				res = p;
				break;
			}
			if (p == last)
				break;
			q = p;
			p = q->next;                                 // cancel.step
		}
	}
	raw_spin_unlock_irqrestore(&task->pi_lock, flags);   // cancel.unlock
	return res;
}

void task_work_run(void)
{
	struct task_struct *task = current;
	struct callback_head *p, *q;

	while (1) {
		raw_spin_lock_irq(&task->pi_lock);               // run.lock
		p = task->task_works;                            // run.load: the newest
		task->task_works = NULL;                         // run.store: the list is ours now
		raw_spin_unlock_irq(&task->pi_lock);             // run.unlock
		if (unlikely(!p))
			return;
		q = p->next;                                     // run.first: the oldest
		p->next = NULL;                                  // run.cut: open the circle after the newest
		while (q) {
			p = q->next;                                 // run.next: before the call, which may free q
			q->func(q);                                  // run.call
			q = p;
			cond_resched();
		}
	}
}
