#!/usr/bin/env bash
# Installs a real VS Code for tests and `npm start`: code-server 4.100.3 (= VS Code 1.100.3, the
# last line that runs on Node 20) from the npm registry, into a cache shared by every clone on
# the machine: $TW_CACHE_DIR, else $XDG_CACHE_HOME/tw-task-work, else ~/.cache/tw-task-work (a
# second clone starts in seconds). Only the npm registry and Debian packages are needed (no
# GitHub, no VS Code update server).
#
# - Idempotent: a finished install leaves a stamp; later runs only check it and print the path.
# - Quiet on later runs: the only stdout line is the absolute path of out/node/entry.js.
#   Progress of a fresh install goes to stderr, npm's output to <cache>/code-server/install.log.
# - Safe under CI=true with no stdin (nothing prompts; stdin is /dev/null for every tool).
# - Safe to run twice at once, from two clones too (flock on <cache>/code-server/.lock).
#
# Measured on a 2-core machine (Node 20, npm 11):
#   apt-get update + install of the Debian packages: ~20 s
#   fresh install with an empty npm cache (npm pack + npm install with the native builds +
#   verification): 65 s, of which npm install 58 s; ~50 s with a warm npm cache; ~340 MB
#   later runs (already installed): ~0.01 s
#   On the same 2 cores shared with other jobs (load ~4): npm install 295 s, the whole script 379 s.
# A fresh install prints a line at each stage and, during npm install, one every 15 s (time
# elapsed, packages in place, npm's last log line), so it is never silent for minutes.
#
# Environment: TW_CODE_SERVER_FORCE=1 reinstalls from the cached tarball.
set -euo pipefail

CS_VERSION=4.100.3
# @vscode/ripgrep (a dependency of code-server's lib/vscode) downloads rg from GitHub in its
# postinstall unless its cache already holds the archive. We seed that cache with Debian's rg.
RG_PKG_VERSION=1.15.11   # must equal the version pinned in lib/vscode/npm-shrinkwrap.json
RG_TAG=v13.0.0-10        # the VERSION constant in @vscode/ripgrep/lib/postinstall.js

CACHE="${TW_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tw-task-work}/code-server"
PKG="$CACHE/package"
ENTRY="$PKG/out/node/entry.js"
STAMP="$PKG/.tw-install-ok"
LOG="$CACHE/install.log"
TARBALL="$CACHE/code-server-$CS_VERSION.tgz"

say() { echo "setupCodeServer: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

# Fast path: nothing to do.
if [[ -z "${TW_CODE_SERVER_FORCE:-}" && -f "$STAMP" && -f "$ENTRY" \
      && "$(cat "$STAMP")" == "$CS_VERSION" ]]; then
  echo "$ENTRY"
  exit 0
fi

: >"$LOG"   # a fresh log for this install
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[[ "$node_major" == 20 ]] || die "code-server $CS_VERSION needs Node 20, found $(node -v)"

# --- 1. Debian packages --------------------------------------------------------------------
APT_PKGS=(chromium ripgrep libkrb5-dev build-essential python3)
missing=()
for p in "${APT_PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  SUDO=()
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null || die "need root (or sudo) to install: ${missing[*]}"
    SUDO=(sudo -n)
  fi
  say "[1/4] installing Debian packages: ${missing[*]} (apt-get, under a minute)"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq </dev/null >>"$LOG" 2>&1 || die "apt-get update failed, see $LOG"
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${APT_PKGS[@]}" </dev/null >>"$LOG" 2>&1 \
    || die "apt-get install failed, see $LOG"
fi

# --- 2. Seed the @vscode/ripgrep download cache ------------------------------------------
case "$(node -p 'process.arch')" in
  x64) RG_TARGET=x86_64-unknown-linux-musl ;;
  arm64) RG_TARGET=aarch64-unknown-linux-musl ;;
  *) die "unsupported architecture $(node -p 'process.arch')" ;;
esac
# Same directory as @vscode/ripgrep's download.js: path.join(os.tmpdir(), 'vscode-ripgrep-cache-<version>').
RG_CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RG_PKG_VERSION"
RG_ARCHIVE="$RG_CACHE/ripgrep-$RG_TAG-$RG_TARGET.tar.gz"
if [[ ! -s "$RG_ARCHIVE" ]]; then
  RG_BIN="$(command -v rg)" || die "rg not found (Debian package ripgrep)"
  mkdir -p "$RG_CACHE"
  staging="$(mktemp -d)"
  cp "$RG_BIN" "$staging/rg"
  # download.js untars the archive into @vscode/ripgrep/bin/ and expects bin/rg: rg at the root.
  tar czf "$RG_ARCHIVE.tmp" -C "$staging" rg
  mv "$RG_ARCHIVE.tmp" "$RG_ARCHIVE"
  rm -rf "$staging"
fi

# --- 3. Fetch and unpack code-server -------------------------------------------------------
if [[ ! -s "$TARBALL" ]]; then
  say "[2/4] downloading code-server $CS_VERSION (npm pack, ~40 MB; cached in $CACHE)"
  staging="$(mktemp -d "$CACHE/pack.XXXXXX")"
  (cd "$staging" && npm pack "code-server@$CS_VERSION" --silent </dev/null >>"$LOG" 2>&1) \
    || die "npm pack failed, see $LOG"
  mv "$staging/code-server-$CS_VERSION.tgz" "$TARBALL"
  rm -rf "$staging"
fi
rm -rf "$PKG"
tar xzf "$TARBALL" -C "$CACHE"   # -> $CACHE/package

