#!/usr/bin/env bash
# The whole suite: once on SQLite (the embedded default), once more on PostgreSQL.
# PostgreSQL comes from TEST_POSTGRES_URL, or is started here with scripts/ensure_postgres.sh.
# With REQUIRE_POSTGRES=1 (CI) a missing PostgreSQL is a failure, never a silent skip.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${TEST_POSTGRES_URL:-}" ]]; then
  if url=$(scripts/ensure_postgres.sh 2>/dev/null); then
    export TEST_POSTGRES_URL=$url
  elif [[ "${REQUIRE_POSTGRES:-0}" == 1 ]]; then
    echo "REQUIRE_POSTGRES=1 but PostgreSQL could not be started" >&2
    exit 1
  else
    echo "!! PostgreSQL unavailable: the PostgreSQL half of the suite is SKIPPED" >&2
  fi
fi

echo "== suite on SQLite" >&2
pytest "$@"

if [[ -n "${TEST_POSTGRES_URL:-}" ]]; then
  echo "== suite on PostgreSQL" >&2
  # Pure unit tests do not touch the database; the browser tests drive the pages whose every
  # query the integration tests already run on PostgreSQL (and they are the slowest part of
  # the suite, which CI must finish in 25 minutes); everything else runs again on PostgreSQL.
  TEST_DATABASE_URL=$TEST_POSTGRES_URL pytest --ignore=tests/unit --ignore=tests/browser "$@"
fi
