// The checker's diagnostics as LSP diagnostics: code, severity, source 'tw', and related
// information pointing at the earlier declaration a message names ("already declared at 3:5").
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import type { Diagnostic } from '../lang';
import { Analysis } from './analysis';
import { lineRange, toLspRange } from './positions';

export const DIAGNOSTIC_SOURCE = 'tw';
const DECLARED_AT = /declared\b[^:]*?\bat (\d+):(\d+)/;
const IDENT_AT = /^[A-Za-z_][A-Za-z0-9_]*/;

function related(a: Analysis, d: Diagnostic): LspDiagnostic['relatedInformation'] {
  const m = DECLARED_AT.exec(d.message);
  if (!m) return undefined;
  const line = Number(m[1]);
  const column = Number(m[2]);
  const word = IDENT_AT.exec(a.lineText(line).slice(column - 1))?.[0] ?? '';
  return [{ location: { uri: a.uri, range: lineRange(line, column, column + word.length) }, message: 'declared here' }];
}

export function toLspDiagnostic(a: Analysis, d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toLspRange(d.range),
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
  };
  const rel = related(a, d);
  if (rel) out.relatedInformation = rel;
  return out;
}

export function diagnosticsOf(a: Analysis): LspDiagnostic[] {
  return a.diagnostics.map((d) => toLspDiagnostic(a, d));
}
