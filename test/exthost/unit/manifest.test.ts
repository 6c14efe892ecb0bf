// package.json's contributions agree with the code: launch attributes with the adapter's schema,
// commands with what the extension registers, listing file patterns with the variants.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { LAUNCH_ATTRIBUTES } from '../../../src/debug/launchArgs';
import { VARIANT_NAMES } from '../../../src/core';

const ROOT = path.resolve(__dirname, '..', '..', '..');
type Json = Record<string, any>; // package.json, read as JSON and checked field by field below
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Json;
const contributes = pkg.contributes as Json;

function extensionSources(): string {
  const dir = path.join(ROOT, 'src', 'extension');
  return fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
}

describe('extension manifest (package.json contributes)', () => {
  it('declares exactly the launch attributes the adapter validates, with the same types and defaults', () => {
    const props = contributes.debuggers[0].configurationAttributes.launch.properties as Json;
    assert.deepEqual(Object.keys(props).sort(), Object.keys(LAUNCH_ATTRIBUTES).sort());
    for (const [key, spec] of Object.entries(LAUNCH_ATTRIBUTES)) {
      const p = props[key] as Json;
      assert.equal(p.type, spec.type, key);
      assert.deepEqual(p.enum, spec.enum, key);
      assert.deepEqual(p.default, spec.default, key);
      assert.equal(p.minimum, spec.minimum, key);
    }
  });

  it('contributes every command the extension registers, in the tw category, each with an activation event', () => {
    const registered = [...extensionSources().matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    const contributed = (contributes.commands as Json[]).map((c) => c.command as string).sort();
    assert.deepEqual(contributed, registered);
    for (const c of contributes.commands as Json[]) assert.equal(c.category, 'tw', c.command);
    for (const c of contributed) assert.ok((pkg.activationEvents as string[]).includes(`onCommand:${c}`), c);
  });

  it('puts "Step this thread one atomic step" inline on tw thread rows of the call stack', () => {
    const items = (contributes.menus['debug/callstack/context'] as Json[]).filter((m) => String(m.group).startsWith('inline'));
    const when = "debugType == tw && callStackItemType == 'thread'";
    assert.deepEqual(items, [{ command: 'tw.stepThread', group: 'inline@1', when }, { command: 'tw.continueThread', group: 'inline@2', when }]);
    const cmd = (contributes.commands as Json[]).find((c) => c.command === 'tw.stepThread');
    assert.equal(cmd?.title, 'Step this thread one atomic step');
  });

  it('activates only on tw files, tw debugging, the queue panel, the timeline view, the read-only listings and tw commands', () => {
    for (const e of pkg.activationEvents as string[]) {
      assert.match(e, /^(onLanguage:tw|onDebugResolve:tw|onDebugDynamicConfigurations:tw|onWebviewPanel:tw\.queue|onView:tw\.timeline|workspaceContains:\*\*\/\*\.tw|onFileSystem:tw-listing|onCommand:tw\.\w+)$/);
    }
  });

  it('gives the thread-row buttons icons of their own (not Step Into / Continue, which sit in the same row)', () => {
    const icons = new Map((contributes.commands as Json[]).map((c) => [c.command, c.icon]));
    const builtIn = ['$(debug-step-into)', '$(debug-step-over)', '$(debug-step-out)', '$(debug-continue)', '$(debug-pause)', '$(debug-restart-frame)'];
    const row = ['tw.stepThread', 'tw.continueThread'].map((c) => icons.get(c));
    for (const icon of row) assert.ok(typeof icon === 'string' && !builtIn.includes(icon), String(icon));
    assert.notEqual(row[0], row[1]);
  });

  it('lets F5 pick the tw debugger from a model listing tab (no "Select debugger" picker)', () => {
    assert.deepEqual((contributes.debuggers as Json[])[0]?.languages, ['tw', 'tw-listing']);
  });

  it('maps every variant listing to the tw-listing language and allows breakpoints there and in .tw', () => {
    const listing = (contributes.languages as Json[]).find((l) => l.id === 'tw-listing');
    assert.deepEqual(listing?.filenamePatterns, VARIANT_NAMES.map((v) => `**/listings/${v}.c`));
    assert.deepEqual(contributes.breakpoints, [{ language: 'tw' }, { language: 'tw-listing' }]);
  });

  it('points at files that exist', () => {
    const files = [
      ...(contributes.grammars as Json[]).map((g) => g.path), ...(contributes.snippets as Json[]).map((s) => s.path),
      ...(contributes.languages as Json[]).map((l) => l.configuration), pkg.icon, 'media/queue.css', 'media/timeline.css', 'media/tw-file.svg',
    ] as string[];
    for (const f of files) assert.ok(fs.existsSync(path.join(ROOT, f)), f);
    assert.equal(pkg.main, './dist/extension.js');
    assert.equal(pkg.engines.vscode, '^1.100.0');
    assert.equal(pkg.devDependencies['@types/vscode'], '1.100.0');
  });
});
