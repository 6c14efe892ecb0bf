// `tw run --format svg`: the run as a timeline for a bug report or a slide. One lane per thread,
// one cell per atomic step in schedule order with its label; CAS success and failure, spins, frees
// and violations marked; a bar under a lane while the thread holds pi_lock. Standalone SVG 1.1.
import { ScheduleRun, ScheduleStep } from './scheduleSteps';
import { kindOf, lockSpans, markOf } from './timelineCells';

const NAME_W = 120;
const CELL_W = 100;
const CELL_H = 34;
const LANE_H = CELL_H + 18;
const TOP = 44;

export interface TimelineTitle {
  file: string;
  variant: string;
  schedule: string;
}

export function timelineSvg(r: ScheduleRun, title: TimelineTitle): string {
  const n = r.steps.length;
  const width = NAME_W + Math.max(1, n) * CELL_W + 16;
  const notes = r.violationText.map((v, i) => text(8, TOP + r.threads.length * LANE_H + 20 + i * 18, v, 'note'));
  const height = TOP + r.threads.length * LANE_H + 16 + notes.length * 18 + 8;
  const body = [
    text(8, 18, `${title.file}  variant ${title.variant}`, 'title'),
    text(8, 34, `schedule: ${title.schedule || '(none)'}`, 'sub'),
    ...r.threads.map((name, t) => lane(t, name, width)),
    ...r.steps.map((s) => text(NAME_W + s.index * CELL_W + CELL_W / 2, TOP - 2, String(s.index + 1), 'num')),
    ...lockSpans(r.steps).map(({ t, from, to }) => `<rect class="lock" x="${NAME_W + from * CELL_W + 2}" y="${laneY(t) + CELL_H + 3}" width="${(to - from + 1) * CELL_W - 4}" height="6"><title>holds pi_lock</title></rect>`),
    ...r.steps.map(cell),
    ...notes,
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    `<title>${esc(`tw timeline: ${title.file}, ${title.variant}`)}</title>`,
    `<style>${STYLE}</style>`,
    '<defs><pattern id="spin" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f3f3f3"/><line x1="0" y1="0" x2="0" y2="6" stroke="#bbbbbb" stroke-width="3"/></pattern></defs>',
    `<rect class="bg" width="${width}" height="${height}"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

const STYLE = [
  '.bg{fill:#ffffff}', 'text{font-family:Menlo,Consolas,monospace;font-size:11px;fill:#1f1f1f}',
  '.title{font-size:13px;font-weight:bold}', '.sub{fill:#555555}', '.num{text-anchor:middle;fill:#888888;font-size:10px}',
  '.name{font-weight:bold}', '.lane{fill:#f7f7f7}', '.cell{fill:#e8f0fe;stroke:#6b8fd6}', '.code{fill:#eeeeee;stroke:#999999}',
  '.cas-ok{fill:#dff3e3;stroke:#2e8b57}', '.cas-fail{fill:#fde2cf;stroke:#d2691e}', '.spin{fill:url(#spin);stroke:#aaaaaa}',
  '.free{fill:#ececec;stroke:#555555;stroke-dasharray:3 2}', '.violation{stroke:#c62828;stroke-width:3}',
  '.label{text-anchor:middle}', '.mark{text-anchor:middle;font-size:9px;fill:#555555}', '.bad{fill:#c62828;font-weight:bold}',
  '.lock{fill:#7e57c2}', '.note{fill:#c62828}',
].join('');

function laneY(t: number): number {
  return TOP + 4 + t * LANE_H;
}

function lane(t: number, name: string, width: number): string {
  const y = laneY(t);
  return `<rect class="lane" x="0" y="${y - 3}" width="${width}" height="${LANE_H - 4}"/>${text(8, y + CELL_H / 2 + 4, name, 'name')}`;
}

function cell(s: ScheduleStep): string {
  const x = NAME_W + s.index * CELL_W + 2;
  const y = laneY(s.thread);
  const cls = [kindOf(s), s.violations.some((v) => v.step > 0) ? 'violation' : ''].filter(Boolean).join(' ');
  const tip = [s.trace, ...s.violations.filter((v) => v.step > 0).map((v) => `${v.kind}: ${v.message}`)].join('\n');
  const cx = x + (CELL_W - 4) / 2;
  return [
    `<g><title>${esc(tip)}</title>`,
    `<rect class="${cls}" x="${x}" y="${y}" width="${CELL_W - 4}" height="${CELL_H}" rx="3"/>`,
    text(cx, y + 14, s.event.label, 'label'),
    text(cx, y + 27, markOf(s), s.violations.some((v) => v.step > 0) ? 'mark bad' : 'mark'),
    '</g>',
  ].join('');
}

function text(x: number, y: number, s: string, cls: string): string {
  return `<text class="${cls}" x="${x}" y="${y}">${esc(s)}</text>`;
}

/** XML text: markup characters escaped, control characters (not allowed in XML 1.0) spelled U+XXXX. */
function esc(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
