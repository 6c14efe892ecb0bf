#!/usr/bin/env bash
# Installs Neovim (Debian's `neovim`) for the third-party-client test of the language server
# (test/lsp/neovim.test.ts), when it is missing. .ci/run calls it before `npm test`; on a
# developer machine the test is skipped without nvim, under CI=true it fails instead.
# Idempotent and quiet when nvim is already there; safe under CI with no stdin.
set -euo pipefail

if command -v nvim >/dev/null; then exit 0; fi
SUDO=()
if [[ "$(id -u)" != 0 ]]; then
  command -v sudo >/dev/null || { echo "setupNeovim: need root (or sudo) to apt-get install neovim" >&2; exit 1; }
  SUDO=(sudo -n)
fi
echo "setupNeovim: installing Debian's neovim (for the language server's Neovim test)..." >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq </dev/null >&2
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends neovim </dev/null >&2
command -v nvim >/dev/null || { echo "setupNeovim: nvim is still missing after apt-get install" >&2; exit 1; }
echo "setupNeovim: $(nvim --version | head -1)" >&2
