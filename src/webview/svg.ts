// Turns a laid-out queue picture into SVG text. Colours are CSS classes (media/queue.css maps them
// to --vscode-* theme variables), so the picture follows the theme and this stays pure and testable.
import type { QueuePicture, PlacedNode, PlacedEnd, PlacedHead, Arrow, Label } from './layout';

/** Thread colours cycle through this many CSS classes (t0..t5). */
export const THREAD_COLOURS = 6;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c] ?? c));
}

const n = (v: number): string => String(Math.round(v * 10) / 10);

function text(x: number, y: number, cls: string, body: string, anchor = 'start'): string {
  return `<text x="${n(x)}" y="${n(y)}" class="${cls}" text-anchor="${anchor}">${escapeXml(body)}</text>`;
}

function markers(): string {
  const ids = ['next', 'head', 'cycle', ...Array.from({ length: THREAD_COLOURS }, (_, i) => `t${i}`)];
  return ids.map((id) => `<marker id="arrow-${id}" class="marker-${id}" viewBox="0 0 10 10" refX="9" refY="5" ` +
    `markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>`).join('');
}

function node(nd: PlacedNode): string {
  const cls = ['node', `life-${nd.life}`, nd.freed ? 'freed' : '', nd.changed ? 'changed' : ''].filter(Boolean).join(' ');
  const parts = [
    `<g class="${cls}" data-key="${escapeXml(nd.key)}" data-work="${escapeXml(nd.work)}">`,
    `<title>${escapeXml(`${nd.work} at ${nd.address}: ${nd.life}, func ${nd.func}`)}</title>`,
    `<rect x="${n(nd.x)}" y="${n(nd.y)}" width="${n(nd.w)}" height="${n(nd.h)}" rx="4"/>`,
    text(nd.x + 8, nd.y + 18, 'node-name', nd.work),
    text(nd.x + nd.w - 6, nd.y + 18, 'node-addr', nd.address, 'end'),
    text(nd.x + 8, nd.y + 34, 'node-life', nd.life),
    text(nd.x + 8, nd.y + 49, 'node-func', `func ${nd.func}`),
  ];
  if (nd.freed) {
    parts.push(`<line class="cross" x1="${n(nd.x)}" y1="${n(nd.y)}" x2="${n(nd.x + nd.w)}" y2="${n(nd.y + nd.h)}"/>`,
      `<line class="cross" x1="${n(nd.x)}" y1="${n(nd.y + nd.h)}" x2="${n(nd.x + nd.w)}" y2="${n(nd.y)}"/>`);
  }
  parts.push('</g>');
  return parts.join('');
}

function head(h: PlacedHead): string {
  return `<g class="head${h.changed ? ' changed' : ''}" data-key="${escapeXml(h.key)}">` +
    `<rect x="${n(h.x)}" y="${n(h.y)}" width="${n(h.w)}" height="${n(h.h)}" rx="4"/>` +
    text(h.x + h.w / 2, h.y + 24, 'head-name', `${h.task}->`, 'middle') +
    text(h.x + h.w / 2, h.y + 40, 'head-field', 'task_works', 'middle') + '</g>';
}

function end(e: PlacedEnd): string {
  if (e.kind === 'exited') {
    return `<g class="end sentinel" data-key="${escapeXml(e.key)}"><rect x="${n(e.x)}" y="${n(e.y)}" width="${n(e.w)}" ` +
      `height="${n(e.h)}" rx="4"/>${text(e.x + e.w / 2, e.y + 24, 'node-name', '&work_exited', 'middle')}` +
      `${text(e.x + e.w / 2, e.y + 40, 'node-func', 'sentinel', 'middle')}</g>`;
  }
  const label = e.kind === 'null' ? 'NULL' : '(cycle)';
  return `<g class="end ${e.kind}" data-key="${escapeXml(e.key)}">${text(e.x + 4, e.y + e.h / 2 + 5, 'end-text', label)}</g>`;
}

function arrow(a: Arrow): string {
  const byThread = a.kind === 'pointer' || a.kind === 'stale';
  const id = byThread ? `t${(a.thread ?? 0) % THREAD_COLOURS}` : a.kind;
  const d = a.points.map(([x, y], i) => `${i ? 'L' : 'M'}${n(x)},${n(y)}`).join(' ');
  const open = `<path class="arrow arrow-${a.kind} ${byThread ? id : ''}" d="${d}" marker-end="url(#arrow-${id})"`;
  return a.kind === 'stale' && a.label ? `${open}><title>${escapeXml(a.label)}</title></path>` : `${open}/>`;
}

function label(l: Label): string {
  const cls = l.thread !== undefined ? `${l.cls} t${l.thread % THREAD_COLOURS}` : l.cls;
  return text(l.x, l.y, cls, l.text);
}

/** The picture as one <svg> element; it scales to the panel width. */
export function renderSvg(pic: QueuePicture): string {
  const bands = pic.bands.map((b) => `<rect class="band band-${b.kind}" x="4" y="${n(b.y)}" width="${n(pic.width - 8)}" height="${n(b.h)}" rx="6"/>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="queue" width="${n(pic.width)}" height="${n(pic.height)}" `,
    `viewBox="0 0 ${n(pic.width)} ${n(pic.height)}" role="img" aria-label="task_works lists">`,
    `<defs>${markers()}</defs>`,
    ...bands,
    ...pic.heads.map(head), ...pic.nodes.map(node), ...pic.ends.map(end),
    ...pic.arrows.map(arrow), ...pic.labels.map(label),
    '</svg>',
  ].join('');
}
