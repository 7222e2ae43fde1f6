#!/usr/bin/env bash
# Installs what building and testing Echelon needs, only where missing or at the wrong
# version, so a machine that has everything passes through in seconds.
#   scripts/setup.sh          tools for building the app
#   scripts/setup.sh --test   also Chromium, ChromeDriver, CJK fonts and PostgreSQL tools
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

lock_version() {
  # The version of a package as pinned in Cargo.lock.
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(lock_version wasm-bindgen)
BINARYEN_VERSION=132.0.0

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (several minutes, once)"
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (matches Cargo.lock)"
  # Not --locked: one of its pinned dependencies is not available from the registry.
  cargo install --force "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi

# Binaryen from npm: Debian's older wasm-opt produces a module Chromium refuses.
if [ ! -x .tools/binaryen/node_modules/.bin/wasm-opt ] ||
   ! .tools/binaryen/node_modules/.bin/wasm-opt --version | grep -q "version ${BINARYEN_VERSION%%.*}"; then
  say "installing binaryen $BINARYEN_VERSION into .tools/"
  npm install --silent --no-audit --no-fund --prefix .tools/binaryen "binaryen@$BINARYEN_VERSION"
fi

if [ "$want_test" = 1 ]; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  [ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
  command -v pg_dump >/dev/null || missing+=(postgresql-client)
  if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    missing+=(postgresql)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
say "tools ready"
