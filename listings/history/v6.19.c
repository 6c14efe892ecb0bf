// tw history listing 'v6.19' (= mainline): our own pseudo-C of the task_work algorithm of Linux 6.19,
// step for step as the model executes it; not kernel source. listings/mainline.c is the same
// algorithm written one step per line as the debugger shows it.
//
// What changed: the TWA_NMI_CURRENT fix (ef1ea98c8fff, also in 6.18 stable): task_work_add sets
// TIF_NOTIFY_RESUME on current itself, while still in NMI context and on the right task, and the
// irq_work it queues only pokes the CPU so that the return-to-user path looks at the flag; its
// handler no longer touches any task's flags.
// Race it fixed: a context switch between the NMI and the irq_work flagged the next task instead of
// the one that owns the work (v6.11). No known race remains in the list itself.

static struct callback_head work_exited;

#ifdef CONFIG_IRQ_WORK
static void task_work_set_notify_irq(struct irq_work *entry)
{
	/* nothing to do: add already set the flag; this interrupt only makes the CPU look again */
}
static DEFINE_PER_CPU(struct irq_work, irq_work_NMI_resume) = IRQ_WORK_INIT_HARD(task_work_set_notify_irq);
#endif

int task_work_add(struct task_struct *task, struct callback_head *work, enum task_work_notify_mode notify)
{
	struct callback_head *head;

	if (notify == TWA_NMI_CURRENT) {
		if (WARN_ON_ONCE(task != current))                   /* only the interrupted task itself */
			return -EINVAL;
		if (!IS_ENABLED(CONFIG_IRQ_WORK))
			return -EINVAL;
	} else {
		kasan_record_aux_stack(work);
	}
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
#ifdef CONFIG_IRQ_WORK
	case TWA_NMI_CURRENT:
		set_tsk_thread_flag(current, TIF_NOTIFY_RESUME); // add.notify: flagged in NMI, on the right task
		irq_work_queue(this_cpu_ptr(&irq_work_NMI_resume));   /* only the poke */
		break;
#endif
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

struct callback_head *task_work_cancel_func(struct task_struct *task, task_work_func_t func)
{
	return task_work_cancel_match(task, task_work_func_match, func);
}

static bool task_work_match(struct callback_head *cb, void *data)
{
	return cb == data;
}

bool task_work_cancel(struct task_struct *task, struct callback_head *cb)
{
	struct callback_head *ret;

	ret = task_work_cancel_match(task, task_work_match, cb);
	return ret == cb;
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
