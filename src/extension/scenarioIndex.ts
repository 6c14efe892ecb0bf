// The extension's modules read a scenario's index from the language service (src/lsp), which owns it.
export * from '../lsp/scenarioIndex';
