#!/usr/bin/env bash
# Install PostgreSQL (Debian packages), run a throwaway cluster on 127.0.0.1, make a user and a database,
# and print the DATABASE_URL for them on stdout (everything else goes to stderr):
#
#   export TEST_DATABASE_URL="$(bash scripts/ci-postgres.sh)"
#
# Idempotent: a second run reuses the cluster, user and database. Needs root (apt-get, and the cluster
# runs as the unprivileged 'postgres' user through pg_ctlcluster). Port: EXPLORER_PG_PORT, default 54329.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
port="${EXPLORER_PG_PORT:-54329}"
cluster="explorer_ci_${port}"  # one cluster per port, so two checkouts on one machine do not share one
user=explorer
password=explorer-ci
database=explorer_test

log() { echo "ci-postgres: $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql"
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)

if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$version/$cluster"; then
  log "creating cluster $version/$cluster on 127.0.0.1:$port"
  pg_createcluster "$version" "$cluster" -p "$port" >&2
fi
# Loopback only; Debian's postgresql.conf reads conf.d/ last, so these win.
cat >"/etc/postgresql/$version/$cluster/conf.d/explorer-ci.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '/var/run/postgresql'
max_connections = 200
fsync = on
CONF
mkdir -p /var/run/postgresql && chown postgres:postgres /var/run/postgresql
if ! pg_lsclusters -h | awk -v c="$cluster" '$2 == c {print $4}' | grep -qx online; then
  log "starting cluster $version/$cluster"
  pg_ctlcluster "$version" "$cluster" start >&2
fi

as_postgres() { runuser -u postgres -- "$@"; }
psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -h /var/run/postgresql "$@"; }

for _ in $(seq 30); do
  psql_admin -c "SELECT 1" >/dev/null 2>&1 && break
  sleep 1
done
if [[ -z "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" ]]; then
  psql_admin -c "CREATE ROLE $user LOGIN PASSWORD '$password'" >&2
fi
if [[ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]]; then
  as_postgres createdb -p "$port" -h /var/run/postgresql -O "$user" "$database" >&2
fi
log "ready"
echo "postgresql+psycopg://$user:$password@127.0.0.1:$port/$database"
