// Completions by place: thread names (and CPUs, for their irq_work) inside a schedule string, step
// labels after `step == "`, CPUs after `on(` and as context_switch's first argument, tasks after
// `current(` and `cpu NAME =`, variants after `variant`/`expect`, violation kinds after `expect V:`,
// declaration keywords at the top level, and inside bodies the statement keywords, API calls,
// TWA_* modes and the names in scope. Nothing inside comments. sortText puts keywords and the kernel API before plain names.
import { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind, Position } from 'vscode-languageserver-types';
import { APIS, CONSTANTS, DECL_KEYWORDS, MEMORY_MODELS, STMT_KEYWORDS } from '../lang/api';
import { NOTIFY_MODES, VIOLATION_KINDS } from '../core/program';
import { STEP_LABELS } from '../core/state';
import { VARIANT_NAMES } from '../core/variants';
import { HISTORY_VARIANTS, historySummary } from '../model';
import { Analysis } from './analysis';
import { explain } from './hoverText';
import { fromLsp } from './positions';

/** Sort groups: lower first. */
const RANK = { keyword: '0', api: '1', name: '2', constant: '3' } as const;

function item(label: string, kind: CompletionItemKind, rank: keyof typeof RANK, detail?: string): CompletionItem {
  const doc = explain(label);
  return {
    label, kind, sortText: `${RANK[rank]}${label}`, ...(detail ? { detail } : {}),
    ...(doc ? { documentation: { kind: MarkupKind.Markdown, value: doc } } : {}),
  };
}

function apiItem(name: string, argNames: readonly string[], snippets: boolean): CompletionItem {
  const out = item(name, CompletionItemKind.Function, 'api', `${name}(${argNames.join(', ')})`);
  if (snippets) {
    out.insertText = `${name}(${argNames.map((n, i) => `\${${i + 1}:${n.replace(/[$}\\]/g, '')}}`).join(', ')})`;
    out.insertTextFormat = InsertTextFormat.Snippet;
  }
  return out;
}

/** How many '{' are open at a 0-based offset. */
function braceDepth(a: Analysis, offset: number): number {
  let depth = 0;
  for (const t of a.tokens) {
    if (t.start >= offset) break;
    if (t.text === '{' && t.kind === 'punct') depth++;
    else if (t.text === '}' && t.kind === 'punct') depth = Math.max(depth - 1, 0);
  }
  return depth;
}

