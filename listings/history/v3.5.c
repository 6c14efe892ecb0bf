// tw history listing 'v3.5' (Linux 3.5): our own pseudo-C of the task_work algorithm of that release,
// step for step as the model executes it; not kernel source.
//
// What changed (3.5 introduced task_work): a work is a struct task_work, an hlist node (next, and
// pprev, the address of the link that points at it) with func and data; task->task_works is an
// hlist head. Everything happens under pi_lock: add refuses a task with PF_EXITING (checked under
// the lock, -ESRCH) and pushes at the head; cancel walks from the newest and unlinks the first
// work with that func; run moves the whole list out under the lock, walks to its end (the
// oldest) and runs it oldest first by following pprev back to the head, one pass.
// Race it had: none in the list (the lock serialises all three, and add sees PF_EXITING under
// it). 3.6 traded the hlist for a circle of plain callback_heads (two words instead of four) and
// moved the exit check to the callers.
// In our words: the hlist helpers are written out (hlist_add_head, hlist_del, hlist_move_list),
// and struct task_work's hlist node is flattened into the work (work->next, work->pprev). Run's
// list head on the stack is a local whose `first` is a slot and whose address is one no shared word
// has; hlist_move_list points the batch's newest work back at it, and the walk back stops there.
// hlist_del's poisoning of the unlinked node is left out (nothing reads it). `data` is not modelled.

int task_work_add(struct task_struct *task, struct callback_head *work, bool notify)
{
	unsigned long flags;
	struct callback_head *first;
	int err = -ESRCH;

	raw_spin_lock_irqsave(&task->pi_lock, flags);        // add.lock
	if (likely(!(task->flags & PF_EXITING))) {           // add.check: exiting: refused under the lock
		first = task->task_works;                        // add.load: hlist_add_head from here
		work->next = first;                              // add.link
		if (first)
			first->pprev = &work->next;                  // add.back: the old first points back at us
		task->task_works = work;                         // add.publish
		work->pprev = &task->task_works;                 // add.pprev
		err = 0;
	}
	raw_spin_unlock_irqrestore(&task->pi_lock, flags);   // add.unlock

	if (likely(!err) && notify)
		set_notify_resume(task);                         // add.notify: TIF_NOTIFY_RESUME
	return err;
}

struct callback_head *task_work_cancel(struct task_struct *task, task_work_func_t func)
{
	unsigned long flags;
	struct callback_head *work, *next;
	struct callback_head **pprev;

	raw_spin_lock_irqsave(&task->pi_lock, flags);        // cancel.lock
	work = task->task_works;                             // cancel.load: the newest
	while (work) {
		if (work->func == func) {                        // cancel.match
			next = work->next;                           // cancel.next: hlist_del from here
			pprev = work->pprev;                         // cancel.pprev
			*pprev = next;                               // cancel.unlink
			if (next)
				next->pprev = pprev;                     // cancel.back
			break;
		}
		work = work->next;                               // cancel.step
	}
	raw_spin_unlock_irqrestore(&task->pi_lock, flags);   // cancel.unlock
	return work;
}

void task_work_run(void)
{
	struct task_struct *task = current;
	struct hlist_head batch;                             /* on our stack: the moved-out list's head */
	struct callback_head *pos;
	struct callback_head **pprev;

	raw_spin_lock_irq(&task->pi_lock);                   // run.lock
	batch.first = task->task_works;                      // run.load: hlist_move_list from here
	if (batch.first)
		batch.first->pprev = &batch.first;               // run.back: the newest now points back at our head
	task->task_works = NULL;                             // run.store: the list is ours now
	raw_spin_unlock_irq(&task->pi_lock);                 // run.unlock
	if (unlikely(!batch.first))
		return;

	for (pos = batch.first; pos->next; pos = pos->next)  // run.last: walk to the oldest (next read twice, as written)
		;
	while (1) {
		pprev = pos->pprev;                              // run.pprev: before the call, which may free pos
		pos->func(pos);                                  // run.call
		if (pprev == &batch.first)
			break;
		pos = pprev;                                     /* container_of(pprev, node, next): next is the node's first word */
	}
}
