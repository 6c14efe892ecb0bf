// Expression parsing (precedence climbing over C's operator levels). Errors produce 'error' nodes
// and leave recovery to the statement parser; nesting is bounded by ParserBase.enter().
import type { BinaryOp } from '../core/program';
import { ExprNode, CallNode, Name, span } from './ast';
import { ParserBase } from './parserBase';
import { KEYWORDS, findApi } from './api';
import { quote } from './diagnostics';

/** Binary operators by precedence level, loosest first (as in C). */
const LEVELS: readonly (readonly BinaryOp[])[] = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>='], ['+', '-']];

export interface ParseOptions {
  /** Debugger expressions: strings compare with `thread`/`step`, and `work` names an operation local. */
  debug?: boolean;
}

export class ExprParser extends ParserBase {
  protected options: ParseOptions = {};

  parseExpr(): ExprNode {
    return this.binary(0);
  }

  private binary(level: number): ExprNode {
    const ops = LEVELS[level];
    if (!ops) return this.unary();
    let left = this.binary(level + 1);
    let nested = 0;
    for (;;) {
      const t = this.peek();
      const op = ops.find((o) => t.kind === 'punct' && t.text === o);
      if (!op || !this.enter()) break;
      nested++; // a long chain is a deep left-leaning tree: count it as nesting
      this.next();
      const right = this.binary(level + 1);
      left = { kind: 'binary', op, left, right, range: span(left.range, right.range) };
    }
    this.depth -= nested;
    return left;
  }

  private unary(): ExprNode {
    const t = this.peek();
    if (t.kind === 'punct' && (t.text === '!' || t.text === '-')) {
      if (!this.enter()) return { kind: 'error', range: t.range };
      this.next();
      const operand = this.unary();
      this.leave();
      return { kind: 'unary', op: t.text, operand, range: span(t.range, operand.range) };
    }
    return this.postfix();
  }

  private postfix(): ExprNode {
    let e = this.primary();
    let nested = 0;
    while ((this.at('.') || this.at('->')) && this.enter()) {
      nested++;
      const dot = this.next();
      const f = this.peek();
      if (f.kind !== 'word') {
        this.error('TW101', f.range, `expected a field name after '${dot.text}', ${this.found(f)}`);
        break;
      }
      this.next();
      e = { kind: 'field', obj: e, field: { text: f.text, range: f.range }, range: span(e.range, f.range) };
    }
    this.depth -= nested;
    return e;
  }

  private primary(): ExprNode {
    const t = this.peek();
    switch (t.kind) {
      case 'int': this.next(); return { kind: 'int', value: t.value as number, range: t.range };
      case 'string': this.next(); return { kind: 'string', value: t.value as string, range: t.range };
      case 'word': return this.word();
      case 'punct':
        if (t.text === '(') return this.paren();
        if (t.text === '&') return this.addressOf();
        break;
      default: break;
    }
    this.error('TW101', t.range, `expected an expression, ${this.found(t)}`);
    return { kind: 'error', range: t.range };
  }

  private word(): ExprNode {
    const t = this.next();
    const range = t.range;
    if (t.text === 'NULL') return { kind: 'null', range };
    if (t.text === 'true' || t.text === 'false') return { kind: 'bool', value: t.text === 'true', range };
    if (this.at('=>')) return this.lambda({ text: t.text, range }, range);
    if (this.at('(')) return this.call({ text: t.text, range });
    if (findApi(t.text)) {
      this.error('TW101', this.peek().range, `expected '(' after ${quote(t.text)}, ${this.found()}`);
      return { kind: 'error', range };
    }
    const debugName = this.options.debug && (t.text === 'work' || t.text === 'thread');
    // `current` is a name where a task is expected (task_work_add(current, ...)); the checker says where it may be.
    if (KEYWORDS.has(t.text) && !debugName && t.text !== 'current') {
      this.error('TW101', range, `expected an expression, found the keyword ${quote(t.text)}`);
      return { kind: 'error', range };
    }
    return { kind: 'name', name: t.text, range };
  }

  /** `( expr )` or a match predicate `(cb) => expr`. */
  private paren(): ExprNode {
    const open = this.peek();
    if (this.peek(1).kind === 'word' && this.at(')', 2) && this.at('=>', 3)) {
      this.next();
      const p = this.next();
      this.next();
      return this.lambda({ text: p.text, range: p.range }, open.range);
    }
    if (!this.enter()) return { kind: 'error', range: open.range };
    this.next();
    const e = this.parseExpr();
    this.leave();
    if (!this.expect(')', 'the parenthesised expression')) return e;
    return { ...e, range: span(open.range, this.prev().range) };
  }

  private lambda(param: Name, start: ExprNode['range']): ExprNode {
    if (!this.enter()) return { kind: 'error', range: start };
    this.next(); // '=>'
    const body = this.parseExpr();
    this.leave();
    return { kind: 'lambda', param, body, range: span(start, body.range) };
  }

  protected call(callee: Name): CallNode {
    const args: ExprNode[] = [];
    const node: CallNode = { kind: 'call', callee, args, range: callee.range };
    if (!this.enter()) return node;
    this.next(); // '('
    if (!this.at(')')) {
      do args.push(this.parseExpr()); while (!this.panic && this.eat(','));
    }
    this.leave();
    if (this.expect(')', `the arguments of ${quote(callee.text)}`)) node.range = span(callee.range, this.prev().range);
    return node;
  }

  private addressOf(): ExprNode {
    const amp = this.next();
    const t = this.peek();
    if (t.kind === 'word' && t.text === 'work_exited') {
      this.next();
      return { kind: 'exited', range: span(amp.range, t.range) };
    }
    this.error('TW101', t.range, `expected 'work_exited' after '&', ${this.found(t)}`);
    return { kind: 'error', range: amp.range };
  }
}
