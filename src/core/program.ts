// The compiled form of a scenario: what src/lang produces and the core executes.
// Plain data (no functions), so it can be cloned, serialised and sent to worker threads.

/** A 1-based source range in the .tw file (end column is exclusive). */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The modes of task_work_add (include/linux/task_work.h: enum task_work_notify_mode). */
export type NotifyMode = 'TWA_NONE' | 'TWA_RESUME' | 'TWA_SIGNAL' | 'TWA_SIGNAL_NO_IPI' | 'TWA_NMI_CURRENT';
export const NOTIFY_MODES: readonly NotifyMode[] = ['TWA_NONE', 'TWA_RESUME', 'TWA_SIGNAL', 'TWA_SIGNAL_NO_IPI', 'TWA_NMI_CURRENT'];

/** Read-only queries over the machine state, usable in any expression. */
export type Builtin =
  | 'task_work_pending' // (task) task_works != NULL (true for the sentinel too)
  | 'held'              // (task) pi_lock is held by some thread
  | 'exiting'           // (task) PF_EXITING is set
  | 'notify_resume'     // (task) TIF_NOTIFY_RESUME is set
  | 'notify_signal'     // (task) TIF_NOTIFY_SIGNAL is set
  | 'runs'              // (work) times its func was called
  | 'adds'              // (work) times task_work_add returned 0 for it
  | 'cancels'           // (work) times a cancel returned it
  | 'freed'             // (work) the work object has been freed
  | 'queued';           // (work) pending on a list or in a detached batch

export type TaskField = 'task_works';
export type WorkField = 'next' | 'func';

/**
 * Expressions. Values are numbers: ints as themselves, booleans as 0/1, NULL as 0,
 * &work_exited as WORK_EXITED, a work as its address (see addressOfSlot), a func as funcValue(id).
 */
export type Expr =
  | { k: 'int'; v: number }
  | { k: 'local'; slot: number; name: string }
  | { k: 'work'; id: number }                 // the address the declared work lives at
  | { k: 'func'; id: number }
  | { k: 'exited' }                           // &work_exited
  | { k: 'cb' }                               // the callback_head a callback / a match predicate is called with
  | { k: 'thread'; id: number }               // only in debugger conditions (`thread == "adder"`)
  | { k: 'taskField'; task: number; field: TaskField }
  | { k: 'workField'; obj: Expr; field: WorkField }
  | { k: 'builtin'; fn: Builtin; task?: number; arg?: Expr }
  | { k: 'unary'; op: '!' | '-'; e: Expr }
  | { k: 'binary'; op: BinaryOp; l: Expr; r: Expr };

export type BinaryOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||' | '+' | '-';

/** Where an instruction came from, for traces, breakpoints and the debugger's .tw frame. */
export interface Origin {
  range: SourceRange;
  /** Statement text as written (one line), for traces and frame names. */
  text: string;
}

/**
 * Instructions of one code block. An operation's `task` is a task index, or -1 for `current` in an
 * `on(CPU)` thread: the task its CPU runs when the call starts. (a thread body, a callback body, the setup block, the final block).
 * API calls become an operation frame executed atomic step by atomic step; the others are one step
 * each, except "silent" ones (pure local computation, jumps) which are folded into the step before.
 */
export type Instr = (
  | { op: 'add'; task: number; work: Expr; mode: NotifyMode; dst?: number }
  | { op: 'cancel_func'; task: number; func: number; dst?: number }
  | { op: 'cancel'; task: number; work: Expr; dst?: number }
  | { op: 'cancel_match'; task: number; pred: Expr; dst?: number }
  | { op: 'run' }                               // task_work_run() on the thread's own task
  | { op: 'exit' }                              // do_exit(): PF_EXITING, then exit_task_work()
  | { op: 'resume' }                            // resume_user_mode_work(): clear TIF_NOTIFY_RESUME, run if pending
  | { op: 'free'; work: Expr }                  // kfree(work)
  | { op: 'alloc'; work: number }               // (re)allocate a declared work at its address
  | { op: 'switch'; cpu: number; task: number } // context_switch(CPU, TASK): the CPU's current becomes TASK
  | { op: 'set'; dst: number; e: Expr }         // local = e
  | { op: 'assert'; e: Expr }
  | { op: 'wait'; e: Expr }                     // blocked until e holds (a wait_event / spin with no branch)
  | { op: 'jumpIfNot'; e: Expr; target: number }
  // counter: a hidden local counting this loop's iterations since it was entered (a `while`'s
  // back edge); a jump without one is a `repeat`'s (bounded by its count) or a forward one.
  | { op: 'jump'; target: number; counter?: number }
) & { origin: Origin };

export type LocalType = 'int' | 'bool' | 'work' | 'func';

export interface CodeBlock {
  name: string;
  instrs: Instr[];
  /** Number of local slots; slot names and static types for display. */
  locals: { name: string; type: LocalType }[];
}

