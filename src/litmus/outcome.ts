// A litmus test's answer, as herd7 words it: the final states of the allowed executions, the
// witnesses for and against the condition, and the Observation line (Never/Sometimes/Always).
import { flagsAnswering, modelFlags } from '../lkmm';
import type { Val } from '../lkmm';
import type { LitmusTest, Prop, StateName, Verdict } from './ast';
import { forEachAllowed } from './enumerate';
import type { AllowedExecution } from './enumerate';

export interface LitmusResult {
  name: string;
  /** Each distinct final state (herd's `States`), in text order. */
  states: string[];
  positive: number;
  negative: number;
  verdict: Verdict;
  /** The condition holds as its quantifier asks (herd's Ok / No). */
  ok: boolean;
  /** Some allowed execution has a data race (herd's `Flag data-race`). */
  dataRace: boolean;
  /** The model's other warnings some allowed execution raises (herd's `Flag unmatched-rcu-unlock` ...), sorted. */
  flags: string[];
  /** Candidate executions judged. */
  candidates: number;
  condition: string;
}

export function runLitmus(test: LitmusTest): LitmusResult {
  const shown = shownNames(test);
  const states = new Set<string>();
  const observed = new Set(shown.filter((n) => n.thread === undefined).map((n) => n.name));
  let positive = 0; let negative = 0; let dataRace = false;
  const flags = new Set<string>();
  // An execution the filter discards counts for nothing, so paths whose registers already fail it are not paired.
  const filter = test.filter;
  const mayKeep = filter && ((pick: ({ regs: Map<string, Val> } | undefined)[]) => mayHold(filter, (n) => {
    if (n.thread === undefined) return undefined;
    const p = pick[n.thread];
    return p === undefined ? undefined : p.regs.get(n.name) ?? test.initRegs.get(`${n.thread}:${n.name}`) ?? 0;
  }) !== false);
  const candidates = forEachAllowed(test, (x) => {
    const read = (n: StateName): Val | undefined => valueOf(test, x, n);
    if (test.filter && !holds(test.filter, read)) return;
    states.add(shown.map((n) => `${nameText(n)}=${String(read(n) ?? 0)};`).join(' '));
    if (holds(test.condition, read)) positive++; else negative++;
    dataRace ||= x.race;
    for (const f of modelFlags(x.graph, observed)) flags.add(f);
  }, { mayKeep });
  const verdict: Verdict = positive === 0 ? 'Never' : negative === 0 ? 'Always' : 'Sometimes';
  const ok = test.quantifier === 'exists' ? positive > 0 : test.quantifier === '~exists' ? positive === 0 : negative === 0;
  return { name: test.name, states: [...states].sort(), positive, negative, verdict, ok, dataRace, flags: [...flags].sort(), candidates, condition: `${test.quantifier} ${propText(test.condition)}` };
}

/**
 * tw's answer against the Result its header documents, judged as the kernel's judgelitmus.sh
 * judges herd7's: DEADLOCK means no execution at all; a documented DATARACE and a modelled data
 * race go together (one without the other disagrees); when both are there, a verdict other than the
 * documented one is forgiven (a racy test's outcome is undefined, whatever the model answers).
 */
export type Agreement = 'agrees' | 'forgiven' | 'disagrees';

export function agreement(test: LitmusTest, r: LitmusResult): Agreement | undefined {
  const d = test.documented;
  if (!d) return undefined;
  if (d.verdict === 'DEADLOCK') return r.positive + r.negative === 0 ? 'agrees' : 'disagrees';
  // A test written to raise a warning is judged by the warning, whatever its condition observes.
  if (d.verdict === 'Flag') return r.flags.some((f) => flagsAnswering(d.flag ?? '').includes(f)) ? 'agrees' : 'disagrees';
  if (d.dataRace !== r.dataRace) return 'disagrees';
  if (d.verdict === r.verdict) return 'agrees';
  return d.dataRace ? 'forgiven' : 'disagrees';
}

/** herd7's report of a result. */
export function resultText(r: LitmusResult, kind: 'Allowed' | 'Required'): string[] {
  return [
    `Test ${r.name} ${kind}`,
    `States ${r.states.length}`,
    ...r.states,
    r.ok ? 'Ok' : 'No',
    'Witnesses',
    `Positive: ${r.positive} Negative: ${r.negative}`,
    ...[...(r.dataRace ? ['data-race'] : []), ...r.flags].sort().map((f) => `Flag ${f}`),
    `Condition ${r.condition}`,
    `Observation ${r.name} ${r.verdict} ${r.positive} ${r.negative}`,
  ];
}

function valueOf(test: LitmusTest, x: AllowedExecution, n: StateName): Val | undefined {
  if (n.thread === undefined) return x.final.get(n.name) ?? test.initLocs.get(n.name) ?? 0;
  return x.regs[n.thread]?.get(n.name) ?? test.initRegs.get(`${n.thread}:${n.name}`) ?? 0;
}

function holds(p: Prop, read: (n: StateName) => Val | undefined): boolean {
  switch (p.k) {
    case 'and': return holds(p.a, read) && holds(p.b, read);
    case 'or': return holds(p.a, read) || holds(p.b, read);
    case 'not': return !holds(p.p, read);
    case 'const': return p.v;
    case 'atom': return (read(p.lhs) === (typeof p.value === 'object' ? read(p.value) : p.value)) !== p.negated;
  }
}

/**
 * `p` with some names unknown (`read` gives undefined): false when it fails whatever they hold,
 * true when it holds whatever they hold, undefined when that depends on them.
 */
function mayHold(p: Prop, read: (n: StateName) => Val | undefined): boolean | undefined {
  switch (p.k) {
    case 'and': { const a = mayHold(p.a, read); const b = mayHold(p.b, read); return a === false || b === false ? false : a && b ? true : undefined; }
    case 'or': { const a = mayHold(p.a, read); const b = mayHold(p.b, read); return a === true || b === true ? true : a === false && b === false ? false : undefined; }
    case 'not': { const a = mayHold(p.p, read); return a === undefined ? undefined : !a; }
    case 'const': return p.v;
    case 'atom': {
      const lhs = read(p.lhs);
      const rhs = typeof p.value === 'object' ? read(p.value) : p.value;
      return lhs === undefined || rhs === undefined ? undefined : (lhs === rhs) !== p.negated;
    }
  }
}

/** The names a state line shows: `locations [...]`, then those the condition mentions. */
function shownNames(test: LitmusTest): StateName[] {
  const out: StateName[] = [];
  const seen = new Set<string>();
  const add = (n: StateName): void => { const k = nameText(n); if (!seen.has(k)) { seen.add(k); out.push(n); } };
  test.locations.forEach(add);
  const walk = (p: Prop): void => {
    if (p.k === 'atom') { add(p.lhs); if (typeof p.value === 'object') add(p.value); }
    else if (p.k === 'not') walk(p.p);
    else if (p.k === 'and' || p.k === 'or') { walk(p.a); walk(p.b); }
  };
  walk(test.condition);
  return out;
}

function nameText(n: StateName): string { return n.thread === undefined ? n.name : `${n.thread}:${n.name}`; }

function propText(p: Prop): string {
  switch (p.k) {
    case 'atom': return `${nameText(p.lhs)}${p.negated ? '!=' : '='}${typeof p.value === 'object' ? nameText(p.value) : String(p.value)}`;
    case 'const': return p.v ? 'true' : 'false';
    case 'not': return `~${propText(p.p)}`;
    default: {
      const s = `${propText(p.a)} ${p.k === 'and' ? '/\\' : '\\/'} ${propText(p.b)}`;
      return `(${s})`;
    }
  }
}
