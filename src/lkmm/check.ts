// checkLkmm: is an execution graph allowed by the Linux kernel memory model? The axioms in the
// order the kernel's model states them; the first one violated is named with its cycle in words.
// dataRaces: the pairs of plain accesses the model flags as a data race.
import { baseOf } from './base';
import type { Base } from './base';
import { derive } from './axioms';
import type { Derived } from './axioms';
import { eventText } from './graph';
import type { ExecutionGraph } from './graph';
import { plainRelations } from './plain';
import { Rel } from './relation';

/** The LKMM's axioms, by the names the kernel's model gives them. */
export type Axiom = 'coherence' | 'atomic' | 'happens-before' | 'propagation' | 'rcu' | 'plain-coherence';

export type LkmmVerdict =
  | { allowed: true }
  | { allowed: false; axiom: Axiom; /** Event ids of the cycle (or the pair), in order. */ cycle: number[]; text: string };

export interface DataRace { a: number; b: number; text: string }

/** Checks the axioms one by one; the cheap ones first, as a filter over many candidate executions. */
/** The same judgement without the words (for enumerators that try many candidates). */
export function lkmmAllows(g: ExecutionGraph): boolean { return judgeExecution(g).allowed; }

export function checkLkmm(g: ExecutionGraph): LkmmVerdict {
  const b = baseOf(g);
  const com = b.rf.union(b.co, b.fr);
  const coherence = b.po.inter(b.loc).union(com);
  if (!coherence.acyclic()) return cycleVerdict(g, b, 'coherence', coherence, 'coherence cycle (sequential consistency per location)');
  const atomic = b.rmw.inter(b.fr.inter(b.ext).seq(b.co.inter(b.ext)));
  if (!atomic.isEmpty()) {
    const [r, w] = atomic.pairs()[0] ?? [0, 0];
    return { allowed: false, axiom: 'atomic', cycle: [r, w], text: `atomicity: another thread's write comes between ${eventText(g, r)} and ${eventText(g, w)} in coherence order` };
  }
  const d = derive(g, b);
  if (!d.hb.acyclic()) return cycleVerdict(g, b, 'happens-before', d.hb, 'hb cycle', d);
  if (!d.pb.acyclic()) return cycleVerdict(g, b, 'propagation', d.pb, 'pb cycle', d);
  if (!d.rb.irreflexive()) {
    const e = d.rb.pairs().find(([x, y]) => x === y)?.[0] ?? 0;
    return { allowed: false, axiom: 'rcu', cycle: [e], text: `rcu: ${eventText(g, e)} would have to come before itself (an RCU grace period outlasts no critical section here)` };
  }
  const plain = plainRelations(d);
  if (!plain.incoherent.isEmpty()) {
    const [x, y] = plain.incoherent.pairs()[0] ?? [0, 0];
    return { allowed: false, axiom: 'plain-coherence', cycle: [x, y], text: `plain-coherence: ${eventText(g, x)} and ${eventText(g, y)} are ordered against their coherence` };
  }
  return { allowed: true };
}

/** The plain-access data races of an execution (meaningful for an allowed one). */
export function dataRaces(g: ExecutionGraph): DataRace[] { return racesOf(g, plainRelations(derive(g, baseOf(g))).races); }

/** Allowed or not, and the data races of an allowed execution, in one pass (for enumerators). */
export function judgeExecution(g: ExecutionGraph): { allowed: false } | { allowed: true; races: DataRace[] } {
  const b = baseOf(g);
  const com = b.rf.union(b.co, b.fr);
  if (!b.po.inter(b.loc).union(com).acyclic()) return { allowed: false };
  if (!b.rmw.inter(b.fr.inter(b.ext).seq(b.co.inter(b.ext))).isEmpty()) return { allowed: false };
  const d = derive(g, b);
  if (!d.hb.acyclic() || !d.pb.acyclic() || !d.rb.irreflexive()) return { allowed: false };
  const plain = plainRelations(d);
  if (!plain.incoherent.isEmpty()) return { allowed: false };
  return { allowed: true, races: racesOf(g, plain.races) };
}

function racesOf(g: ExecutionGraph, races: Rel): DataRace[] {
  const seen = new Set<string>();
  const out: DataRace[] = [];
  for (const [x, y] of races.pairs()) {
    const [a, c] = x < y ? [x, y] : [y, x];
    if (seen.has(`${a},${c}`)) continue;
    seen.add(`${a},${c}`);
    out.push({ a, b: c, text: `data race on ${g.events[a]?.loc ?? '?'}: ${eventText(g, a)} and ${eventText(g, c)}` });
  }
  return out;
}

/** The cycle and its words are worked out only when read (an enumerator rejecting many graphs never does). */
function cycleVerdict(g: ExecutionGraph, b: Base, axiom: Axiom, r: Rel, what: string, d?: Derived): LkmmVerdict {
  let cycle: number[] | undefined;
  let text: string | undefined;
  const cycleOf = (): number[] => (cycle ??= r.cycle() ?? []);
  return {
    allowed: false, axiom,
    get cycle(): number[] { return cycleOf(); },
    get text(): string {
      if (text === undefined) {
        const c = cycleOf();
        const steps = c.map((e, i) => `${eventText(g, e)} ${edgeWords(g, b, e, c[(i + 1) % c.length] ?? e, d)}`);
        text = `${what}: ${steps.join(' ')} ${c[0] === undefined ? '' : eventText(g, c[0])}`;
      }
      return text;
    },
  };
}

/** Base relations by name, the simplest first: an edge of a cycle is told as one of them, or a path of them. */
function namedRelations(b: Base, d?: Derived): [string, Rel][] {
  const names: [string, Rel][] = [['rf', b.rf], ['co', b.co], ['fr', b.fr], ['addr', b.addr], ['data', b.data], ['ctrl', b.ctrl]];
  if (d) names.push(['release', d.poRel], ['acquire', d.acqPo], ['wmb', d.wmb], ['rmb', d.rmb], ['mb', d.strongFence], ['fence', d.fence], ['unlock-lock', d.poUnlockLockPo], ['ppo', d.ppo]);
  names.push(['po', b.po]);
  return names;
}

/** "-rf->" for a base edge; for a derived one (prop, pb) the shortest path of base edges through the events between. */
function edgeWords(g: ExecutionGraph, b: Base, x: number, y: number, d?: Derived): string {
  const names = namedRelations(b, d);
  const direct = names.find(([, r]) => r.has(x, y))?.[0];
  if (direct) return `-${direct}->`;
  const prev = new Map<number, [number, string]>([[x, [x, '']]]);
  const queue = [x];
  for (let qi = 0; qi < queue.length && !prev.has(y); qi++) {
    const a = queue[qi] ?? x;
    for (let c = 0; c < b.n; c++) {
      const name = prev.has(c) ? undefined : names.find(([, r]) => r.has(a, c))?.[0];
      if (name) { prev.set(c, [a, name]); queue.push(c); }
    }
  }
  if (!prev.has(y)) return '-hb->';
  const parts: string[] = [];
  for (let c = y; c !== x;) {
    const [a, name] = prev.get(c) ?? [x, '?'];
    parts.unshift(c === y ? `-${name}->` : `-${name}-> ${eventText(g, c)}`);
    c = a;
  }
  return parts.join(' ');
}
