// 3.5's list: the hlist helpers of <linux/list.h> and container_of, lowered to the loads and stores
// they expand to, in the kernel's order, each its own step. The model's work is 3.5's struct
// task_work with its hlist_node flattened in (next, func, pprev): a node, its entry and `&node->next`
// are one address, so container_of over a first member is the pointer itself.
import { CExpr } from './cAst';
import { ExprLowerer, Val, Place } from './lowerExpr';
import { LocalFn } from './listing';
import { constFn, workFieldFn, unaryFn } from './localFn';
import { W_NEXT, W_PPREV } from '../core';

type Call = Extract<CExpr, { k: 'call' }>;
const VOID: Val = { fn: constFn(0), kind: 'void' };

/** The first member of each struct the model lays out, the only member container_of can name. */
const FIRST_MEMBER: Readonly<Record<string, string>> = {
  'struct task_work': 'hlist', 'struct hlist_node': 'next', 'struct callback_head': 'next', 'struct hlist_head': 'first',
};
export const FIRST_MEMBERS: ReadonlySet<string> = new Set(Object.values(FIRST_MEMBER));

function args(x: ExprLowerer, e: Call, n: number, name: string): CExpr[] {
  if (e.args.length !== n) x.fail(e, `'${name}' takes ${n} argument(s), found ${e.args.length}`, 'TW331');
  return e.args;
}

/** A node pointer: `&twork->hlist`, `pos`, `n`. */
function node(x: ExprLowerer, a: CExpr): LocalFn {
  const v = a.k === 'unary' && a.op === '&' ? x.addressOf(a.e) : x.value(a);
  if (v.kind !== 'work' && v.kind !== 'data') x.fail(a, `expected a list node ('&twork->hlist' or a struct hlist_node *)`, 'TW323');
  return v.fn;
}

function field(n: LocalFn, word: number, what: string): Place {
  return { where: 'shared', addr: workFieldFn(n, word), kind: word === W_PPREV ? 'pwork' : 'work', what };
}

/** `if (v)` around what `body` emits. */
function ifNonNull(x: ExprLowerer, e: Call, v: LocalFn, body: () => void): void {
  const skip = x.em.emit('jumpIfNot', e.line, e.column, { addr: v });
  body();
  skip.target = x.em.pc;
  skip.join = x.em.pc;
}

export function hlistHelper(x: ExprLowerer, e: Call, name: string): Val | undefined {
  switch (name) {
    case 'container_of': case 'hlist_entry': case 'list_entry': {
      const [p, t, m] = args(x, e, 3, name) as [CExpr, CExpr, CExpr];
      if (t.k !== 'type') return x.fail(t, `${name}'s second argument is a struct type`, 'TW331');
      const first = t.type.ptr === 0 ? FIRST_MEMBER[t.type.base] : undefined;
      if (first === undefined) return x.fail(t, `${name}: the model lays out ${Object.keys(FIRST_MEMBER).join(', ')}, not '${t.type.base}${'*'.repeat(t.type.ptr)}'`, 'TW324');
      if (m.k !== 'ident' || m.name !== first) return x.fail(m, `${name}(..., ${t.type.base}, member): the model knows only the first member, '${first}', at the object's own address`, 'TW324');
      const v = x.value(p);
      if (v.kind !== 'work' && v.kind !== 'pwork' && v.kind !== 'data') return x.fail(p, `${name} of something that is not a pointer into a list`, 'TW323');
      return { fn: v.fn, kind: t.type.base === 'struct hlist_head' ? 'pwork' : 'work' };
    }
    case 'hlist_add_head': { // first = h->first; n->next = first; if (first) first->pprev = &n->next; h->first = n; n->pprev = &h->first
      const [na, ha] = args(x, e, 2, name) as [CExpr, CExpr];
      const n = node(x, na);
      const head = x.headPlace(ha);
      const first = x.load(head, 'plain', e).fn;
      x.store(field(n, W_NEXT, 'next'), { fn: first, kind: 'work' }, 'plain', e);
      ifNonNull(x, e, first, () => x.store(field(first, W_PPREV, 'pprev'), { fn: workFieldFn(n, W_NEXT), kind: 'pwork' }, 'plain', e));
      x.store(head, { fn: n, kind: 'work' }, 'plain', e);
      x.store(field(n, W_PPREV, 'pprev'), x.headAddr(ha), 'plain', e);
      return VOID;
    }
    case 'hlist_del': case '__hlist_del': { // next = n->next; pprev = n->pprev; *pprev = next; if (next) next->pprev = pprev
      // hlist_del then poisons n->next and n->pprev: left out, as nothing reads an unlinked node's links.
      const n = node(x, arg0(x, e, name));
      const next = x.load(field(n, W_NEXT, 'next'), 'plain', e).fn;
      const pprev = x.load(field(n, W_PPREV, 'pprev'), 'plain', e).fn;
      x.store({ where: 'shared', addr: pprev, kind: 'work', what: '*pprev' }, { fn: next, kind: 'work' }, 'plain', e);
      ifNonNull(x, e, next, () => x.store(field(next, W_PPREV, 'pprev'), { fn: pprev, kind: 'pwork' }, 'plain', e));
      return VOID;
    }
    case 'hlist_move_list': { // new->first = old->first; if (new->first) new->first->pprev = &new->first; old->first = NULL
      const [oa, na] = args(x, e, 2, name) as [CExpr, CExpr];
      const old = x.headPlace(oa);
      const neu = x.headPlace(na);
      const first = x.load(old, 'plain', e);
      x.store(neu, first, 'plain', e);
      const moved = x.load(neu, 'plain', e).fn;
      ifNonNull(x, e, moved, () => x.store(field(moved, W_PPREV, 'pprev'), x.headAddr(na), 'plain', e));
      x.store(old, x.konst(0), 'plain', e);
      return VOID;
    }
    case 'hlist_empty': { // !h->first
      const f = x.load(x.headPlace(arg0(x, e, name)), 'plain', e).fn;
      return { fn: unaryFn('!', f), kind: 'int' };
    }
    case 'INIT_HLIST_HEAD': x.store(x.headPlace(arg0(x, e, name)), x.konst(0), 'plain', e); return VOID;
    default: return undefined;
  }
}

function arg0(x: ExprLowerer, e: Call, name: string): CExpr { return args(x, e, 1, name)[0] as CExpr; }
