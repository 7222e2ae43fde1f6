#!/usr/bin/env bash
# The whole test suite: formatting, lints, the wasm32 builds of the shared crate and the web
# app, every test on SQLite and on PostgreSQL, and the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export PATH="$PWD/.tools/binaryen/node_modules/.bin:$PATH"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "formatting"
cargo fmt --all -- --check

step "fetch"
cargo fetch --locked

step "lints"
cargo clippy --locked --all-targets -- -D warnings
cargo clippy --locked -p entity -p echelon-frontend --target wasm32-unknown-unknown -- -D warnings

step "web app build (offline)"
bash scripts/web.sh

step "PostgreSQL"
source scripts/pg.sh

step "tests (SQLite and PostgreSQL, browser)"
# The process tests drive the real binary (kill -9, SIGTERM).
cargo build --locked -p echelon
export ECHELON_TEST_DIST="$PWD/dist" ECHELON_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/echelon"
# The browser tests get the app as it is served in production, precompressed.
"$ECHELON_BIN" precompress dist
cargo test --locked --workspace
