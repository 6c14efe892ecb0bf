// The model listings as the debugger shows them: a read-only file system under the tw-listing
// scheme (tw-listing:/listings/<variant>.c, so the tab and breadcrumb say "listings › mainline.c",
// not an extension's install path, and typing into one says it is read-only), and each step's
// label at the start of its line as an inlay hint, where a narrow editor does not cut it off.
import * as vscode from 'vscode';
import { listingFor } from '../debug';
import { variantByName } from '../model';

export const LISTING_SCHEME = 'tw-listing';
/** The folder the adapter puts listing sources under (it joins `<variant>.c` to it). */
export const LISTING_ROOT = `${LISTING_SCHEME}:/listings`;

function listingOf(uri: vscode.Uri): string {
  const m = /^\/listings\/([^/]+)\.c$/.exec(uri.path);
  const l = m?.[1] ? listingFor(variantByName(m[1])) : undefined; // a shipped variant, or a release (v3.7.c)
  if (!l) throw vscode.FileSystemError.FileNotFound(uri);
  return l.text;
}

class ListingFileSystem implements vscode.FileSystemProvider {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  watch(): vscode.Disposable { return new vscode.Disposable(() => undefined); }
  stat(uri: vscode.Uri): vscode.FileStat {
    if (uri.path === '/listings' || uri.path === '/') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const size = Buffer.byteLength(listingOf(uri));
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size, permissions: vscode.FilePermission.Readonly };
  }
  readDirectory(): [string, vscode.FileType][] { return []; }
  readFile(uri: vscode.Uri): Uint8Array { return new TextEncoder().encode(listingOf(uri)); }
  private readonly refuse = (uri: vscode.Uri): never => { throw vscode.FileSystemError.NoPermissions(uri); };
  createDirectory(uri: vscode.Uri): void { this.refuse(uri); }
  writeFile(uri: vscode.Uri): void { this.refuse(uri); }
  delete(uri: vscode.Uri): void { this.refuse(uri); }
  rename(uri: vscode.Uri): void { this.refuse(uri); }
}

/** `// cancel.cas` (or `// cancel.cas: note`) at the end of a listing line. */
const LABEL_AT_END = /\/\/ ([a-z_]+\.[a-z_]+)(?::|$)/;

class ListingLabels implements vscode.InlayHintsProvider {
  provideInlayHints(doc: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    const out: vscode.InlayHint[] = [];
    for (let line = range.start.line; line <= Math.min(range.end.line, doc.lineCount - 1); line++) {
      const label = LABEL_AT_END.exec(doc.lineAt(line).text)?.[1];
      if (!label) continue;
      const hint = new vscode.InlayHint(new vscode.Position(line, 0), label);
      hint.paddingRight = true;
      hint.tooltip = `step ${label}: a breakpoint on this line stops before it`;
      out.push(hint);
    }
    return out;
  }
}

export function registerListingDocs(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerFileSystemProvider(LISTING_SCHEME, new ListingFileSystem(), { isReadonly: true, isCaseSensitive: true }),
    vscode.languages.registerInlayHintsProvider({ language: 'tw-listing' }, new ListingLabels()),
  );
}
