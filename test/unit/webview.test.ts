// The queue picture's pure layout and SVG text: which boxes, arrows and labels a snapshot produces.
import { strict as assert } from 'assert';
import type { StateSnapshot, WorkSnapshot, ThreadSnapshot } from '../../src/protocol/messages';
import { layoutQueue, aimKey, pointerWork } from '../../src/webview/layout';
import { renderSvg, escapeXml } from '../../src/webview/svg';
import { renderPanel } from '../../src/webview/panel';

function work(name: string, life: WorkSnapshot['life'], address: string, next = 'NULL'): WorkSnapshot {
  return { name, address, life, next, func: `f${name.toLowerCase()}`, adds: 1, runs: 0, cancels: 0 };
}

function thread(id: number, name: string, extra: Partial<ThreadSnapshot> = {}): ThreadSnapshot {
  return { id, name, status: 'ready', next: 'cancel.match', pointers: [], detached: [], ...extra };
}

function snapshot(over: Partial<StateSnapshot> = {}): StateSnapshot {
  return {
    file: 's01.tw', variant: 'mainline', step: 7, lastThread: 1, lastLabel: 'cancel.step',
    tasks: [{ name: 'T', chain: ['B', 'A', 'NULL'], lock: { holder: 'canceller', spinners: ['owner'] }, exiting: false, notifyResume: true, notifySignal: false }],
    works: [work('A', 'pending', '0x1000'), work('B', 'pending', '0x1040', 'A'), work('C', 'freed', '0x1080')],
    threads: [
      thread(1, 'canceller', { pointers: [{ name: 'pprev', target: '&B.next' }, { name: 'work', target: 'A' }] }),
      thread(2, 'owner', { status: 'spinning on T.pi_lock', next: 'run.lock', pointers: [{ name: 'work', target: 'NULL' }] }),
    ],
    violations: [], finished: false, ...over,
  };
}

const arrowPairs = (kind: string, pic: ReturnType<typeof layoutQueue>): string[] =>
  pic.arrows.filter((a) => a.kind === kind).map((a) => `${a.from} -> ${a.to}`);

