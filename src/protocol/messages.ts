// Types shared by the debug adapter, the extension and the webview: the `tw/state` snapshot,
// custom DAP requests and events, and webview messages. Plain JSON, tagged on `type`.

/** A pointer as shown to people: a work name, `NULL`, `&work_exited`, or `freed A`. */
export type PointerText = string;

export interface TaskSnapshot {
  name: string;
  /** The list from the head: names in order, ending with `NULL` or `&work_exited`, or `...(cycle)`. */
  chain: PointerText[];
  lock: { holder: string | null; spinners: string[] };
  exiting: boolean;
  notifyResume: boolean;
  notifySignal: boolean;
}

export type WorkLifeText = 'unallocated' | 'idle' | 'pending' | 'detached' | 'running' | 'ran' | 'cancelled' | 'freed';

export interface WorkSnapshot {
  name: string;
  /** Address in hex (`0x1040`): two names at one address show address reuse (ABA). */
  address: string;
  life: WorkLifeText;
  next: PointerText;
  func: string;
  adds: number;
  runs: number;
  cancels: number;
}

export interface ThreadSnapshot {
  /** DAP thread id. */
  id: number;
  name: string;
  /** `ready`, `spinning on T.pi_lock`, `waiting ...`, `finished`, `parked` (paused by the user). */
  status: string;
  /** Label of the next atomic step, or null when finished. */
  next: string | null;
  /** The operation's locals that point at works (h, work, pprev, next, head), for arrows. */
  pointers: { name: string; target: PointerText }[];
  /** A batch detached by this thread's task_work_run and not finished yet: names in order. */
  detached: PointerText[];
}

export interface ViolationSnapshot {
  kind: string;
  message: string;
  step: number;
  thread: string;
  /** Where, as the Debug Console and the exception box say it: `step 15 (owner, run.next)`, `the end (line 38)`. */
  where?: string;
}

export interface StateSnapshot {
  file: string;
  variant: string;
  /** Atomic steps taken so far. */
  step: number;
  /** Thread id whose step produced this state, or null at the start. */
  lastThread: number | null;
  lastLabel: string | null;
  tasks: TaskSnapshot[];
  works: WorkSnapshot[];
  threads: ThreadSnapshot[];
  violations: ViolationSnapshot[];
  finished: boolean;
  /** Once finished: `outcome: ...` and `verdict: ...` (final asserts, violations), as the Debug Console prints them. */
  verdict?: string[];
  /**
   * Under `memory lkmm`, when any: the words a thread sees with another value than the picture's
   * (each word's newest): its last read of the word took an older write or a write not made yet,
   * or its next read will (a pick). Absent under sc and when every view is the newest.
   */
  stale?: StaleSnapshot[];
}

/** A thread's view of a shared word that is not the word's newest value (memory lkmm). */
export interface StaleSnapshot {
  /** The thread (DAP id and name). */
  threadId: number;
  thread: string;
  /** The word: `B.next`, `T.task_works`, `A.func`, `T.flags`. */
  loc: string;
  /** The value the thread sees (`freed A`, `NULL`, `4`) and the word's newest value. */
  seen: string;
  newest: string;
  /** 'read': its last access of the word read it; 'will read': its next step's read takes it (picked). */
  when: 'read' | 'will read';
  /** The read took a write not made yet (load buffering) rather than an older one. */
  early: boolean;
  /** The step label of the read, and the write it takes in a pin's words (`init`, `p1@second.b=4`). */
  at: string;
  write: string;
  /** The whole view in words, as the Variables view and the picture print it. */
  text: string;
}

/** The custom DAP event the adapter sends after every stop: `event: 'tw/state', body: StateSnapshot`. */
export const STATE_EVENT = 'tw/state';
/** Custom DAP request: explore everything reachable from the paused state. */
export const EXPLORE_REQUEST = 'tw/exploreFromHere';
/** Custom DAP request: the current schedule as text (for "Save schedule"). */
export const SCHEDULE_REQUEST = 'tw/schedule';

/** Custom DAP request: every step taken so far, for the timeline (body: TimelineData). */
export const TIMELINE_REQUEST = 'tw/timeline';
/**
 * Custom DAP request: travel along a planned order of steps (args: ReplayArgs; body: ReplayOutcome).
 * The adapter goes back to the last step the plan shares with the session's schedule and replays
 * the plan from there up to `upTo` steps, stopping early at a step that can no longer run.
 */
