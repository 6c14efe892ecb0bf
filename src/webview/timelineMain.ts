// The timeline view's browser side: draws the lanes from the host's TimelineView (a CSS grid, the
// positions set through the CSSOM: the CSP allows no inline style attributes), keeps the focus and
// the selection, and sends travel, move and save requests. The last view survives a reload.
import type { FromTimeline, TimelineView, ToTimeline } from '../protocol/messages';
import { cellClasses, cellLabel, cellRow, dropBefore, extend, gridItems, neighbour, shiftMove, type NavKey, type Selection } from './timelineLayout';

interface VsCodeApi { postMessage(msg: FromTimeline): void; getState(): unknown; setState(state: unknown): void }
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let view: TimelineView | null = readState(vscode.getState());
let ended = false;
let focus = -1;
let sel: Selection | null = null;

function readState(raw: unknown): TimelineView | null {
  const v = raw as Partial<TimelineView> | null | undefined; // our own JSON from setState
  return v && Array.isArray(v.cells) && Array.isArray(v.threads) ? (v as TimelineView) : null;
}

function el(tag: string, cls: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function button(text: string, title: string, msg: FromTimeline, id: string): HTMLElement {
  const b = el('button', '', text);
  b.id = id;
  b.title = title;
  b.addEventListener('click', () => vscode.postMessage(msg));
  return b;
}

function header(v: TimelineView): HTMLElement {
  const bar = el('div', 'bar');
  const status = el('span', 'status', `step ${v.position} of ${v.cells.length} · variant ${v.variant}${v.finished ? ' · finished' : ''}${ended ? ' · session ended' : ''}`);
  bar.append(status, button('To start', 'Travel back to before the first step', { type: 'start' }, 'start'),
    button('Save as named schedule', `Write schedule NAME = "${v.schedule}"; into the scenario`, { type: 'save' }, 'save'));
  const sched = el('code', 'schedule', v.schedule || '(no steps)');
  bar.append(sched);
  return bar;
}

function draw(): void {
  const root = document.getElementById('root');
  if (!root) return;
  root.replaceChildren();
  const v = view;
  document.body.dataset.position = v ? String(v.position) : '';
  document.body.dataset.schedule = v?.schedule ?? '';
  if (!v) { root.append(el('p', 'empty', 'Start a tw debug session (F5 on a .tw file): its steps appear here, one lane per thread.')); return; }
  root.append(header(v));
  if (v.note) root.append(el('p', 'note', v.note));
  const grid = el('div', 'grid');
  grid.setAttribute('role', 'grid');
  grid.setAttribute('aria-label', 'Timeline: one lane per thread. Arrows move, Enter travels there, Shift+arrows select a run, Alt+arrows move it.');
  grid.style.gridTemplateColumns = `max-content repeat(${Math.max(1, v.cells.length)}, minmax(6.5em, max-content))`;
  grid.style.gridTemplateRows = `auto ${v.threads.map(() => 'auto 8px').join(' ')}`;
  for (const it of gridItems(v)) {
    const e = el('div', it.cls, it.cls.startsWith('span') ? '' : it.text);
    if (it.cls.startsWith('span')) e.title = it.text;
    e.style.gridRow = String(it.row);
    e.style.gridColumn = it.colEnd ? `${it.col} / ${it.colEnd}` : String(it.col);
    grid.append(e);
  }
  if (focus < 0 || focus >= v.cells.length) focus = Math.max(0, v.position - 1);
  for (const c of v.cells) grid.append(cellElement(v, c));
  root.append(grid);
}

function cellElement(v: TimelineView, c: TimelineView['cells'][number]): HTMLElement {
  const selected = !!sel && c.index >= sel.from && c.index < sel.from + sel.count;
  const e = el('div', cellClasses(c, v, selected));
  e.append(el('span', 'label', c.label), el('span', 'mark', c.blocked ? 'cannot run' : c.changed ? 'changed' : c.mark));
  e.setAttribute('role', 'gridcell');
  e.setAttribute('aria-label', cellLabel(c, v));
  e.setAttribute('aria-selected', String(selected));
  e.title = [c.tip, c.blocked ? `cannot run here: ${c.blocked}` : '', c.changed ?? ''].filter(Boolean).join('\n');
  e.dataset.index = String(c.index);
  e.dataset.thread = v.threads[c.thread] ?? '';
  e.tabIndex = c.index === focus ? 0 : -1;
  e.draggable = true;
  e.style.gridRow = String(cellRow(c.thread));
  e.style.gridColumn = String(c.index + 2);
  return e;
}

function cellOf(target: EventTarget | null): HTMLElement | null {
  return target instanceof HTMLElement ? target.closest<HTMLElement>('.cell') : null;
}

function focusCell(i: number): void {
  focus = i;
  const cells = document.querySelectorAll<HTMLElement>('.cell');
  cells.forEach((c) => { c.tabIndex = Number(c.dataset.index) === i ? 0 : -1; });
  document.querySelector<HTMLElement>(`.cell[data-index="${i}"]`)?.focus();
}

function select(s: Selection | null): void {
  sel = s;
  document.querySelectorAll<HTMLElement>('.cell').forEach((c) => {
    const i = Number(c.dataset.index);
    const on = !!s && i >= s.from && i < s.from + s.count;
    c.classList.toggle('selected', on);
    c.setAttribute('aria-selected', String(on));
  });
}

function onKey(ev: KeyboardEvent): void {
  const v = view;
  if (!v || !cellOf(ev.target)) return;
  const key = ev.key;
  const horizontal = key === 'ArrowLeft' || key === 'ArrowRight';
  if (horizontal && ev.altKey) {
    const m = shiftMove(v, sel ?? { from: focus, count: 1 }, key);
    if (m) vscode.postMessage({ type: 'move', ...m });
  } else if (horizontal && ev.shiftKey) {
    const s = extend(v, sel ?? { from: focus, count: 1 }, key);
    select(s);
    focusCell(key === 'ArrowLeft' ? s.from : s.from + s.count - 1);
  } else if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(key)) {
    focusCell(neighbour(v, focus, key as NavKey));
    select({ from: focus, count: 1 });
  } else if (key === 'Enter' || key === ' ') {
    vscode.postMessage({ type: 'travel', index: focus });
  } else return;
  ev.preventDefault();
}

