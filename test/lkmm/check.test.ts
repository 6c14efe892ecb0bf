// The LKMM checker on hand-built execution graphs: each classic shape's weak outcome, allowed
// or forbidden by the axiom the kernel's model names, plus relation algebra basics.
import assert from 'node:assert/strict';
import { accessTagOf, checkLkmm, dataRaces, GraphBuilder, Rel } from '../../src/lkmm';
import type { AccessTag, FenceTag } from '../../src/lkmm';

/** MP's weak outcome (reader sees the flag, not the data) with the given writer/reader orderings. */
function mp(w: { data?: AccessTag; flag?: AccessTag; fence?: FenceTag }, r: { flag?: AccessTag; data?: AccessTag; fence?: FenceTag }): ReturnType<typeof checkLkmm> {
  const b = new GraphBuilder();
  const ix = b.init('x'); b.init('y');
  b.write(0, 'x', 1, w.data ?? 'once');
  if (w.fence) b.fence(0, w.fence);
  const wy = b.write(0, 'y', 1, w.flag ?? 'once');
  const ry = b.read(1, 'y', 1, r.flag ?? 'once');
  if (r.fence) b.fence(1, r.fence);
  const rx = b.read(1, 'x', 0, r.data ?? 'once');
  b.readsFrom(ry, wy).readsFrom(rx, ix);
  return checkLkmm(b.graph());
}

/** SB's weak outcome (both read 0), with an optional fence in each thread. */
function sb(fence?: FenceTag): ReturnType<typeof checkLkmm> {
  const b = new GraphBuilder();
  const ix = b.init('x'); const iy = b.init('y');
  b.write(0, 'x', 1); if (fence) b.fence(0, fence); const r0 = b.read(0, 'y', 0);
  b.write(1, 'y', 1); if (fence) b.fence(1, fence); const r1 = b.read(1, 'x', 0);
  b.readsFrom(r0, iy).readsFrom(r1, ix);
  return checkLkmm(b.graph());
}

describe('lkmm: relation algebra', () => {
  it('maps tw orderings onto the model\'s annotations', () => {
    assert.deepEqual(['plain', 'once', 'relaxed', 'acquire', 'release', 'full'].map((o) => accessTagOf(o as 'plain')), ['plain', 'once', 'once', 'acquire', 'release', 'mb']);
  });

  it('composes, closes and finds cycles', () => {
    const r = Rel.of(4, [[0, 1], [1, 2], [2, 0]]);
    assert.ok(r.seq(r).has(0, 2));
    assert.ok(r.plus().has(0, 0));
    assert.equal(r.acyclic(), false);
    assert.deepEqual(r.cycle(), [0, 1, 2]);
    assert.ok(Rel.of(4, [[0, 1], [1, 2]]).acyclic());
    assert.ok(Rel.of(40, [[3, 35], [35, 39]]).plus().has(3, 39));
  });
});