export interface TaskDecl { name: string; origin: Origin }
export interface WorkDecl {
  name: string;
  /** Index into Program.funcs, or -1 for a NULL func. */
  func: number;
  /** Heap slot: distinct per work unless declared `at` another work's address (ABA). */
  slot: number;
  /** Allocated at start; false for works that live at a reused address and need alloc(). */
  allocated: boolean;
  origin: Origin;
}
export interface FuncDecl {
  name: string;
  /** Index into Program.blocks of the callback body; the callback's `cb` is its only parameter. */
  block: number;
  origin: Origin;
}
export interface ThreadDecl {
  name: string;
  block: number;
  /** The task this thread runs as `current` of, or -1. */
  current: number;
  /** `thread NAME on(CPU)`: an interrupt (NMI) context on that CPU (index into Program.cpus); its current is the CPU's. */
  cpu?: number;
  /** The CPU whose deferred irq_work this thread runs (a thread the compiler adds per `cpu`, named after it). */
  irqOf?: number;
  origin: Origin;
}

/** `cpu NAME = TASK;`: a CPU, the task it runs first, and the thread that runs its irq_work. */
export interface CpuDecl {
  name: string;
  task: number;
  /** Index into Program.threads of the CPU's irq_work thread. */
  thread: number;
  origin: Origin;
}

/** A kind of violation the core can report (model.md §4). */
export type ViolationKind =
  | 'use-after-free' | 'run-after-cancel' | 'double-run' | 'double-add' | 'null-func-call'
  | 'list-cycle' | 'deadlock' | 'step-limit' | 'assertion' | 'lost-work'
  /** Under the LKMM only: two conflicting accesses, one of them plain, that nothing orders. */
  | 'data-race';
export const VIOLATION_KINDS: readonly ViolationKind[] = [
  'use-after-free', 'run-after-cancel', 'double-run', 'double-add', 'null-func-call',
  'list-cycle', 'deadlock', 'step-limit', 'assertion', 'lost-work', 'data-race',
];

export interface Expectation {
  variant: string;
  /** Violation kinds that the variant makes possible; empty = "ok" (none on any interleaving). */
  kinds: ViolationKind[];
  /** `expect VARIANT MEMORY: ...`: the verdict under that memory model; absent, under the file's own. */
  memory?: MemoryModel;
  origin: Origin;
}

export interface NamedSchedule { name: string; text: string; origin: Origin }

export interface Program {
  file: string;
  /** A variant's name, or a listing file's path relative to `file` (`variant "my.c";`): the loaders resolve it. */
  variant: string;
  /** Where the file's `variant` statement names it (messages about the listing point there). */
  variantAt?: SourceRange;
  tasks: TaskDecl[];
  works: WorkDecl[];
  funcs: FuncDecl[];
  threads: ThreadDecl[];
  /** The CPUs a scenario declares (absent or empty: none; threads then have a fixed current). */
  cpus?: CpuDecl[];
  blocks: CodeBlock[];
  /** Block run to completion before the threads start (-1 if none). Its adds count like any other. */
  setup: number;
  /** Block of assertions evaluated once every thread has finished (-1 if none). */
  final: number;
  /** Expressions checked after every step; a false one is an `assertion` violation. */
  invariants: { e: Expr; origin: Origin }[];
  expectations: Expectation[];
  schedules: NamedSchedule[];
  /** `lost-work` also when all threads finished with work pending that nothing will run. */
  lostWorkAtEnd: boolean;
  /** Number of heap slots (work addresses). */
  slots: number;
  /** `memory lkmm;`: the scenario runs under the Linux kernel memory model (absent: sequential consistency). */
  memory?: MemoryModel;
}

/** Sequential consistency (every access in schedule order) or the Linux kernel memory model. */
export type MemoryModel = 'sc' | 'lkmm';

/** Pointer encoding shared by every layer. */
export const NULL = 0;
export const WORK_EXITED = 1;
const SLOT_BASE = 0x1000;
const SLOT_STRIDE = 0x40;
export function addressOfSlot(slot: number): number { return SLOT_BASE + slot * SLOT_STRIDE; }
/** SLOT_STRIDE as a literal: V8 divides by a literal power of two with a shift (every shared access of a step asks). */
export function slotOfAddress(addr: number): number {
  const off = addr - SLOT_BASE;
  return off >= 0 && off % 0x40 === 0 ? off / 0x40 : -1;
}
if (SLOT_STRIDE !== 0x40) throw new Error('program.ts: slotOfAddress assumes a slot stride of 0x40');
const FUNC_BASE = 0x100;
export function funcValue(id: number): number { return FUNC_BASE + id; }
export function funcOfValue(v: number): number { return v >= FUNC_BASE && v < SLOT_BASE ? v - FUNC_BASE : -1; }
