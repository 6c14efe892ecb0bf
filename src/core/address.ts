// Values and addresses of the model's shared words. Works live at the core's heap addresses
// (program.ts); `next` is a work's first word, so `&work->next` is the work's own address, as in C,
// and `func` the word after it; `pprev` (3.5's hlist_node) the third. A word's address is its
// work's address plus the word's index (workWord), the work's address a multiple of four.
// Task words sit at negative addresses, so `&task->task_works` is a pointer like any other.

/** A task pointer's value: TASK_BASE + the task's declaration index. */
export const TASK_BASE = 0x10;
/** A pointer to one of the listing's own functions (a `match` argument): MODEL_FN_BASE + index. */
export const MODEL_FN_BASE = 0x800;

export const TASK_FIELDS = ['task_works', 'pi_lock', 'flags', 'thread_flags'] as const;
export const WORK_FIELDS = ['next', 'func', 'pprev'] as const;
/** The words of a work: next (0), func (1), pprev (2). */
export const W_NEXT = 0, W_FUNC = 1, W_PPREV = 2;
/** Which word of its work an address names (W_NEXT, W_FUNC, W_PPREV). */
export function workWord(addr: number): number { return addr & 3; }
/** The address of the work a word belongs to. */
export function workBase(addr: number): number { return addr & ~3; }

export function taskPtr(task: number): number { return TASK_BASE + task; }
export function taskOfPtr(p: number): number { return p >= TASK_BASE && p < TASK_BASE + 0xf0 ? p - TASK_BASE : -1; }

/**
 * The arithmetic of task addresses writes TASK_FIELDS.length as the literal 4: every shared access
 * of a listing step makes or takes apart an address, and V8 turns a literal's multiply, divide and
 * remainder into shifts and masks, while a module constant is a load and a real division.
 */
if (TASK_FIELDS.length !== 4) throw new Error('address.ts: the task address arithmetic assumes four task fields');

export function taskFieldAddr(taskPointer: number, field: number): number {
  return -((taskPointer - TASK_BASE) * 4 + field + 1);
}

/** For a negative address: the task index and field index. */
export function taskFieldOf(addr: number): { task: number; field: number } {
  const k = -addr - 1;
  return { task: Math.floor(k / TASK_FIELDS.length), field: k % TASK_FIELDS.length };
}

/** taskFieldOf(addr).task without the object (the memory ports' hot paths). */
export function taskOfAddr(addr: number): number { return (-addr - 1) >> 2; } // Math.floor(k / 4) for every int32 k, without a float division
/** taskFieldOf(addr).field without the object. */
export function fieldOfAddr(addr: number): number { return (-addr - 1) % 4; }

/**
 * A CPU's irq_work, as an address the footprint of a listing step names (irq_work_queue claims it,
 * the CPU's run of it releases it). Far below every task word.
 */
export const CPU_BASE = -0x10000;
export function cpuIrqAddr(cpu: number): number { return CPU_BASE - cpu; }
export function cpuOfAddr(addr: number): number { return addr <= CPU_BASE ? CPU_BASE - addr : -1; }

export function workFieldAddr(workPointer: number, field: number): number { return workPointer + field; }

/**
 * The address of a function's local list head (3.5's `struct hlist_head task_works;` in
 * task_work_run, whose address hlist_move_list stores into the first work's pprev). The model has no
 * stack: the head's `first` is a local slot, and this address, which no shared word has, only
 * serves to compare pprev with `&task_works.first`. Between the sentinel's words and the tasks.
 */
export const LOCAL_HEAD = 0x8;



/** Bits of task->flags and of the thread-info flags the model knows (the kernel's values). */
export const PF_EXITING = 0x4;
/** Thread-info flag bit numbers (x86-64). */
export const TIF_NOTIFY_RESUME = 1;
export const TIF_NOTIFY_SIGNAL = 17;
export const NOTIFY_MODE_VALUES: Readonly<Record<string, number>> = {
  TWA_NONE: 0, TWA_RESUME: 1, TWA_SIGNAL: 2, TWA_SIGNAL_NO_IPI: 3, TWA_NMI_CURRENT: 4,
};
