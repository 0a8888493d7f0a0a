#!/usr/bin/env bash
# Prints a DATABASE_URL for the test suites, starting a local PostgreSQL cluster when it can.
# Uses $KEFU_TEST_DATABASE_URL if set. As root it installs (if needed) and starts Debian's cluster on loopback,
# with a role and database of its own. Prints nothing when PostgreSQL cannot be had here.
set -euo pipefail

if [ -n "${KEFU_TEST_DATABASE_URL:-}" ]; then
  echo "$KEFU_TEST_DATABASE_URL"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "postgres: not root and KEFU_TEST_DATABASE_URL is unset; cannot start PostgreSQL" >&2
  exit 0
fi
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "postgres: installing PostgreSQL" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >&2
fi
# Every test opens its own connection pool, and Swift Testing runs them in parallel.
conf="/etc/postgresql/$version/main/conf.d/kefu-tests.conf"
if [ ! -f "$conf" ]; then
  printf "max_connections = 500\nlisten_addresses = '127.0.0.1'\nfsync = off\n" > "$conf"
  pg_ctlcluster "$version" main stop >&2 2>/dev/null || true
fi
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do
  su postgres -c "psql -qtAc 'SELECT 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'kefu_test'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE kefu_test LOGIN PASSWORD 'kefu_test'\"" >&2
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname = 'kefu_test'\"" | grep -q 1 ||
  su postgres -c "createdb -O kefu_test kefu_test" >&2
su postgres -c "psql -qc 'ALTER DATABASE kefu_test OWNER TO kefu_test'" >&2
echo "postgres://kefu_test:kefu_test@127.0.0.1:5432/kefu_test"
