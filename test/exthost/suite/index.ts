// Entry the extension host loads (extensionTestsPath): runs every bundled *.test.js beside it with
// mocha and rejects when any fails, which code-server turns into a non-zero exit code.
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  // The workbench shows console.log text as is: format mocha's printf-style lines here.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(util.format(...args));
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = process.env.TW_EXTHOST_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures) throw new Error(`${failures} extension-host test(s) failed`);
}
