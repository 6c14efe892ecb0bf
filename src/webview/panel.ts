// The text around the queue picture: a status line (step, variant, last step), violations, and one
// row per thread (status, next step, local pointers). Pure HTML text, escaped, so it is testable.
import type { StateSnapshot } from '../protocol/messages';
import type { QueuePicture } from './layout';
import { escapeXml } from './svg';

function threadRows(snap: StateSnapshot, pic: QueuePicture, colours: number): string {
  return snap.threads.map((t, i) => {
    const loose = pic.loosePointers.filter((p) => p.thread === t.name).map((p) => `${p.name} = ${p.target}`);
    const ptrs = t.pointers.map((p) => `${p.name} = ${p.target}`);
    const cls = `thread t${i % colours}${t.id === snap.lastThread ? ' last' : ''}`;
    return `<tr class="${cls}" data-thread="${escapeXml(t.name)}"><td><span class="swatch"></span>${escapeXml(t.name)}</td>` +
      `<td>${escapeXml(t.status)}</td><td><code>${escapeXml(t.next ?? '—')}</code></td>` +
      `<td>${escapeXml((ptrs.length ? ptrs : loose).join(', '))}</td></tr>`;
  }).join('');
}

/** Status line, violations and the thread table, above the picture. */
export function renderPanel(snap: StateSnapshot, pic: QueuePicture, ended: boolean, colours: number): string {
  const last = snap.lastThread === null ? 'start'
    : `${snap.threads.find((t) => t.id === snap.lastThread)?.name ?? '?'} ${snap.lastLabel ?? ''}`;
  const status = `<div class="status"><b>step ${snap.step}</b> · variant <code>${escapeXml(snap.variant)}</code> · last: ` +
    `<code>${escapeXml(last)}</code>${snap.finished ? ' · <b>finished</b>' : ''}</div>`;
  const violations = snap.violations.length
    ? `<ul class="violations">${snap.violations.map((v) => `<li><b>${escapeXml(v.kind)}</b> at ` +
      `${escapeXml(v.where ?? `step ${v.step} (${v.thread})`)}: ${escapeXml(v.message)}</li>`).join('')}</ul>`
    : '';
  const verdict = snap.verdict?.length
    ? `<div class="verdict${snap.violations.length ? ' bad' : ''}">${snap.verdict.map((l) => `<div>${escapeXml(l)}</div>`).join('')}</div>` : '';
  // An ended session leaves its last picture up: say so, and offer to run it again.
  const endedBar = ended
    ? '<div class="ended">This debug session has ended; the picture shows its last stop. <button id="rerun" type="button">Run again</button></div>' : '';
  const table = `<table class="threads"><thead><tr><th>thread</th><th>status</th><th>next step</th><th>pointers</th></tr></thead>` +
    `<tbody>${threadRows(snap, pic, colours)}</tbody></table>`;
  return endedBar + status + verdict + violations + table;
}
