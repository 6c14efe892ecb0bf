// `tw check` on model listings: the shipped ones are clean, a pasted-kernel-shaped file loads with
// notes, a listing outside the subset exits 2 with `file:line:col: error TWnnn`.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tw } from '../cli/harness';

describe('tw check FILE.c', () => {
  it('every shipped listing is clean', async () => {
    const files = readdirSync('listings').filter((f) => f.endsWith('.c')).map((f) => join('listings', f));
    const r = await tw('check', ...files);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `${files.length} file(s) ok`);
    assert.equal(r.err, '');
  });

  it('every history listing is clean (tw check listings/history/*.c)', async () => {
    const files = readdirSync('listings/history').filter((f) => f.endsWith('.c')).map((f) => join('listings', 'history', f));
    assert.ok(files.length >= 12, files.join(' '));
    const r = await tw('check', ...files);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `${files.length} file(s) ok`);
    assert.match(r.err, /^listings\/history\/v6\.11\.c:21:8: note TW301: 'DEFINE_PER_CPU\(\.\.\.\)': irq_work_queue\(&irq_work_NMI_resume\) runs task_work_set_notify_irq\(\) later on the CPU of a thread declared 'on\(CPU\)'/m);
  });

  it('a kernel-shaped file loads, with a note for each thing it ignores', async () => {
    const r = await tw('check', 'test/model/fixtures/kernel-shaped.c');
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /^test\/model\/fixtures\/kernel-shaped\.c:74:1: note TW301: 'EXPORT_SYMBOL_GPL\(\.\.\.\)' ignored/m);
  });

  it('a construct outside the subset: exit 2 and file:line:col: error TWnnn naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-check-'));
    const file = join(dir, 'my_task_work.c');
    writeFileSync(file, readFileSync('listings/mainline.c', 'utf8').replace('work->next = h;', 'work->next = h; h++;'));
    const r = await tw('check', file);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`^${file.replace(/[.\\]/g, '\\$&')}:14:22: error TW310: '\\+\\+' is not part of the listing subset`, 'm'));
  });

  it('a missing listing is one line', async () => {
    const r = await tw('check', 'no/such.c');
    assert.equal(r.code, 2);
    assert.equal(r.err, 'tw: cannot read no/such.c: no such file');
  });
});
