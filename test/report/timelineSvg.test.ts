// `tw run --format svg`: well-formed XML (a strict SAX parse), one cell per step with its label,
// CAS outcomes, the pi_lock hold as a bar, the violating cells marked; the picture in the docs is
// the golden snapshot, so it always shows what tw draws today.
import assert from 'node:assert/strict';
import sax from 'sax';
import { tw } from '../cli/harness';
import { matchGolden } from '../golden';

const S1 = 'examples/s01-cancel-vs-run.tw';

interface El { name: string; attrs: Record<string, string>; text: string }

/** Every element with its attributes and direct text; throws on anything not well-formed. */
function parseXml(xml: string): El[] {
  const parser = sax.parser(true, {});
  const out: El[] = [];
  const open: El[] = [];
  parser.onopentag = (t) => {
    const el = { name: t.name, attrs: t.attributes as Record<string, string>, text: '' };
    out.push(el);
    open.push(el);
  };
  parser.onclosetag = () => { open.pop(); };
  parser.ontext = (s) => { const top = open[open.length - 1]; if (top) top.text += s; };
  parser.onerror = (e) => { throw e; };
  parser.write(xml).close();
  return out;
}

describe('tw run --format svg', () => {
  it("draws S1's race: lanes, a cell per step, CAS ok, the lock bar, the violations", async () => {
    const r = await tw('run', S1, '--schedule', 'race', '--variant', 'no-run-lock-pair', '--format', 'svg');
    assert.equal(r.code, 1, r.err);
    const els = parseXml(r.out);
    assert.equal(els[0]?.name, 'svg');
    assert.equal(els[0]?.attrs.xmlns, 'http://www.w3.org/2000/svg');
    const labels = els.filter((e) => e.attrs.class === 'label').map((e) => e.text);
    assert.equal(labels.length, 18);
    assert.deepEqual(labels.slice(0, 3), ['cancel.peek', 'cancel.lock', 'cancel.load']);
    assert.equal(els.filter((e) => e.name === 'rect' && e.attrs.class === 'cas-ok').length, 2);
    assert.equal(els.filter((e) => e.name === 'rect' && /\bviolation\b/.test(e.attrs.class ?? '')).length, 2, 'run.next and run.call on freed A');
    assert.equal(els.filter((e) => e.attrs.class === 'lock').length, 1, 'the canceller holds pi_lock from cancel.lock to cancel.unlock');
    assert.ok(els.some((e) => e.attrs.class === 'note' && e.text.startsWith('use-after-free at step 15')));
    matchGolden('docs/images/s1-timeline.svg', `${r.out}\n`);
  });

  it('on mainline the owner spins: hatched cells, no violation, exit 0; a failed CAS is marked', async () => {
    const clean = await tw('run', S1, '--schedule', 'race', '--format', 'svg');
    assert.equal(clean.code, 0, clean.err);
    const els = parseXml(clean.out);
    assert.ok(els.some((e) => e.name === 'rect' && e.attrs.class === 'spin'));
    assert.ok(!els.some((e) => /\bviolation\b/.test(e.attrs.class ?? '')));
    const s7 = await tw('run', 'examples/s07-cancel-vs-add-head.tw', '--schedule', 'race', '--variant', 'cancel-cas-fail-gives-up', '--format', 'svg');
    assert.ok(parseXml(s7.out).some((e) => e.attrs.class === 'cas-fail'), 'the canceller\'s CAS at the head fails');
  });

  it('--format is checked: a bad value, a clash with --json, --diagram or --engine is exit 2', async () => {
    for (const args of [['--format', 'png'], ['--format', 'svg', '--json'], ['--format', 'svg', '--diagram'], ['--format', 'svg', '--engine', 'core']]) {
      const r = await tw('run', S1, ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /--format/);
    }
    const json = await tw('run', S1, '--format', 'json');
    assert.equal(json.code, 0);
    assert.equal((JSON.parse(json.out) as { variant: string }).variant, 'mainline');
  });
});
