#!/usr/bin/env bash
# Runs the benchmark suite: GraphQL against raw-SQL baselines, on SQLite and PostgreSQL, at
# 1,000 and 50,000 staff. Prints markdown tables of ratios, p99 and SQL statements per request.
#   BENCH_SECONDS=2 BENCH_SIZES=1000,50000 BENCH_DBS=sqlite,postgres bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg.sh
# PostGraphile, the peer the reads are compared with on PostgreSQL, from npm.
POSTGRAPHILE_VERSION=4.14.1
if [ ! -x .tools/postgraphile/node_modules/.bin/postgraphile ] ||
   ! grep -q "\"version\": \"$POSTGRAPHILE_VERSION\"" .tools/postgraphile/node_modules/postgraphile/package.json; then
  npm install --silent --no-audit --no-fund --no-save --prefix .tools/postgraphile "postgraphile@$POSTGRAPHILE_VERSION"
fi
export ECHELON_BENCH_POSTGRAPHILE="$PWD/.tools/postgraphile/node_modules/.bin/postgraphile"
# The release server, run as its own process for cold start and memory.
cargo build --release --locked -p echelon
export ECHELON_BENCH_BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/echelon"
cargo run --release --locked -p echelon-tests --bin echelon-bench
