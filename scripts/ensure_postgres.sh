#!/usr/bin/env bash
# Start the Debian PostgreSQL cluster on loopback and make a test role + database.
# Prints the URL for TEST_POSTGRES_URL on stdout; everything else goes to stderr.
# Usage: scripts/ensure_postgres.sh [--install]
set -euo pipefail
ROLE=${PG_TEST_ROLE:-commentmod}
PASS=${PG_TEST_PASSWORD:-commentmod}
DB=${PG_TEST_DB:-commentmod_test}
PORT=${PG_TEST_PORT:-5432}

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [[ "${1:-}" == "--install" && $(id -u) == 0 ]]; then
    echo "installing postgresql ..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
  else
    echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 3
  fi
fi
VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$VERSION main$"; then
  pg_createcluster "$VERSION" main >&2
fi
if ! pg_lsclusters -h | awk '$1=="'"$VERSION"'" && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$VERSION" main start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p "$PORT" -q && break
  sleep 0.5
done
psql_as_postgres() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtA -h /var/run/postgresql -p $PORT $*"; }
if [[ -z $(psql_as_postgres "-c \"SELECT 1 FROM pg_roles WHERE rolname='$ROLE'\"") ]]; then
  # CREATEDB: the migration tests create and drop scratch databases of their own.
  psql_as_postgres "-c \"CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASS'\"" >&2
fi
if [[ -z $(psql_as_postgres "-c \"SELECT 1 FROM pg_database WHERE datname='$DB'\"") ]]; then
  psql_as_postgres "-c \"CREATE DATABASE $DB OWNER $ROLE\"" >&2
fi
echo "postgresql+psycopg://$ROLE:$PASS@127.0.0.1:$PORT/$DB"