describe('webview layout: the queue picture of a snapshot', () => {
  it('draws the head, the chain in list order and the NULL end, joined by arrows', () => {
    const pic = layoutQueue(snapshot());
    assert.deepEqual(pic.nodes.filter((n) => n.band === 'task:T').map((n) => n.work), ['B', 'A']);
    assert.deepEqual(arrowPairs('head', pic), ['head:T -> task:T/B']);
    assert.deepEqual(arrowPairs('next', pic), ['task:T/B -> task:T/A', 'task:T/A -> task:T/NULL']);
    const [b, a] = pic.nodes;
    assert.ok(b && a && b.x < a.x && b.y === a.y, 'left to right on one row');
  });

  it('labels each thread pointer with an arrow into the node or field it aims at; NULL pointers are listed', () => {
    const pic = layoutQueue(snapshot());
    assert.deepEqual(arrowPairs('pointer', pic), ['ptr:canceller.pprev -> task:T/B', 'ptr:canceller.work -> task:T/A']);
    assert.deepEqual(pic.labels.filter((l) => l.cls === 'pointer-label').map((l) => [l.text, l.thread]),
      [['canceller.pprev', 0], ['canceller.work', 0]]);
    assert.deepEqual(pic.loosePointers, [{ thread: 'owner', name: 'work', target: 'NULL' }]);
    for (const a of pic.arrows.filter((x) => x.kind === 'pointer')) {
      const node = pic.nodes.find((n) => n.key === a.to);
      assert.equal(a.points[a.points.length - 1]?.[1], node?.y, 'the arrow ends on the top edge of its node');
    }
  });

  it('stacks two pointers at one node without crossing: the upper label arrow runs further left', () => {
    const snap = snapshot();
    snap.threads[1]!.pointers = [{ name: 'work', target: 'A' }];
    const pic = layoutQueue(snap);
    const toA = pic.arrows.filter((a) => a.kind === 'pointer' && a.to === 'task:T/A');
    assert.equal(toA.length, 2);
    const [lower, upper] = toA;
    assert.ok(lower && upper && upper.points[0]![1] < lower.points[0]![1], 'second label is higher');
    assert.ok(upper.points[1]![0] < lower.points[1]![0], 'its vertical is left of the first one');
  });

  it('shows the pi_lock holder, the spinners and the task flags', () => {
    const pic = layoutQueue(snapshot());
    const texts = pic.labels.map((l) => `${l.cls}:${l.text}`);
    assert.ok(texts.includes('lock-held:pi_lock held by canceller'));
    assert.ok(texts.includes('spinner:spinning: owner'));
    assert.ok(texts.includes('band-title:task T  ·  TIF_NOTIFY_RESUME'));
    const free = layoutQueue(snapshot({ tasks: [{ ...snapshot().tasks[0]!, lock: { holder: null, spinners: [] } }] }));
    assert.ok(free.labels.some((l) => l.cls === 'lock-free' && l.text === 'pi_lock free'));
  });

  it('puts works on no list in their own band and crosses out freed ones', () => {
    const pic = layoutQueue(snapshot());
    const c = pic.nodes.find((n) => n.work === 'C');
    assert.equal(c?.band, 'offlist');
    assert.equal(c?.freed, true);
    const svg = renderSvg(pic);
    const group = svg.slice(svg.indexOf('data-work="C"'));
    assert.equal((group.slice(0, group.indexOf('</g>')).match(/class="cross"/g) ?? []).length, 2);
    assert.equal((svg.match(/class="cross"/g) ?? []).length, 2, 'only C is crossed out');
  });

  it('draws a batch detached by task_work_run apart from the live list', () => {
    const snap = snapshot({
      tasks: [{ ...snapshot().tasks[0]!, chain: ['NULL'], lock: { holder: null, spinners: [] } }],
      works: [work('A', 'running', '0x1000'), work('B', 'detached', '0x1040', 'A'), work('C', 'freed', '0x1080')],
      threads: [thread(1, 'canceller'), thread(2, 'owner', { detached: ['B', 'A'], pointers: [{ name: 'next', target: 'A' }] })],
    });
    const pic = layoutQueue(snap);
    assert.deepEqual(pic.bands.map((b) => b.key), ['task:T', 'detached:owner', 'offlist']);
    assert.deepEqual(pic.nodes.filter((n) => n.band === 'detached:owner').map((n) => n.work), ['B', 'A']);
    assert.deepEqual(arrowPairs('head', pic), ['head:T -> task:T/NULL']);
    assert.deepEqual(arrowPairs('next', pic), ['detached:owner/B -> detached:owner/A', 'detached:owner/A -> detached:owner/NULL']);
    assert.deepEqual(arrowPairs('pointer', pic), ['ptr:owner.next -> detached:owner/A']);
    const live = pic.bands[0]!;
    const batch = pic.bands[1]!;
    assert.ok(batch.y >= live.y + live.h, 'the batch band is below the task band');
  });

  it('ends a list at &work_exited with the sentinel box, and closes a cycle with a back arrow', () => {
    const exited = layoutQueue(snapshot({ tasks: [{ ...snapshot().tasks[0]!, chain: ['&work_exited'] }] }));
    assert.deepEqual(exited.ends.map((e) => e.kind), ['exited']);
    assert.ok(renderSvg(exited).includes('&amp;work_exited'));
    const cyc = layoutQueue(snapshot({ tasks: [{ ...snapshot().tasks[0]!, chain: ['A', 'B', 'A', 'B', '...(cycle)'] }] }));
    assert.deepEqual(cyc.nodes.filter((n) => n.band === 'task:T').map((n) => n.work), ['A', 'B']);
    assert.deepEqual(arrowPairs('cycle', cyc), ['task:T/B -> task:T/A']);
  });

  it('marks what changed since the previous snapshot', () => {
    const before = snapshot({ tasks: [{ ...snapshot().tasks[0]!, chain: ['A', 'NULL'] }],
      works: [work('A', 'pending', '0x1000'), work('B', 'idle', '0x1040'), work('C', 'freed', '0x1080')] });
    const pic = layoutQueue(snapshot(), before);
    assert.deepEqual(pic.nodes.filter((n) => n.changed).map((n) => n.key), ['task:T/B', 'task:T/A']);
    assert.equal(pic.heads[0]?.changed, true);
    const same = layoutQueue(snapshot(), snapshot());
    assert.deepEqual(same.nodes.filter((n) => n.changed), []);
  });

  it('reads pointer texts: freed works, fields and ends', () => {
    assert.deepEqual(pointerWork('freed A'), { name: 'A', freed: true });
    assert.equal(aimKey('&T.task_works'), 'head:T');
    assert.equal(aimKey('&T->task_works'), 'head:T');
    assert.equal(aimKey('&B->next'), 'B');
    assert.equal(aimKey('NULL'), null);
    assert.equal(aimKey('&work_exited'), null);
    const pic = layoutQueue(snapshot({ threads: [thread(1, 'canceller', { pointers: [{ name: 'pprev', target: '&T.task_works' }] })] }));
    assert.deepEqual(arrowPairs('pointer', pic), ['ptr:canceller.pprev -> head:T']);
  });

  it('escapes every name it writes into SVG and HTML', () => {
    assert.equal(escapeXml(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    const snap = snapshot({ violations: [{ kind: 'use-after-free', message: 'read next of <freed A>', step: 9, thread: 'owner' }] });
    const html = renderPanel(snap, layoutQueue(snap), false, 6);
    assert.ok(html.includes('read next of &lt;freed A&gt;'));
    assert.ok(html.includes('<tr class="thread t0 last" data-thread="canceller">'));
    assert.ok(html.includes('<td>work = NULL</td>'));
  });

  it('says where a violation happened as the exception box does, the verdict at the end, and that a session ended', () => {
    const snap = snapshot({
      finished: true,
      violations: [{ kind: 'assertion', message: 'final: assert(x) failed (line 25)', step: 0, thread: '', where: 'the end (line 25)' }],
      verdict: ['outcome: T = NULL', 'verdict: 1 of 1 final assert failed; 1 violation (assertion); 18 steps'],
    });
    const html = renderPanel(snap, layoutQueue(snap), true, 6);
    assert.ok(html.includes('<b>assertion</b> at the end (line 25): final'), html);
    assert.ok(!html.includes('step 0 ()'));
    assert.ok(html.includes('<div class="verdict bad"><div>outcome: T = NULL</div><div>verdict: 1 of 1 final assert failed'), html);
    assert.ok(html.includes('This debug session has ended') && html.includes('<button id="rerun" type="button">Run again</button>'));
    assert.ok(!renderPanel(snap, layoutQueue(snap), false, 6).includes('Run again'));
  });

  it('memory lkmm: a stale view is a dashed arrow in the thread colour from the word to what the thread sees, and a line in words', () => {
    const view = (thread: string, loc: string, seen: string, newest: string): NonNullable<StateSnapshot['stale']>[number] => ({
      threadId: thread === 'owner' ? 2 : 1, thread, loc, seen, newest, when: 'read', early: false, at: 'run.load', write: 'init',
      text: `${thread} read ${seen} at run.load (stale, from init; newest ${newest})`,
    });
    const snap = snapshot({ stale: [view('owner', 'T.task_works', 'A', 'B'), view('owner', 'B.next', 'freed C', 'A'), view('canceller', 'A.func', 'fa', 'NULL')] });
    const pic = layoutQueue(snap);
    assert.deepEqual(pic.arrows.filter((a) => a.kind === 'stale').map((a) => [a.from, a.to, a.label, a.thread]),
      [['head:T', 'task:T/A', 'owner: stale', 1], ['task:T/B', 'offlist/C', 'owner: stale', 1]]);
    const head = pic.heads[0];
    const toA = pic.arrows.find((a) => a.kind === 'stale' && a.to === 'task:T/A');
    assert.ok(head && toA && (toA.points[1]?.[1] ?? 0) > head.y + head.h, 'on one row the arrow runs under the boxes');
    assert.deepEqual(pic.labels.filter((l) => l.cls === 'stale-line').map((l) => [l.text.split(':')[0], l.thread]), [['T.task_works', 1], ['B.next', 1], ['A.func', 0]]);
    assert.ok(pic.bands.some((b) => b.kind === 'stale'));
    assert.ok(renderSvg(pic).includes('class="arrow arrow-stale t1"'));
    assert.ok(!layoutQueue(snapshot()).bands.some((b) => b.kind === 'stale'), 'no band without a stale view');
  });
});
