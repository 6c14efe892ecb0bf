// What the release tests compare between a copy of kernel/task_work.c and our listing of that
// release: the verdict on each example, and the shared accesses of each entry point.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileSource, formatDiagnostic } from '../../src/lang';
import { exploreSync, matrixCell } from '../../src/explore';
import { HISTORY_VARIANTS, compileListing } from '../../src/model';
import { Program, Variant } from '../../src/core';

export function program(file: string): Program {
  const { program: p, diagnostics } = compileSource(file, readFileSync(file, 'utf8'), { releases: HISTORY_VARIANTS });
  if (!p) throw new Error(diagnostics.map((d) => formatDiagnostic(file, d)).join('\n'));
  return p;
}

/**
 * The kinds found and the outcomes reached. A livelock's outcomes count the runs made before the
 * step bound, and our listings give a labelled check a step of its own: there only the kinds count.
 */
export function verdict(p: Program, v: Variant): { cell: string; outcomes: string[] } {
  const r = exploreSync(p, { variant: v });
  const cell = matrixCell(r);
  return { cell, outcomes: cell.includes('step-limit') ? [] : [...r.outcomes].sort() };
}

const LOCAL_OPS = new Set(['set', 'jump', 'jumpIfNot', 'ret']);
/** The functions callers call (static helpers' names are the copy's own choice). */
const API = new Set(['task_work_add', 'task_work_cancel', 'task_work_cancel_match', 'task_work_cancel_func', 'task_work_run']);

/**
 * The shared accesses of each task_work_* entry point in code order (kind, word, ordering): what a
 * listing's step labels leave alone. Several releases give the same verdicts on every example
 * (4.3 to 5.7 differ only in when run takes pi_lock); this tells their copies apart too.
 */
export function accesses(file: string): Map<string, string> {
  const r = compileListing(file, readFileSync(file, 'utf8'));
  assert.ok(r.listing, file);
  const out = new Map<string, string>();
  for (const f of r.listing.functions) {
    if (!API.has(f.name) || f.prelude) continue;
    out.set(f.name, f.code.filter((i) => !LOCAL_OPS.has(i.op)).map((i) => `${i.op} ${i.what} ${i.order}`).join(', '));
  }
  return out;
}
