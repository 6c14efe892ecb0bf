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
}

/** The custom DAP event the adapter sends after every stop: `event: 'tw/state', body: StateSnapshot`. */
export const STATE_EVENT = 'tw/state';
/** Custom DAP request: explore everything reachable from the paused state. */
export const EXPLORE_REQUEST = 'tw/exploreFromHere';
/** Custom DAP request: the current schedule as text (for "Save schedule"). */
export const SCHEDULE_REQUEST = 'tw/schedule';

/** Host -> webview. */
export type ToWebview =
  | { type: 'snapshot'; snapshot: StateSnapshot }
  | { type: 'ended' };

/** Webview -> host. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; work: string }
  | { type: 'rerun' };
