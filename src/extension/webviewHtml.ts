// The page every tw webview starts from: a strict Content Security Policy (scripts only with this
// page's nonce, styles, images and fonts only from the extension), one stylesheet and one script.
import * as vscode from 'vscode';
import { randomBytes } from 'crypto';

/** `script` is under dist/, `style` under media/. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, script: string, style: string, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const src = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', script));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', style));
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css.toString()}">
<title>${title}</title>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${src.toString()}"></script>
</body>
</html>`;
}

/** Where a tw webview may load from: the stylesheets and the bundles. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')];
}
