#!/usr/bin/env bash
# The web app's size (release .wasm raw / gzip / brotli) and the time from navigation to the
# home data on screen in headless Chromium (an agent on a phone). Prints markdown tables.
#   bash bench/web.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export PATH="$PWD/.tools/binaryen/node_modules/.bin:$PATH"
cargo fetch --locked
bash scripts/web.sh
cargo build --release --locked -p echelon -p echelon-tests
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
"$TARGET/release/echelon" precompress dist
ECHELON_TEST_DIST="$PWD/dist" "$TARGET/release/echelon-webperf"
