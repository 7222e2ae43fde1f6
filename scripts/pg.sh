#!/usr/bin/env bash
# Sourced by scripts/test.sh: makes TEST_PG_URL point at a PostgreSQL server for the tests.
# Uses TEST_PG_URL or DATABASE_URL if set, else a server on 127.0.0.1:5432 if one answers,
# else starts a throwaway cluster (stopped on exit). Fails loudly when none can be had.

pg_answers() { psql "$1" -Atqc 'SELECT 1' >/dev/null 2>&1; }

if [ -n "${TEST_PG_URL:-}" ]; then
  :
elif [ -n "${DATABASE_URL:-}" ] && [[ "$DATABASE_URL" == postgres* ]]; then
  export TEST_PG_URL="$DATABASE_URL"
elif pg_answers "postgres://postgres@127.0.0.1:5432/postgres"; then
  export TEST_PG_URL="postgres://postgres@127.0.0.1:5432/postgres"
else
  bindir=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1)")
  [ -x "$bindir/initdb" ] || { echo "FATAL: no PostgreSQL server and no initdb to start one" >&2; exit 1; }
  PG_TMP=$(mktemp -d /tmp/echelon-pg.XXXXXX)
  chown postgres:postgres "$PG_TMP" && chmod 700 "$PG_TMP"
  su postgres -c "$bindir/initdb -D $PG_TMP/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  su postgres -c "$bindir/pg_ctl -D $PG_TMP/data -l $PG_TMP/server.log -o '-p 55432 -k $PG_TMP -c listen_addresses=127.0.0.1' -w start" >/dev/null
  trap 'su postgres -c "$bindir/pg_ctl -D $PG_TMP/data -m fast stop" >/dev/null 2>&1; rm -rf "$PG_TMP"' EXIT
  export TEST_PG_URL="postgres://postgres@127.0.0.1:55432/postgres"
fi
pg_answers "$TEST_PG_URL" || { echo "FATAL: PostgreSQL at $TEST_PG_URL does not answer" >&2; exit 1; }
echo "[test] PostgreSQL: $TEST_PG_URL"
