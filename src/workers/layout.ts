// Where everything lives in the SharedArrayBuffer heap: a header, then per task, per heap cell,
// per work ghost, per thread (status + a mirror of its frame stack), then the violation log.
// All offsets are Int32 indices. Control words (gates, run barriers) live in a separate buffer.
import { Program } from '../core';

// Header.
export const H_STEPS = 0;        // gated: core's s.steps; free: atomic steps taken so far
export const H_FINISHED = 1;     // s.finished
export const H_GHOST_LOCK = 2;   // spinlock: a memory access and its ghost bookkeeping are one step
export const H_LOG_LOCK = 3;     // spinlock of the violation log (innermost lock)
export const H_VIOL_COUNT = 4;
export const H_TEXT_USED = 5;    // UTF-16 units used in the text buffer
export const H_DEADLOCK = 6;     // free mode: a worker saw every unfinished thread blocked
export const H_VIOL_DROPPED = 7; // records that did not fit
const HEADER = 8;

// struct task_struct, reduced (core TaskState).
export const TK_HEAD = 0, TK_LOCK = 1, TK_EXITING = 2, TK_RESUME = 3, TK_SIGNAL = 4, TK_EXITED = 5;
const TASK_WORDS = 6;
// A heap cell (core Cell).
export const CL_WORK = 0, CL_LAST = 1, CL_NEXT = 2, CL_FUNC = 3;
const CELL_WORDS = 4;
// Ghost state of a work (core WorkGhost).
export const G_LIFE = 0, G_ADDS = 1, G_RUNS = 2, G_CANCELS = 3, G_CANCELLED = 4, G_TASK = 5;
const GHOST_WORDS = 6;
// Per thread: status and the frame-stack mirror (written by the thread, read when it is stopped).
export const TH_DONE = 0, TH_HAS_RET = 1, TH_RET = 2, TH_BLOCKED_AT = 3, TH_DEPTH = 4;
const TH_FRAMES = 5;
// One mirrored frame (core Frame).
export const F_KIND = 0, F_BLOCK = 1, F_PC = 2, F_CB = 3, /* 4: free */ F_OP = 5, F_LABEL = 6, F_TASK = 7,
  F_H = 8, F_WORK = 9, F_PPREV = 10, F_NEXT = 11, F_HEAD = 12, F_RET = 13, F_NLOCALS = 14, F_LOCALS = 15;
// One violation record.
export const V_KIND = 0, V_STEP = 1, V_THREAD = 2, V_LABEL = 3, V_NWORKS = 4, V_WORKS = 5, V_TEXT = 9, V_TEXT_LEN = 10;
export const V_MAX_WORKS = 4;
const V_WORDS = 11;

/** Frames a thread may stack (callbacks that call task_work_run nest); deeper is an internal error. */
export const MAX_DEPTH = 48;
export const MAX_VIOLATIONS = 256;
export const TEXT_UNITS = 1 << 16;
/** After the violation texts: per thread, room for the message of an error the worker died of. */
export const FAIL_UNITS = 512;

// Control buffer: per-thread gates and the stress-run barrier (never part of a heap image).
export const C_RUN = 0, C_ARRIVED = 1, C_RUN_DONE = 2, C_GO = 3, C_SET = 4;
const C_HEADER = 8;
export const E_GATE = 0, E_LABEL = 1, E_VALUE = 2, E_OK = 3, E_HAS_RET = 4, E_RET = 5, E_RUN_DONE = 6;
const E_WORDS = 7;
/** Gate values: the controller writes STEP/RELOAD/EXIT, the worker answers DONE or FAILED. */
export const GATE_IDLE = 0, GATE_STEP = 1, GATE_DONE = 2, GATE_EXIT = 3, GATE_RELOAD = 4, GATE_FAILED = 5;

export interface Layout {
  /** Scenario threads; the thread regions also hold one more, for `setup`. */
  threads: number;
  frameWords: number;
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
  const maxLocals = p.blocks.reduce((m, b) => Math.max(m, b.locals.length), 0);
  const frameWords = F_LOCALS + maxLocals;
  const tasks = HEADER;
  const cells = tasks + p.tasks.length * TASK_WORDS;
  const ghosts = cells + p.slots * CELL_WORDS;
  const threadBase = ghosts + p.works.length * GHOST_WORDS;
  const threadWords = TH_FRAMES + MAX_DEPTH * frameWords;
  const violations = threadBase + (p.threads.length + 1) * threadWords;
  const total = violations + MAX_VIOLATIONS * V_WORDS;
  return {
    threads: p.threads.length, frameWords, tasks, cells, ghosts, threadBase, threadWords, violations, total,
    controlWords: C_HEADER + (p.threads.length + 1) * E_WORDS,
    textUnits: TEXT_UNITS + (p.threads.length + 1) * FAIL_UNITS,
  };
}

export function taskIdx(L: Layout, task: number, field: number): number { return L.tasks + task * TASK_WORDS + field; }
export function cellIdx(L: Layout, slot: number, field: number): number { return L.cells + slot * CELL_WORDS + field; }
export function ghostIdx(L: Layout, work: number, field: number): number { return L.ghosts + work * GHOST_WORDS + field; }
export function threadIdx(L: Layout, t: number, field: number): number { return L.threadBase + t * L.threadWords + field; }
export function frameIdx(L: Layout, t: number, depth: number): number {
  return L.threadBase + t * L.threadWords + TH_FRAMES + depth * L.frameWords;
}
export function violationIdx(L: Layout, i: number): number { return L.violations + i * V_WORDS; }
export function controlIdx(t: number, field: number): number { return C_HEADER + t * E_WORDS + field; }
