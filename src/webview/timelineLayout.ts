// Pure layout and keyboard logic of the timeline view (unit-tested without a browser): the grid
// position of every lane name, step number, cell and bar, the classes and accessible names of the
// cells, and where the arrow keys go, how Shift extends a selection and Alt moves it.
import type { TimelineCell, TimelineView } from '../protocol/messages';

export interface GridItem { row: number; col: number; colEnd?: number; cls: string; text: string; index?: number }

/** Lane t uses grid rows 2+2t (cells) and 3+2t (its bars); row 1 numbers the steps; column 1 names the lanes. */
export const cellRow = (t: number): number => 2 + 2 * t;

export function cellClasses(c: TimelineCell, view: TimelineView, selected: boolean): string {
  return ['cell', `k-${c.kind}`, c.ahead ? 'ahead' : 'done', c.index === view.position - 1 ? 'current' : '',
    c.violation ? 'violation' : '', c.blocked ? 'blocked' : '', c.changed ? 'changed' : '', selected ? 'selected' : '']
    .filter(Boolean).join(' ');
}

/** What a screen reader says for a cell: its number, thread, step, outcome and marks. */
export function cellLabel(c: TimelineCell, view: TimelineView): string {
  const parts = [`step ${c.index + 1}`, view.threads[c.thread] ?? '?', c.label];
  if (c.mark) parts.push(c.mark);
  if (c.index === view.position - 1) parts.push('current');
  if (c.ahead) parts.push('not taken yet');
  if (c.blocked) parts.push(`cannot run here: ${c.blocked}`);
  if (c.changed) parts.push(c.changed);
  return parts.join(', ');
}

export function gridItems(view: TimelineView): GridItem[] {
  const items: GridItem[] = view.threads.map((name, t) => ({ row: cellRow(t), col: 1, cls: 'lane-name', text: name }));
  for (const c of view.cells) items.push({ row: 1, col: c.index + 2, cls: 'num', text: String(c.index + 1) });
  for (const s of view.spans) {
    items.push({ row: cellRow(s.thread) + 1, col: s.from + 2, colEnd: s.to + 3, cls: `span span-${s.kind}`, text: s.kind === 'lock' ? 'holds pi_lock' : 'spins' });
  }
  return items;
}

export type NavKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

/** The cell the focus goes to from `index` (Left/Right: the previous/next step; Up/Down: the nearest step of the lane above/below). */
export function neighbour(view: TimelineView, index: number, key: NavKey): number {
  const n = view.cells.length;
  if (!n) return -1;
  const cur = view.cells[Math.max(0, Math.min(index, n - 1))];
  if (!cur) return -1;
  switch (key) {
    case 'ArrowLeft': return Math.max(0, cur.index - 1);
    case 'ArrowRight': return Math.min(n - 1, cur.index + 1);
    case 'Home': return 0;
    case 'End': return n - 1;
    default: {
      const lane = cur.thread + (key === 'ArrowUp' ? -1 : 1);
      let best = cur.index;
      let dist = Infinity;
      for (const c of view.cells) {
        if (c.thread === lane && Math.abs(c.index - cur.index) < dist) { best = c.index; dist = Math.abs(c.index - cur.index); }
      }
      return best;
    }
  }
}

export interface Selection { from: number; count: number }

/** Shift+Left/Right: the selection grows by the adjacent step when it is the same thread's; else it stays. */
export function extend(view: TimelineView, sel: Selection, key: 'ArrowLeft' | 'ArrowRight'): Selection {
  const thread = view.cells[sel.from]?.thread;
  const at = key === 'ArrowLeft' ? sel.from - 1 : sel.from + sel.count;
  if (view.cells[at]?.thread !== thread) return sel;
  return key === 'ArrowLeft' ? { from: at, count: sel.count + 1 } : { from: sel.from, count: sel.count + 1 };
}

/** Alt+Left/Right: the move that takes the selected run before the previous step or after the next one. */
export function shiftMove(view: TimelineView, sel: Selection, key: 'ArrowLeft' | 'ArrowRight'): { from: number; count: number; before: number } | null {
  const before = key === 'ArrowLeft' ? sel.from - 1 : sel.from + sel.count + 1;
  if (before < 0 || before > view.cells.length) return null;
  return { from: sel.from, count: sel.count, before };
}

/** A drop on cell `target`: before it when the pointer is on its left half, else after it. */
export function dropBefore(target: number, leftHalf: boolean): number {
  return leftHalf ? target : target + 1;
}
