#!/usr/bin/env bash
# Builds everything and starts Echelon with the demo center on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.tools/binaryen/node_modules/.bin:$PATH"

cargo fetch --locked
bash scripts/web.sh
cargo build --release --locked -p echelon

BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/echelon"
# Brotli and gzip siblings of the app's files, which the server sends as they are; the lines it
# prints are the app's size report.
"$BIN" precompress dist
export ECHELON_STATIC_DIR="${ECHELON_STATIC_DIR:-$PWD/dist}"
export ECHELON_LISTEN="${ECHELON_LISTEN:-127.0.0.1:8080}"
"$BIN" seed-demo
echo
echo "Echelon is starting at http://${ECHELON_LISTEN}/  (Ctrl-C stops it)"
exec "$BIN" serve
