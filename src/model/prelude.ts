// The two callers of task_work_run that scenarios use, in our own words, for listings that do not
// define them (a pasted kernel/task_work.c does not): the owner's exit path and its return to user
// mode. Their labels are the model's (exit.flag, resume.clear, resume.check).
export const PRELUDE_FILE = '<tw prelude>';

export const PRELUDE = `
void do_exit(void)
{
	current->flags |= PF_EXITING;                  /* tw: exit.flag */
	exit_task_work(current);
}

void resume_user_mode_work(void)
{
	clear_thread_flag(TIF_NOTIFY_RESUME);          /* tw: resume.clear */
	smp_mb__after_atomic();
	if (task_work_pending(current))                /* tw: resume.check */
		task_work_run();
}
`;
