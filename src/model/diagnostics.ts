// Diagnostics of model listings (kernel-style C): the same shape and text form as the .tw
// language's, so the CLI and the Problems panel print both alike. Codes TW3xx: docs/variants.md.
import type { SourceRange } from '../core';

export interface ModelDiagnostic {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** 1-based line and column; endColumn is exclusive. */
  range: SourceRange;
}

/** `my.c:12:5: error TW310: ...` */
export function formatModelDiagnostic(file: string, d: ModelDiagnostic): string {
  const sev = d.severity === 'info' ? 'note' : d.severity;
  return `${file}:${d.range.line}:${d.range.column}: ${sev} ${d.code}: ${d.message}`;
}

/** Collects diagnostics once per code and place, so recovery cannot flood the output. */
export class ModelSink {
  readonly list: ModelDiagnostic[] = [];
  private readonly seen = new Set<string>();

  error(code: string, range: SourceRange, message: string): void { this.add({ code, severity: 'error', message, range }); }
  note(code: string, range: SourceRange, message: string): void { this.add({ code, severity: 'info', message, range }); }
  hasErrors(): boolean { return this.list.some((d) => d.severity === 'error'); }

  private add(d: ModelDiagnostic): void {
    const key = `${d.code}@${d.range.line}:${d.range.column}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(d);
  }
}

export function at(line: number, column: number, length = 1): SourceRange {
  return { line, column, endLine: line, endColumn: column + Math.max(1, length) };
}
