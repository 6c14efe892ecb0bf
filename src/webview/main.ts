// The queue picture's browser side: receives `tw/state` snapshots from the extension, redraws the
// SVG and the thread list, and keeps the last snapshot in webview state so a reload redraws at once.
import type { StateSnapshot, ToWebview, FromWebview } from '../protocol/messages';
import { layoutQueue } from './layout';
import { renderSvg, THREAD_COLOURS } from './svg';
import { renderPanel } from './panel';

interface VsCodeApi {
  postMessage(msg: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  snapshot: StateSnapshot | null;
  prev: StateSnapshot | null;
  ended: boolean;
}

const vscode = acquireVsCodeApi();
let state: SavedState = readState(vscode.getState());

function readState(raw: unknown): SavedState {
  const s = raw as Partial<SavedState> | null | undefined; // our own JSON from setState, checked below
  if (!s || typeof s !== 'object' || !s.snapshot || !Array.isArray(s.snapshot.tasks)) {
    return { snapshot: null, prev: null, ended: false };
  }
  return { snapshot: s.snapshot, prev: s.prev ?? null, ended: !!s.ended };
}

function draw(): void {
  const root = document.getElementById('root');
  if (!root) return;
  const snap = state.snapshot;
  document.body.dataset.step = snap ? String(snap.step) : '';
  document.body.dataset.ended = String(state.ended);
  if (!snap) {
    root.innerHTML = '<p class="empty">Start a tw debug session (F5 on a .tw file): the task_works lists appear here and follow every step.</p>';
    return;
  }
  const pic = layoutQueue(snap, state.prev);
  root.innerHTML = renderPanel(snap, pic, state.ended, THREAD_COLOURS) + `<div class="picture">${renderSvg(pic)}</div>`;
  document.getElementById('rerun')?.addEventListener('click', () => vscode.postMessage({ type: 'rerun' }));
}

window.addEventListener('message', (ev: MessageEvent<ToWebview>) => {
  const msg = ev.data;
  if (msg.type === 'snapshot') {
    const same = state.snapshot && state.snapshot.file === msg.snapshot.file && msg.snapshot.step >= state.snapshot.step;
    state = { snapshot: msg.snapshot, prev: same ? state.snapshot : null, ended: false };
  } else if (msg.type === 'ended') {
    state = { ...state, ended: true };
  }
  vscode.setState(state);
  draw();
});

draw();
vscode.postMessage({ type: 'ready' });
