// One-line helpers for .tw language tests: parses(src) and diagnoses(src, '3:7 TW103', ...).
import * as assert from 'node:assert/strict';
import { compileSource, formatDiagnostic } from '../../src/lang';
import type { Program } from '../../src/core/program';

/** A fixed first line so that snippets on line 3 have known positions. */
export const PRELUDE = 'task T; task U; work A = fa; work B = fb; callback fa(cb) { } callback fb(cb) { }';

/** `stmts` as line 3 of a thread body (so '3:N' is column N of `stmts`). */
export function inThread(stmts: string, header = 'thread t current(T)'): string {
  return `${PRELUDE}\n${header} {\n${stmts}\n}\n`;
}

/** Every diagnostic as 'line:column CODE', in report order. */
export function codesOf(src: string): string[] {
  return compileSource('t.tw', src).diagnostics.map((d) => `${d.range.line}:${d.range.column} ${d.code}`);
}

/** Asserts the file compiles with no diagnostic at all and returns the program. */
export function parses(src: string): Program {
  const r = compileSource('t.tw', src);
  assert.deepEqual(r.diagnostics.map((d) => formatDiagnostic('t.tw', d)), [], `unexpected diagnostics for:\n${src}`);
  assert.ok(r.program, 'no program');
  return r.program;
}

function clip(s: string): string {
  return s.length > 600 ? `${s.slice(0, 600)}...` : s;
}

/** Asserts exactly these diagnostics ('3:7 TW103'), in report order, and that no program is produced on error. */
export function diagnoses(src: string, ...expected: string[]): string[] {
  const r = compileSource('t.tw', src);
  const got = r.diagnostics.map((d) => `${d.range.line}:${d.range.column} ${d.code}`);
  const text = r.diagnostics.map((d) => formatDiagnostic('t.tw', d)).join('\n');
  assert.deepEqual(got, expected, `diagnostics for:\n${clip(src)}\n---\n${clip(text)}`);
  if (r.diagnostics.some((d) => d.severity === 'error')) assert.equal(r.program, undefined);
  return r.diagnostics.map((d) => d.message);
}

/** The single diagnostic message for src (asserting there is exactly one). */
export function messageOf(src: string): string {
  const r = compileSource('t.tw', src);
  assert.equal(r.diagnostics.length, 1, r.diagnostics.map((d) => formatDiagnostic('t.tw', d)).join('\n'));
  return r.diagnostics[0]?.message ?? '';
}
