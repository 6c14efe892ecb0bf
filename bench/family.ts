// The scaling family of scenarios (K queued works each freed by its callback, C cancellers each
// cancelling and freeing one of them, A adders, one owner running the list), written twice: as a
// .tw scenario and as a Promela model with the same atomic steps, so tw and Spin check one thing.
export interface Family { threads: number; queued: number; cancellers: number; adders: number }

/** n racing threads: the owner, ceil((n-1)/2) cancellers, the rest adders; one queued work more than cancellers. */
export function familyOf(threads: number): Family {
  const cancellers = Math.ceil((threads - 1) / 2);
  return { threads, queued: cancellers + 1, cancellers, adders: threads - 1 - cancellers };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

export function familyTw(f: Family): string {
  const q = range(f.queued);
  const c = range(f.cancellers);
  const a = range(f.adders);
  return [
    `// ${f.threads} racing threads: ${f.cancellers} cancellers, ${f.adders} adders, the owner; ${f.queued} queued works.`,
    'task T;',
    ...q.map((i) => `work Q${i} = release;`),
    ...a.map((i) => `work N${i} = release;`),
    'callback release(cb) { free(cb); }',
    `setup { ${q.map((i) => `task_work_add(T, Q${i}, TWA_RESUME);`).join(' ')} }`,
    ...c.map((i) => `thread canceller${i} { if (task_work_cancel(T, Q${i})) free(Q${i}); }`),
    ...a.map((i) => `thread adder${i} { task_work_add(T, N${i}, TWA_RESUME); }`),
    'thread owner current(T) { task_work_run(); }',
    '',
  ].join('\n');
}

/*
 * The Promela model. One `atomic` per tw atomic step (same labels in comments), the heap as arrays
 * indexed by work number (0 is NULL), pi_lock as the holder's pid. The checks tw makes on these
 * steps become assertions: use-after-free on every access to a work, double free, run after cancel.
 */
const OWNER = `
proctype owner() {
  byte w, nx;
rload:   atomic { w = head }                                                  /* run.load */
rcheck:  atomic { if :: w == 0 -> goto rdone :: else -> skip fi }             /* run.check */
         atomic { if :: head == w -> head = 0 :: else -> w = head; goto rcheck fi }  /* run.cas */
         atomic { lock == 0 -> lock = _pid }                                  /* run.lock */
         atomic { lock = 0 }                                                  /* run.unlock */
rnext:   atomic { assert(!freed[w]); nx = nxt[w] }                            /* run.next */
         atomic { assert(!freed[w] && !cancelled[w]) }                        /* run.call */
         atomic { assert(!freed[w]); freed[w] = 1; w = nx;                    /* free (the callback) */
                  if :: w == 0 -> goto rload :: else -> goto rnext fi }
rdone:   skip
}`;

const CANCELLER = `
proctype canceller(byte target) {
  byte w, pp, nx, seen, ret;
         atomic { if :: head == 0 -> goto cdone :: else -> skip fi }          /* cancel.peek */
         atomic { lock == 0 -> lock = _pid }                                  /* cancel.lock */
         atomic { pp = 0; w = head; if :: w == 0 -> goto cunlock :: else -> skip fi }  /* cancel.load */
cmatch:  atomic { if :: w == target -> goto ccas :: else -> skip fi }         /* cancel.match */
         atomic { pp = w; assert(!freed[pp]); w = nxt[pp];                    /* cancel.step */
                  if :: w == 0 -> goto cunlock :: else -> goto cmatch fi }
ccas:    atomic { assert(!freed[w]); nx = nxt[w];                             /* cancel.cas */
                  if :: pp == 0 -> seen = head :: else -> assert(!freed[pp]); seen = nxt[pp] fi;
                  if
                  :: seen == w -> if :: pp == 0 -> head = nx :: else -> nxt[pp] = nx fi;
                                  cancelled[w] = 1; ret = w; goto cunlock
                  :: else -> w = seen; if :: w == 0 -> goto cunlock :: else -> goto cmatch fi
                  fi }
cunlock: atomic { lock = 0; if :: ret == 0 -> goto cdone :: else -> skip fi } /* cancel.unlock */
         atomic { assert(!freed[target]); freed[target] = 1 }                /* free */
cdone:   skip
}`;

const ADDER = `
proctype adder(byte w) {
  byte h;
         atomic { h = head }                                                  /* add.load */
acheck:  atomic { h != 255 }                                                  /* add.check (no exit here) */
         atomic { assert(!freed[w]); nxt[w] = h }                             /* add.link */
         atomic { if :: head == h -> head = w :: else -> h = head; goto acheck fi }  /* add.cas */
         atomic { notify = 1 }                                                /* add.notify */
}`;

export function familyPromela(f: Family): string {
  const works = f.queued + f.adders;
  const setup = range(f.queued).map((i) => `nxt[${i}] = ${i - 1};`).join(' ');
  const runs = [
    ...range(f.cancellers).map((i) => `run canceller(${i});`),
    ...range(f.adders).map((i) => `run adder(${f.queued + i});`),
    'run owner();',
  ];
  return [
    `/* ${f.threads} racing threads: ${f.cancellers} cancellers, ${f.adders} adders, the owner; ${f.queued} queued works (1..${f.queued}). */`,
    `byte head; byte lock; bit notify; byte nxt[${works + 1}]; bit freed[${works + 1}]; bit cancelled[${works + 1}];`,
    OWNER, CANCELLER, ADDER,
    `init { atomic { ${setup} head = ${f.queued}; notify = 1; ${runs.join(' ')} } }`,
    '',
  ].join('\n');
}