export const REPLAY_REQUEST = 'tw/replay';
/**
 * Custom DAP request (under `memory lkmm`): thread `threadId`'s next load reads `write`, named as
 * in a witness's pins (`init`, `owner@run.xchg`); body: `{pin}`. Without `write`: body `{reads}`,
 * the writes each read of the thread's next step may take. Step back forgets the pick.
 */
export const READ_FROM_REQUEST = 'tw/readFrom';

/**
 * One read of a thread's next step and the writes it may take (`takes`: the one it will; `stale`:
 * why a write is not the newest; `early`: a write not made yet, read by load buffering).
 */
export interface ReadChoiceData { label: string; loc: string; options: { name: string; value: string; takes: boolean; stale?: string; early?: string }[] }

/** One step the session took, as the adapter reports it for the timeline. */
export interface TimelineStepData {
  /** 0-based thread index. */
  thread: number;
  label: string;
  /** CAS / check outcome: 1 success, 0 failure, -1 not a CAS. */
  ok: number;
  /** For a spin: the step the thread waits to take. */
  blockedAt?: string;
  /** Violations this step reported (`step` 0: an end-of-execution check the last step triggered). */
  violations: { kind: string; message: string; step: number }[];
}

export interface TimelineData {
  threads: string[];
  steps: TimelineStepData[];
  finished: boolean;
}

/** A step of a planned order: the thread, and what it did when the plan was drawn (label, CAS outcome). */
export interface PlannedStep { thread: number; label: string; ok: number }

export interface ReplayArgs {
  plan: PlannedStep[];
  /** Steps of the plan to have taken at the end (the position to travel to). */
  upTo: number;
  /** The DAP thread id to focus when stopping. */
  threadId?: number;
}

export interface ReplayOutcome {
  /** Steps the plan shares with the schedule before the request (where the replay started). */
  common: number;
  /** Steps taken now. */
  position: number;
  /** The first step that could not run where it was placed, and why (`spinning on T.pi_lock held by owner`, `finished`). */
  blocked?: { index: number; reason: string };
  /** Steps that ran but did something else than planned: `now add.cas FAILED (was ok)`. */
  changed: { index: number; text: string }[];
}

/** One cell of the timeline view: a step, taken (`done`) or planned and not taken yet (`ahead`). */
export interface TimelineCell {
  index: number;
  thread: number;
  label: string;
  /** Drawing class: `cell` (API step), `code` (the thread's own statement), `cas-ok`, `cas-fail`, `spin`, `free`. */
  kind: string;
  /** Second line: `ok`, `FAILED`, the violation kind, what a spin waits for. */
  mark: string;
  tip: string;
  violation: boolean;
  ahead: boolean;
  /** Why this planned step could not run here (the replay stopped before it). */
  blocked?: string;
  /** It ran, but not as planned. */
  changed?: string;
}

export interface TimelineSpan { thread: number; from: number; to: number; kind: 'lock' | 'spin' }

export interface TimelineView {
  file: string;
  variant: string;
  threads: string[];
  cells: TimelineCell[];
  spans: TimelineSpan[];
  /** Steps taken: cell position-1 is where the session stands. */
  position: number;
  /** The plan as a schedule string (what "Save as named schedule" writes). */
  schedule: string;
  /** A sentence about the last replay (or why an action was refused). */
  note?: string;
  /** The steps to keep selected (a run just moved): first index and count. */
  selection?: { from: number; count: number };
  finished: boolean;
}

/** Host -> timeline webview. */
export type ToTimeline =
  | { type: 'timeline'; view: TimelineView }
  | { type: 'ended' };

/** Timeline webview -> host. `move`: steps from..from+count-1 go before step `before` (indices in the plan). */
export type FromTimeline =
  | { type: 'ready' }
  | { type: 'travel'; index: number }
  | { type: 'start' }
  | { type: 'move'; from: number; count: number; before: number }
  | { type: 'save' };

/** Host -> webview. */
export type ToWebview =
  | { type: 'snapshot'; snapshot: StateSnapshot }
  | { type: 'ended' };

/** Webview -> host. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; work: string }
  | { type: 'rerun' };
