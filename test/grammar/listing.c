// SYNTAX TEST "source.tw-listing" "model listing lines: code, then the step label in a trailing comment"
    h = READ_ONCE(task->task_works);                                 // add.load
//      ^^^^^^^^^ support.function.tw-listing
//                                                                      ^^^^^^^^ comment.line.double-slash.step.tw-listing support.constant.step-label.tw-listing
    if (!try_cmpxchg(&task->task_works, &h, work)) goto retry;       // add.cas: h = the head seen
//  ^^ keyword.control.tw-listing
//                                                 ^^^^ keyword.control.tw-listing
//                                                                      ^^^^^^^ support.constant.step-label.tw-listing
//                                                                             ^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.step.tw-listing
    if (h == &work_exited) return -ESRCH;                            // add.check: the task has exited
//           ^^^^^^^^^^^^ constant.language.sentinel.tw-listing
//                                 ^^^^^ constant.language.tw-listing
int task_work_add(struct task_struct *task, struct callback_head *work, int mode)
// <--- storage.type.tw-listing
//  ^^^^^^^^^^^^^ entity.name.function.tw-listing
  retry:
//^^^^^ entity.name.label.tw-listing
/* not a step */
// <-------------- comment.block.tw-listing