function inString(before: string): boolean {
  return ((before.match(/"/g) ?? []).length & 1) === 1;
}

/** The declared names of one kind (`task`, `cpu`). */
function globalsOf(a: Analysis, kind: 'task' | 'cpu'): CompletionItem[] {
  return [...a.index.globals.values()].filter((s) => s.kind === kind)
    .map((s) => item(s.name, kind === 'cpu' ? CompletionItemKind.Struct : CompletionItemKind.Variable, 'name', kind === 'cpu' ? 'CPU' : kind));
}

/** Thread names for a schedule or `thread == "`: the declared threads, then each CPU's irq_work. */
function threadNames(a: Analysis): CompletionItem[] {
  return [...[...a.index.threads.keys()].map((t) => item(t, CompletionItemKind.Class, 'name', 'thread')),
    ...globalsOf(a, 'cpu').map((c) => ({ ...c, detail: 'CPU (its irq_work)' }))];
}

/** `thread NAME on(` and context_switch's first argument take a CPU; `current(` and `cpu NAME =` a task. */
function nameArgument(a: Analysis, before: string): CompletionItem[] | null {
  if (/^\s*thread\s+\w+\s+on\s*\(\s*\w*$/.test(before) || /\bcontext_switch\s*\(\s*\w*$/.test(before)) return globalsOf(a, 'cpu');
  if (/^\s*thread\s+\w+\s+current\s*\(\s*\w*$/.test(before) || /^\s*cpu\s+\w+\s*=\s*\w*$/.test(before)) return globalsOf(a, 'task');
  return null;
}

/** Names a statement may use: a CPU is not a value, so it is offered only where one is expected. */
function scopeNames(a: Analysis, line: number, inBody: boolean): CompletionItem[] {
  const idx = a.index;
  const out = [...idx.globals.values()].filter((s) => !inBody || s.kind !== 'cpu')
    .map((s) => item(s.name, s.kind === 'callback' ? CompletionItemKind.Function : s.kind === 'cpu' ? CompletionItemKind.Struct : CompletionItemKind.Variable, 'name', s.kind === 'cpu' ? 'CPU' : s.kind));
  const body = idx.bodies.find((b) => line >= b.startLine && line <= b.endLine);
  if (body?.param) out.push(item(body.param.name, CompletionItemKind.Variable, 'name', 'callback parameter'));
  for (const l of body?.locals ?? []) if (l.range.line <= line) out.push(item(l.name, CompletionItemKind.Variable, 'name', 'local'));
  return out;
}

function bodyItems(a: Analysis, line: number, snippets: boolean): CompletionItem[] {
  return [
    ...STMT_KEYWORDS.map((k) => item(k, CompletionItemKind.Keyword, 'keyword')),
    ...APIS.map((s) => apiItem(s.name, s.argNames, snippets)),
    ...NOTIFY_MODES.map((m) => item(m, CompletionItemKind.EnumMember, 'constant')),
    ...['NULL', 'true', 'false', ...CONSTANTS.keys()].map((c) => item(c, CompletionItemKind.Constant, 'constant')),
    ...scopeNames(a, line, true),
  ];
}

/** `trigger`: the character that opened the list, if one did; '(' opens it only where a CPU or a task is due. */
export function completions(a: Analysis, p: Position, snippets = false, trigger?: string): CompletionItem[] {
  const { line, column } = fromLsp(p);
  const before = a.lineText(line).slice(0, column - 1);
  if (a.commentAt(a.offsetOf(line, column))) return [];
  if (trigger === '(') return inString(before) ? [] : nameArgument(a, before) ?? [];
  if (inString(before)) {
    if (/\bstep\s*==\s*"[^"]*$/.test(before)) return STEP_LABELS.map((s) => item(s, CompletionItemKind.EnumMember, 'constant'));
    if (/^\s*schedule\b/.test(before)) return threadNames(a);
    return /\bthread\s*==\s*"[^"]*$/.test(before) ? threadNames(a) : [];
  }
  const names = nameArgument(a, before);
  if (names) return names;
  if (/^\s*expect\s+[\w.-]+(?:\s+[\w-]+)?\s*:[\w\s,-]*$/.test(before)) {
    return ['ok', ...VIOLATION_KINDS].map((k) => item(k, CompletionItemKind.EnumMember, 'constant'));
  }
  if (/^\s*expect\s+[\w.-]+\s+[\w-]*$/.test(before)) { // `expect VARIANT MEMORY:` names the memory model
    return MEMORY_MODELS.map((m) => item(m, CompletionItemKind.EnumMember, 'constant', `the verdict under ${m === 'sc' ? 'sequential consistency' : 'the Linux kernel memory model'}`));
  }
  if (/^\s*(variant|expect)\s+[\w.-]*$/.test(before)) {
    return [...VARIANT_NAMES.map((v) => item(v, CompletionItemKind.EnumMember, 'constant', 'variant')),
      ...HISTORY_VARIANTS.map((v) => item(v, CompletionItemKind.EnumMember, 'constant', `Linux ${v}: ${historySummary(v)}`))];
  }
  if (braceDepth(a, a.offsetOf(line, column)) > 0) return bodyItems(a, line, snippets);
  return [
    ...DECL_KEYWORDS.map((k) => item(k, CompletionItemKind.Keyword, 'keyword')),
    ...scopeNames(a, line, false),
  ];
}
