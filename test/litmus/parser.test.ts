// The herd7 C litmus format as real collections write it (comments of three kinds, a doc string,
// typed initial values, pointers, `locations`, `filter`, the three quantifiers) and the errors a
// bad test gets, each at its line and column.
import assert from 'node:assert/strict';
import { parseLitmus, runLitmus, LitmusError } from '../../src/litmus';

/** "line:col code" of the error a text gets. */
function errorAt(text: string): string {
  try {
    runLitmus(parseLitmus(text));
  } catch (e) {
    if (e instanceof LitmusError) return `${e.pos.line}:${e.pos.column} ${e.code}`;
    throw e;
  }
  return 'no error';
}

const TWO = `P0(int *x)\n{\n\tWRITE_ONCE(*x, 1);\n}\n`;

describe('litmus: the C litmus format', () => {
  it('reads comments, a doc string, typed and pointer initial values, locations, filter', () => {
    const text = `C odd+name.0-with+signs
"a doc string"
(* a herd comment
 * Result: Always
 *)
// a line comment
{
\tint x = 1; atomic_t v = ATOMIC_INIT(2);
\tint *p = &x; spinlock_t l;
\t0:r9 = 5;
}

P0(int *x, int **p, atomic_t *v) /* block comment */
{
\tint *r0; int r1, r2;
\tr0 = READ_ONCE(*p);
\tr1 = (*r0);
\tif (r1 == 1 && r9 == 5) { r2 = atomic_read(v); } else r2 = -1;
}

locations [x; 0:r0]
filter (0:r1=1)
forall (0:r0=x /\\ (0:r2=2 \\/ ~0:r2=2)) (* trailing comment *)
`;
    const test = parseLitmus(text);
    assert.equal(test.name, 'odd+name.0-with+signs');
    assert.deepEqual(test.documented, { verdict: 'Always', dataRace: false });
    assert.equal(test.initLocs.get('p'), 'x');
    assert.equal(test.initLocs.get('v'), 2);
    assert.equal(test.quantifier, 'forall');
    const r = runLitmus(test);
    assert.equal(r.verdict, 'Always');
    assert.ok(r.ok);
    assert.deepEqual(r.states, ['x=1; 0:r0=x; 0:r2=2;']);
  });

  it('reads a result documented as "Expected result: ..." too', () => {
    const test = parseLitmus(`C t\n(* Expected result: Sometimes.  Nothing orders these. *)\n{}\n${TWO}\nexists (x=1)\n`);
    assert.deepEqual(test.documented, { verdict: 'Sometimes', dataRace: false });
    assert.deepEqual(parseLitmus(`C t\n(* Expected result: never. *)\n{}\n${TWO}\nexists (x=1)\n`).documented, { verdict: 'Never', dataRace: false });
  });

  it('reads a generator\'s Key=value info lines and herd comments with no blank after (*', () => {
    // As test generators write them: info lines between the name and the initial state, a comment
    // glued to its first word in the header and after the condition.
    const text = `C gen\n(*Result: Never*)\nCycle=Rfe PodRW Rfe PodRW\nRelax=\nSafe=Rfe PodRW\nOrig=Rfe PodRW Rfe PodRW\n{}\n`
      + `P0(int *x, int *y)\n{\n\tint r0;\n\tr0 = (*x);\n\tsmp_store_release(y, 1);\n}\n`
      + `P1(int *x, int *y)\n{\n\tint r0;\n\tr0 = smp_load_acquire(y);\n\tWRITE_ONCE(*x, 1);\n}\n`
      + `exists (0:r0=1 /\\ 1:r0=1) (*More precisely: both reads see the other's write*)\n`;
    const test = parseLitmus(text);
    assert.deepEqual(test.documented, { verdict: 'Never', dataRace: false });
    assert.equal(test.threads.length, 2);
    const r = runLitmus(test);
    assert.equal(r.verdict, 'Never');
    // A line of the initial state that looks like an info line is still read as one.
    assert.equal(parseLitmus(`C t\nHash=abc\n{\nx=2;\n}\n${TWO}\nexists (x=1)\n`).initLocs.get('x'), 2);
    // Inside a body, (*x) stays a dereference; an unclosed header comment is still an error at its place.
    assert.throws(() => parseLitmus(`C t\n(*Result: Never\n{}\n${TWO}\nexists (x=1)\n`), /comment opened here is never closed/);
  });

  it('compares two registers in the condition', () => {
    const r = runLitmus(parseLitmus(`C t\n{}\nP0(int *x) { int r0; r0 = xchg(x, 1); }\nP1(int *x) { int r0; r0 = xchg(x, 1); }\nexists (0:r0=1:r0)\n`));
    // The two exchanges read different values (0 and 1) in every execution.
    assert.equal(r.verdict, 'Never');
    assert.equal(r.condition, 'exists 0:r0=1:r0');
    assert.deepEqual(r.states, ['0:r0=0; 1:r0=1;', '0:r0=1; 1:r0=0;']);
  });

  it('~exists holds when no execution satisfies the condition', () => {
    const r = runLitmus(parseLitmus(`C t\n{}\n${TWO}\n~exists (x=2)\n`));
    assert.equal(r.verdict, 'Never');
    assert.equal(r.ok, true);
  });

  it('reports each mistake at its line and column with a TW6xx code', () => {
    assert.equal(errorAt('{}\nP0() {}\nexists (x=1)'), '1:1 TW601');
    assert.equal(errorAt(`C t\n{}\nP0(int *x)\n{\n\tWRITE_ONCE(*x 1);\n}\nexists (x=1)\n`), '5:16 TW601');
    assert.equal(errorAt(`C t\n{}\nP0(int *x)\n{\n\tREAD_TWICE(*x);\n}\nexists (x=1)\n`), '5:2 TW602');
    assert.equal(errorAt(`C t\n{}\nP0(int *x)\n{\n\tWRITE_ONCE(*x);\n}\nexists (x=1)\n`), '5:2 TW602');
    assert.equal(errorAt(`C t\n{}\nP0(int *x)\n{\n\tWRITE_ONCE(*y, 1);\n}\nexists (x=1)\n`), '5:14 TW603');
    assert.equal(errorAt(`C t\n{}\n${TWO}P2(int *x)\n{\n}\nexists (x=1)\n`), '7:1 TW601');
    assert.equal(errorAt(`C t\n{}\n${TWO}exists (x=1`), '7:12 TW601');
    assert.equal(errorAt(`C t\n(* never closed\n{}\n${TWO}exists (x=1)`), '2:1 TW601');
    assert.equal(errorAt(`C t\n{}\n${TWO}`), '7:1 TW601');
  });
});