function onClick(ev: MouseEvent): void {
  const c = cellOf(ev.target);
  if (!c || !view) return;
  const i = Number(c.dataset.index);
  if (ev.shiftKey && sel && view.cells[i]?.thread === view.cells[sel.from]?.thread) {
    const from = Math.min(sel.from, i);
    const to = Math.max(sel.from + sel.count - 1, i);
    const run = view.cells.slice(from, to + 1);
    if (run.every((x) => x.thread === view?.cells[i]?.thread)) { select({ from, count: to - from + 1 }); focusCell(i); return; }
  }
  select({ from: i, count: 1 });
  focusCell(i);
  vscode.postMessage({ type: 'travel', index: i });
}

let dragging: Selection | null = null;

function onDragStart(ev: DragEvent): void {
  const c = cellOf(ev.target);
  if (!c) return;
  const i = Number(c.dataset.index);
  dragging = sel && i >= sel.from && i < sel.from + sel.count ? sel : { from: i, count: 1 };
  select(dragging);
  ev.dataTransfer?.setData('text/plain', `${dragging.from},${dragging.count}`);
  if (ev.dataTransfer) ev.dataTransfer.effectAllowed = 'move';
}

function leftHalf(ev: DragEvent, c: HTMLElement): boolean {
  const r = c.getBoundingClientRect();
  return ev.clientX < r.left + r.width / 2;
}

function clearDrop(): void {
  document.querySelectorAll('.drop-before, .drop-after').forEach((e) => e.classList.remove('drop-before', 'drop-after'));
}

function onDragOver(ev: DragEvent): void {
  const c = cellOf(ev.target);
  if (!c || !dragging) return;
  ev.preventDefault();
  clearDrop();
  c.classList.add(leftHalf(ev, c) ? 'drop-before' : 'drop-after');
}

function onDrop(ev: DragEvent): void {
  const c = cellOf(ev.target);
  const d = dragging;
  clearDrop();
  dragging = null;
  if (!c || !d) return;
  ev.preventDefault();
  vscode.postMessage({ type: 'move', from: d.from, count: d.count, before: dropBefore(Number(c.dataset.index), leftHalf(ev, c)) });
}

window.addEventListener('message', (ev: MessageEvent<ToTimeline>) => {
  const msg = ev.data;
  if (msg.type === 'timeline') {
    // Every stop refreshes the view, often twice with the same picture: redraw only on a change
    // (a redraw replaces the cells, and a click landing during one would be lost).
    if (!ended && !msg.view.selection && view && JSON.stringify(view) === JSON.stringify(msg.view)) return;
    const hadFocus = document.activeElement?.classList.contains('cell') ?? false;
    view = msg.view;
    ended = false;
    if (msg.view.selection) { sel = msg.view.selection; focus = sel.from; }
    else if (sel && sel.from + sel.count > msg.view.cells.length) sel = null;
    vscode.setState(view);
    draw();
    if (hadFocus) focusCell(focus);
    return;
  }
  if (msg.type === 'ended') { ended = true; draw(); }
});

// The host gives the keyboard back after VS Code focused a stopped thread's editor: to the focused cell.
window.addEventListener('focus', () => { if (view && !document.activeElement?.classList.contains('cell')) focusCell(focus); });
document.addEventListener('keydown', onKey);
document.addEventListener('click', onClick);
document.addEventListener('dragstart', onDragStart);
document.addEventListener('dragover', onDragOver);
document.addEventListener('drop', onDrop);
document.addEventListener('dragend', () => { dragging = null; clearDrop(); });
draw();
vscode.postMessage({ type: 'ready' });