describe('lkmm: axioms on hand-built graphs', () => {
  it('MP without ordering is allowed; release/acquire, wmb/rmb forbid it by hb', () => {
    assert.equal(mp({}, {}).allowed, true);
    const ra = mp({ flag: 'release' }, { flag: 'acquire' });
    assert.equal(ra.allowed, false);
    assert.equal(ra.allowed === false && ra.axiom, 'happens-before');
    // The cycle in words: the acquire orders the read of x, which propagates (from-read, release, read-from) back to it.
    assert.equal(ra.allowed === false ? ra.text : '', "hb cycle: P1's read[acquire] y=1 -acquire-> P1's read[once] x=0 -fr-> P0's write[once] x=1 -release-> P0's write[release] y=1 -rf-> P1's read[acquire] y=1");
    assert.equal(mp({ fence: 'wmb' }, { fence: 'rmb' }).allowed, false);
    assert.equal(mp({ fence: 'wmb' }, {}).allowed, true);
    assert.equal(mp({ flag: 'release' }, {}).allowed, true);
  });

  it('SB is allowed without fences, forbidden by propagation with smp_mb, not with wmb', () => {
    assert.equal(sb().allowed, true);
    const v = sb('mb');
    assert.equal(v.allowed === false && v.axiom, 'propagation');
    assert.equal(sb('wmb').allowed, true);
    assert.equal(sb('rmb').allowed, true);
  });

  it('coherence: two reads of one location in one thread cannot see writes out of order', () => {
    const b = new GraphBuilder();
    const ix = b.init('x');
    const w = b.write(0, 'x', 1);
    const r1 = b.read(1, 'x', 1); const r2 = b.read(1, 'x', 0);
    b.readsFrom(r1, w).readsFrom(r2, ix);
    const v = checkLkmm(b.graph());
    assert.equal(v.allowed === false && v.axiom, 'coherence');
    assert.match(v.allowed === false ? v.text : '', /P1's read/);
  });

  it('atomicity: no write between an RMW read and its write', () => {
    const b = new GraphBuilder();
    const ix = b.init('x');
    const [r, w] = b.rmw(0, 'x', 0, 1, 'mb');
    const other = b.write(1, 'x', 5);
    b.readsFrom(r, ix).coOrder('x', [other, w]);
    assert.equal(checkLkmm(b.graph()).allowed, false);
    b.coOrder('x', [w, other]);
    assert.equal(checkLkmm(b.graph()).allowed, true);
  });

  it('LB: allowed without dependencies, forbidden with a data dependency on each side', () => {
    for (const dep of [false, true]) {
      const b = new GraphBuilder();
      b.init('x'); b.init('y');
      const r0 = b.read(0, 'x', 1); const w0 = b.write(0, 'y', 1, 'once', dep ? { data: [0] } : {});
      const r1 = b.read(1, 'y', 1); const w1 = b.write(1, 'x', 1, 'once', dep ? { data: [r1] } : {});
      const e = b.events[w0]; if (e && dep) e.data = [r0];
      b.readsFrom(r0, w1).readsFrom(r1, w0);
      assert.equal(checkLkmm(b.graph()).allowed, !dep, `dep=${dep}`);
    }
  });

  it('a plain write racing with a plain read of another thread is a data race', () => {
    const b = new GraphBuilder();
    const ix = b.init('x');
    b.write(0, 'x', 1, 'plain');
    const r = b.read(1, 'x', 0, 'plain');
    b.readsFrom(r, ix);
    assert.equal(checkLkmm(b.graph()).allowed, true);
    assert.equal(dataRaces(b.graph()).length, 1);
    const m = new GraphBuilder();
    const mx = m.init('x');
    m.write(0, 'x', 1, 'once');
    const mr = m.read(1, 'x', 0, 'once');
    m.readsFrom(mr, mx);
    assert.deepEqual(dataRaces(m.graph()), []);
  });

  it('judges an events array again after an event is popped and another pushed in its place', () => {
    const b = new GraphBuilder();
    const ix = b.init('x'); b.init('y');
    b.write(0, 'x', 1); b.fence(0, 'wmb'); const wy = b.write(0, 'y', 1);
    const ry = b.read(1, 'y', 1); b.fence(1, 'rmb');
    b.readsFrom(ry, wy);
    const g = b.graph();
    const stale = { id: g.events.length, thread: 1, po: 3, kind: 'R' as const, loc: 'x', value: 0, tag: 'once' as const, addr: [], data: [], ctrl: [] };
    g.events.push(stale); g.rf[stale.id] = ix;
    assert.equal(checkLkmm(g).allowed, false, 'behind smp_rmb the old x is forbidden');
    g.events.pop();
    g.events.push({ ...stale, thread: 2, po: 0 });
    const v = checkLkmm(g);
    assert.equal(v.allowed, true, 'in a thread of its own the old x is allowed');
  });

  it('a rejection reads as plain data (JSON) with its cycle and words', () => {
    const v = JSON.parse(JSON.stringify(sb('mb'))) as { axiom: string; cycle: number[]; text: string };
    assert.equal(v.axiom, 'propagation');
    assert.equal(v.cycle.length, 2);
    assert.match(v.text, /^pb cycle: P0's read\[once\] y=0 -fr-> P1's write\[once\] y=1 -mb-> /);
  });
});
