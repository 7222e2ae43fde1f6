#!/usr/bin/env bash
# Runs the benchmark suite: GraphQL against raw-SQL baselines, on SQLite and PostgreSQL, at
# 1,000 and 50,000 staff. Prints markdown tables of ratios, p99 and SQL statements per request.
#   BENCH_SECONDS=2 BENCH_SIZES=1000,50000 bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg.sh
cargo run --release --locked -p echelon-tests --bin echelon-bench
