// The entry of dist/lspServer.js, the language server the VS Code extension starts (`tw lsp` is
// the same server from the CLI). Kept apart from main.ts: a bundle that imports main.ts (the CLI)
// must not start a server on import.
import { runLanguageServer } from './main';

runLanguageServer(process.argv.slice(2));
