// The public entry of the .tw language: source text -> {program?, diagnostics}, and the
// debugger's expression compiler. Nothing here throws on bad input.
import type { Program } from '../core/program';
import { Diagnostic, DiagnosticSink } from './diagnostics';
import { SourceText, lex } from './lexer';
import { parseScript } from './parser';
import { checkScript, CheckOptions } from './checker';

export type { CheckOptions } from './checker';
import { compileScript } from './compile';
import { decodeSource } from './encoding';

export { decodeSource } from './encoding';

export type { Diagnostic, Severity } from './diagnostics';
export { formatDiagnostic } from './diagnostics';
export { parseExpression, STEP_LABELS } from './parseExpression';
export type { ExprContext, ParsedExpression } from './parseExpression';
export { instantiateDebugExpr, toCoreExpr } from './debugExpr';
export type { DebugExpr, DebugFrame, OpLocalName } from './debugExpr';

export interface CompileResult {
  /** Present only when there is no error (warnings allowed). */
  program?: Program;
  /** In source order of discovery: lexical, then syntax, then semantic problems. */
  diagnostics: Diagnostic[];
}

/**
 * Compiles a .tw file. `file` is recorded in Program.file (display, and the folder a `variant
 * "FILE.c";` is relative to); `opts.releases` the kernel releases `variant` may name.
 */
export function compileSource(file: string, text: string, opts: CheckOptions = {}): CompileResult {
  const sink = new DiagnosticSink();
  const script = parseScript(lex(new SourceText(text), sink), sink);
  const checked = checkScript(script, sink, opts);
  if (sink.hasErrors()) return { diagnostics: sink.list };
  return { program: compileScript(file, script, checked), diagnostics: sink.list };
}

/** Compiles a .tw file from its bytes: UTF-8 only, another encoding is one TW003 naming it. */
export function compileBytes(file: string, bytes: Uint8Array, opts: CheckOptions = {}): CompileResult {
  const d = decodeSource(bytes);
  return d.diagnostic ? { diagnostics: [d.diagnostic] } : compileSource(file, d.text, opts);
}
