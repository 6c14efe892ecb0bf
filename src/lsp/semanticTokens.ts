// Semantic tokens: each word classified by what it is (keyword, API call, TWA_* mode or constant,
// or the kind of declared name it resolves to), declarations marked as such. Comments and strings
// are left to the grammar.
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-types';
import { API_NAMES, CONSTANTS, KEYWORDS } from '../lang/api';
import { NOTIFY_MODES } from '../core/program';
import { Analysis } from './analysis';
import { resolveAt, ScenarioSymbol } from './scenarioIndex';

// New types go at the end: a client maps the indices of the legend it was given at initialize.
const TYPES = ['keyword', 'function', 'enumMember', 'type', 'variable', 'class', 'parameter', 'event', 'struct'] as const;
type TokenType = (typeof TYPES)[number];
export const LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: ['declaration', 'defaultLibrary'] };

const BY_KIND: Record<ScenarioSymbol['kind'], TokenType> = {
  task: 'type', work: 'variable', callback: 'function', cpu: 'struct', thread: 'class', schedule: 'event', local: 'variable', param: 'parameter',
};
const APIS = new Set(API_NAMES);
const FIXED = new Set<string>([...NOTIFY_MODES, ...CONSTANTS.keys(), 'NULL', 'true', 'false']);

function classify(a: Analysis, text: string, line: number, column: number): { type: TokenType; mods: number } | null {
  if (APIS.has(text)) return { type: 'function', mods: 2 };
  if (FIXED.has(text)) return { type: 'enumMember', mods: 2 };
  if (KEYWORDS.has(text)) return { type: 'keyword', mods: 0 };
  const sym = resolveAt(a.index, a.lineText(line), line, column);
  if (!sym) return null;
  const isDecl = sym.range.line === line && sym.range.column === column;
  return { type: BY_KIND[sym.kind], mods: isDecl ? 1 : 0 };
}

export function semanticTokens(a: Analysis): SemanticTokens {
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  for (const t of a.tokens) {
    if (t.kind !== 'word' || t.range.endLine !== t.range.line) continue;
    const c = classify(a, t.text, t.range.line, t.range.column);
    if (!c) continue;
    const line = t.range.line - 1;
    const char = t.range.column - 1;
    data.push(line - prevLine, line === prevLine ? char - prevChar : char, t.text.length, TYPES.indexOf(c.type), c.mods);
    prevLine = line;
    prevChar = char;
  }
  return { data };
}
