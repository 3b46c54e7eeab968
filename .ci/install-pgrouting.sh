#!/usr/bin/env bash
# Makes `CREATE EXTENSION pgrouting` possible on the local PostgreSQL cluster, which the routing
# cross-check test (packages/routing/bench/peer-pgrouting.test.ts) needs. Safe to run repeatedly:
# it touches apt only when the extension cannot yet be created.
set -euo pipefail

URL="${PGROUTING_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PG_MAJOR="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$PG_MAJOR" ]; then
  echo "install-pgrouting: no PostgreSQL cluster under /etc/postgresql" >&2
  exit 1
fi

if ! pg_isready -q -h 127.0.0.1; then
  echo "install-pgrouting: starting PostgreSQL $PG_MAJOR cluster 'main'"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
  pg_isready -h 127.0.0.1 >/dev/null
fi

# Tried inside a rolled-back transaction so that the check leaves no extension behind; CASCADE
# because Debian's pgRouting 3.4 declares `requires = postgis`.
can_create() {
  psql "$URL" -X -q -v ON_ERROR_STOP=1 >/dev/null 2>&1 <<'SQL'
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE;
ROLLBACK;
SQL
}

if can_create; then
  echo "install-pgrouting: pgRouting already available on PostgreSQL $PG_MAJOR; nothing to do"
  exit 0
fi

# postgresql-N-pgrouting depends on postgresql-N-postgis-3 (+ its scripts), so apt brings those in.
PKG="postgresql-${PG_MAJOR}-pgrouting"
# Always refresh the lists before installing: a fresh machine's lists may name versions the
# mirror no longer serves.
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
echo "install-pgrouting: apt-get install $PKG (pulls in postgresql-${PG_MAJOR}-postgis-3)"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$PKG" >/dev/null

if ! can_create; then
  echo "install-pgrouting: $PKG installed but CREATE EXTENSION pgrouting still fails:" >&2
  psql "$URL" -X -v ON_ERROR_STOP=1 -c 'BEGIN; CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE; ROLLBACK;' >&2 || true
  exit 1
fi