shrinkwrap_rg="$(node -p 'require(process.argv[1]).packages["node_modules/@vscode/ripgrep"].version' \
  "$PKG/lib/vscode/npm-shrinkwrap.json")"
[[ "$shrinkwrap_rg" == "$RG_PKG_VERSION" ]] \
  || die "code-server pins @vscode/ripgrep $shrinkwrap_rg, this script seeds $RG_PKG_VERSION"

# --- 4. npm install (runs code-server's postinstall, which installs lib/vscode and its
#        built-in extensions with nested npm installs and builds the native modules) ----------
# yes:        node-pty's postinstall runs `npx node-gyp`, which would otherwise ask to install it.
# unsafe_perm: code-server's postinstall refuses to run as root without it.
# nodedir:    node-gyp cannot download Node headers here; Debian ships them under /usr/include/node.
# strict_allow_scripts=false: npm 11 only *warns* about dependency install scripts that are not
#             listed in an allowScripts policy and still runs them; pin that so a stricter
#             user/CI config cannot silently skip the native builds. The verification below
#             fails if any of them did not run.
say "[3/4] npm install of code-server and VS Code's server, with native builds: 1-5 minutes (log: $LOG)"
start=$SECONDS
(
  cd "$PKG"
  export npm_config_yes=true npm_config_unsafe_perm=true npm_config_nodedir=/usr
  export npm_config_strict_allow_scripts=false npm_config_ignore_scripts=false
  export npm_config_foreground_scripts=false npm_config_global=false
  npm install --omit=dev </dev/null >>"$LOG" 2>&1
) &
npm_pid=$!
# Progress while npm works: elapsed time, packages unpacked so far, the folder npm works in.
while kill -0 "$npm_pid" 2>/dev/null; do
  for _ in $(seq 1 15); do kill -0 "$npm_pid" 2>/dev/null || break; sleep 1; done
  kill -0 "$npm_pid" 2>/dev/null || break
  # (find fails on folders npm has not made yet, grep on an empty log: neither may end the script)
  n="$( { find "$PKG/node_modules" "$PKG/lib/vscode/node_modules" "$PKG/lib/vscode/extensions/node_modules" \
          -mindepth 1 -maxdepth 2 -name package.json 2>/dev/null || true; } | wc -l)"
  # Where npm's processes work now (a native build sits minutes in one folder): the deepest cwd.
  # An if, not `[[ ]] && echo`: a loop whose last test is false would fail the pipeline and end
  # the script under set -e and pipefail.
  busy="$(for d in /proc/[0-9]*; do c="$(readlink "$d/cwd" 2>/dev/null || true)"; if [[ "$c" == "$PKG"/* ]]; then echo "${c#"$PKG"/}"; fi; done \
    | sort | tail -n 1 | sed -E 's#/(build|src)$##')"
  say "      $((SECONDS - start)) s: $n packages in place${busy:+; now in $busy}"
done
wait "$npm_pid" || { tail -n 40 "$LOG" >&2; die "npm install failed, see $LOG"; }
say "npm install took $((SECONDS - start)) s"

# --- 5. Verify that the install scripts really ran -----------------------------------------
# npm 11 prints "install scripts not yet covered by allowScripts" but runs them; make sure the
# native modules were built (node-gyp) or fetched, and that they load and work.
V="$PKG/lib/vscode"
for f in "$V/node_modules/@vscode/ripgrep/bin/rg" "$V/node_modules.asar" "$V/extensions/node_modules"; do
  [[ -e "$f" ]] || die "missing after install: ${f#"$CACHE/"} (an install script did not run?) see $LOG"
done
"$V/node_modules/@vscode/ripgrep/bin/rg" --version </dev/null >/dev/null || die "bundled rg does not run"
(cd "$PKG" && node -e 'require("argon2")') </dev/null >>"$LOG" 2>&1 || die "argon2 does not load, see $LOG"
(cd "$V" && node -e '
  for (const m of ["@parcel/watcher", "@vscode/spdlog", "@vscode/deviceid", "kerberos", "native-watchdog"]) require(m);
  // node-pty backs the integrated terminal and tasks: it must load *and* spawn.
  const p = require("node-pty").spawn("/bin/sh", ["-c", "echo pty-ok"], {});
  let out = "";
  p.onData(d => { out += d; });
  p.onExit(() => { if (!out.includes("pty-ok")) { console.error("node-pty output: " + out); process.exit(1); } });
') </dev/null >>"$LOG" 2>&1 || { tail -n 20 "$LOG" >&2; die "a native module of code-server does not load"; }

# The real check: the server starts and answers /healthz.
say "[4/4] checking that code-server starts"
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
probe="$(mktemp -d)"
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" >"$probe/config.yaml"
node "$ENTRY" --config "$probe/config.yaml" --user-data-dir "$probe/data" \
  --extensions-dir "$probe/ext" --disable-telemetry --disable-update-check \
  --disable-workspace-trust "$probe" </dev/null >"$probe/server.log" 2>&1 &
server=$!
ok=
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then ok=1; break; fi
  kill -0 "$server" 2>/dev/null || break
  sleep 0.5
done
kill "$server" 2>/dev/null || true
wait "$server" 2>/dev/null || true
if [[ -z "$ok" ]]; then
  cat "$probe/server.log" >&2
  rm -rf "$probe"
  die "code-server did not answer /healthz"
fi
rm -rf "$probe"

echo "$CS_VERSION" >"$STAMP"
say "code-server $CS_VERSION ready"
echo "$ENTRY"
