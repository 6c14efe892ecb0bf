// Where everything lives in the SharedArrayBuffer heap: a header, then per task, per heap cell,
// per work ghost, per thread (its stack, encoded: stackCodec.ts), then the violation log.
// All offsets are Int32 indices. Control words (gates, run barriers) live in a separate buffer.
import { Program } from '../core';

// Header.
export const H_STEPS = 0;        // s.steps
export const H_FINISHED = 1;     // s.finished
export const H_STEP_LOCK = 2;    // spinlock: free-running workers take whole steps under it
export const H_LOG_LOCK = 3;     // spinlock of the violation log (innermost lock)
export const H_VIOL_COUNT = 4;
export const H_TEXT_USED = 5;    // UTF-16 units used in the text buffer
export const H_VIOL_DROPPED = 6; // records that did not fit
export const H_FRAME_IDS = 7;    // frame ids handed out so far (stackCodec.ts)
const HEADER = 8;

// struct task_struct, reduced (core TaskState).
export const TK_HEAD = 0, TK_LOCK = 1, TK_EXITING = 2, TK_RESUME = 3, TK_SIGNAL = 4, TK_EXITED = 5;
const TASK_WORDS = 6;
// A heap cell (core Cell).
export const CL_WORK = 0, CL_LAST = 1, CL_NEXT = 2, CL_FUNC = 3, CL_PPREV = 4;
const CELL_WORDS = 5;
// Ghost state of a work (core WorkGhost).
export const G_LIFE = 0, G_ADDS = 1, G_RUNS = 2, G_CANCELS = 3, G_CANCELLED = 4, G_TASK = 5;
const GHOST_WORDS = 6;
// Per thread: a version (bumped by every write of the stack) and the encoded ThreadState.
export const TH_VERSION = 0, TH_LEN = 1, TH_STACK = 2;
/** Words of one thread's encoded stack (.tw frames and the listing's own frames, with their locals). */
export const STACK_WORDS = 4096;
// One violation record.
export const V_KIND = 0, V_STEP = 1, V_THREAD = 2, V_LABEL = 3, V_NWORKS = 4, V_WORKS = 5, V_TEXT = 9, V_TEXT_LEN = 10;
export const V_MAX_WORKS = 4;
const V_WORDS = 11;

export const MAX_VIOLATIONS = 256;
export const TEXT_UNITS = 1 << 16;
/** After the violation texts: per thread, room for the message of an error the worker died of. */
export const FAIL_UNITS = 512;

// Control buffer: per-thread gates, the step's event, and the stress-run barrier (never part of a heap image).
export const C_RUN = 0, C_ARRIVED = 1, C_RUN_DONE = 2, C_GO = 3, C_SET = 4;
/**
 * Gated: how many times the controller has loaded a whole state into the heap (a restore). A worker
 * whose view was read before the last load reads it again before its next step, so a restore costs
 * no round trip to any worker.
 */
export const C_LOADS = 5;
const C_HEADER = 8;
export const E_GATE = 0, E_LABEL = 1, E_VALUE = 2, E_OK = 3, E_HAS_RET = 4, E_RET = 5, E_RUN_DONE = 6,
  E_STEP = 7, E_BLOCKED_AT = 8, E_FIRST = 9;
const E_WORDS = 10;
/** Gate values: the controller writes STEP/EXIT, the worker answers DONE or FAILED. */
export const GATE_IDLE = 0, GATE_STEP = 1, GATE_DONE = 2, GATE_EXIT = 3, GATE_FAILED = 5;

export interface Layout {
  threads: number;
  tasks: number;
  cells: number;
  ghosts: number;
  threadBase: number;
  threadWords: number;
  violations: number;
  total: number;
  controlWords: number;
  /** UTF-16 units of the text buffer: violation messages, then the failure messages. */
  textUnits: number;
}

export function makeLayout(p: Program): Layout {
  const tasks = HEADER;
  const cells = tasks + p.tasks.length * TASK_WORDS;
  const ghosts = cells + p.slots * CELL_WORDS;
  const threadBase = ghosts + p.works.length * GHOST_WORDS;
  const threadWords = TH_STACK + STACK_WORDS;
  const violations = threadBase + p.threads.length * threadWords;
  const total = violations + MAX_VIOLATIONS * V_WORDS;
  return {
    threads: p.threads.length, tasks, cells, ghosts, threadBase, threadWords, violations, total,
    controlWords: C_HEADER + p.threads.length * E_WORDS,
    textUnits: TEXT_UNITS + p.threads.length * FAIL_UNITS,
  };
}

export function taskIdx(L: Layout, task: number, field: number): number { return L.tasks + task * TASK_WORDS + field; }
export function cellIdx(L: Layout, slot: number, field: number): number { return L.cells + slot * CELL_WORDS + field; }
export function ghostIdx(L: Layout, work: number, field: number): number { return L.ghosts + work * GHOST_WORDS + field; }
export function threadIdx(L: Layout, t: number, field: number): number { return L.threadBase + t * L.threadWords + field; }
export function violationIdx(L: Layout, i: number): number { return L.violations + i * V_WORDS; }
export function controlIdx(t: number, field: number): number { return C_HEADER + t * E_WORDS + field; }
