// What a timeline cell shows, shared by the SVG (`tw run --format svg`) and the VS Code timeline
// view: the drawing class of a step (CAS ok / failed, spin, free), its second line, and the spans
// drawn as bars under a lane (pi_lock held, spinning).

/** The part of a step a cell needs: the SVG passes a ScheduleStep, the editor the adapter's step data. */
export interface CellStep {
  index: number;
  thread: number;
  event: { label: string; ok: number; blockedAt?: string };
  /** Violations the step reported; end-of-execution ones (step 0) are not the step's doing. */
  violations: readonly { kind: string; message: string; step?: number }[];
}

export interface Span { t: number; from: number; to: number }

/** The violations a step itself caused. */
export function ownViolations(s: CellStep): CellStep['violations'] {
  return s.violations.filter((v) => v.step === undefined || v.step > 0);
}

/** Drawing class: `spin`, `free`, `cas-ok`, `cas-fail`, `cell` (an API step) or `code` (a statement). */
export function kindOf(s: CellStep): string {
  const l = s.event.label;
  if (l === 'spin') return 'spin';
  if (l === 'free') return 'free';
  if (l.endsWith('.cas')) return s.event.ok === 0 ? 'cas-fail' : 'cas-ok';
  return l.includes('.') ? 'cell' : 'code';
}

/** The second line of a cell: the CAS outcome, what a spin waits for, the violation kinds. */
export function markOf(s: CellStep): string {
  const kinds = [...new Set(ownViolations(s).map((v) => v.kind))];
  // The cell has room for one kind; the tooltip and the notes give them all.
  if (kinds.length) return `${kinds[0]}${kinds.length > 1 ? `+${kinds.length - 1}` : ''}`;
  if (s.event.label === 'spin') return s.event.blockedAt ?? 'waits';
  if (s.event.label.endsWith('.cas')) return s.event.ok === 0 ? 'FAILED' : 'ok';
  return '';
}

/** Per thread, the steps from a pi_lock acquisition to its release (to the end if never released). */
export function lockSpans(steps: readonly CellStep[]): Span[] {
  const open = new Map<number, number>();
  const out: Span[] = [];
  for (const s of steps) {
    const l = s.event.label;
    if (l === 'cancel.lock' || l === 'run.lock') open.set(s.thread, s.index);
    const from = open.get(s.thread);
    if ((l === 'cancel.unlock' || l === 'run.unlock') && from !== undefined) {
      out.push({ t: s.thread, from, to: s.index });
      open.delete(s.thread);
    }
  }
  for (const [t, from] of open) out.push({ t, from, to: steps.length - 1 });
  return out.sort((a, b) => a.from - b.from);
}

/** Per thread, each run of spins with no step of its own in between (other threads' steps may interleave). */
export function spinSpans(steps: readonly CellStep[]): Span[] {
  const open = new Map<number, Span>();
  const out: Span[] = [];
  for (const s of steps) {
    const cur = open.get(s.thread);
    if (s.event.label !== 'spin') { open.delete(s.thread); continue; }
    if (cur) cur.to = s.index;
    else { const span = { t: s.thread, from: s.index, to: s.index }; open.set(s.thread, span); out.push(span); }
  }
  return out.sort((a, b) => a.from - b.from);
}
