#!/usr/bin/env bash
# The production backends for tests, on loopback: PostgreSQL (Debian's) and S3Proxy (org.gaul:s3proxy from Maven
# Central, a separate Java process over a folder). Source this file, then:
#   start_backends   installs what is missing, starts both, exports TESSERA_TEST_DB_* and TESSERA_TEST_S3_*
#   reset_backends   empties the test database and the bucket folder (a fresh archive for the next suite)
#   stop_backends    stops S3Proxy and the PostgreSQL cluster started here
# Used by .ci/run; run by hand to try the PostgreSQL + S3 suite locally (README, "Production backends").
S3PROXY_VERSION="${S3PROXY_VERSION:-4.1.0}"
PG_VERSION="${PG_VERSION:-15}"
BACKENDS_DIR="${BACKENDS_DIR:-/tmp/tessera-backends}"
S3PROXY_PORT="${S3PROXY_PORT:-9321}"
PG_PORT="${PG_PORT:-5432}"

_repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

start_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d "/usr/lib/postgresql/$PG_VERSION" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "postgresql-$PG_VERSION" postgresql-client >/dev/null
  fi
  [ -d "/etc/postgresql/$PG_VERSION/main" ] || pg_createcluster "$PG_VERSION" main >/dev/null
  # A throwaway test cluster: durability off (the machine is wiped anyway), room for two servers and a test JVM.
  mkdir -p "/etc/postgresql/$PG_VERSION/main/conf.d"
  cat > "/etc/postgresql/$PG_VERSION/main/conf.d/tessera-ci.conf" <<CONF
port = $PG_PORT
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 256MB
CONF
  pg_ctlcluster "$PG_VERSION" main status >/dev/null 2>&1 || pg_ctlcluster "$PG_VERSION" main start
  for _ in $(seq 1 60); do
    su postgres -c "psql -p $PG_PORT -qAtc 'select 1'" >/dev/null 2>&1 && break
    sleep 0.5
  done
  # CREATEDB: process tests give each server pair a database of its own.
  su postgres -c "psql -p $PG_PORT -qAtc \"select 1 from pg_roles where rolname='tessera'\"" | grep -q 1 \
    || su postgres -c "psql -p $PG_PORT -qc \"create role tessera login createdb password 'tessera'\""
  export TESSERA_TEST_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/tessera"
  export TESSERA_TEST_DB_USER=tessera
  export TESSERA_TEST_DB_PASSWORD=tessera
}

# Drops and recreates a database owned by tessera (default: tessera); process tests make their own the same way.
reset_database() {
  local db="${1:-tessera}"
  su postgres -c "psql -p $PG_PORT -qc 'drop database if exists $db with (force)'" >/dev/null
  su postgres -c "psql -p $PG_PORT -qc 'create database $db owner tessera'" >/dev/null
}

start_s3proxy() {
  local root; root="$(_repo_root)"
  mkdir -p "$BACKENDS_DIR/s3"
  local jar="$BACKENDS_DIR/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"
  if [ ! -f "$jar" ]; then
    (cd "$root" && ./mvnw -B -q dependency:copy \
      -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
      -DoutputDirectory="$BACKENDS_DIR" -Dmdep.overWriteIfNewer=true)
  fi
  cat > "$BACKENDS_DIR/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$S3PROXY_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=tessera
s3proxy.credential=tessera-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$BACKENDS_DIR/s3
PROPS
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$S3PROXY_PORT") 2>/dev/null; then
    nohup java -Xmx256m -jar "$jar" --properties "$BACKENDS_DIR/s3proxy.properties" \
      >"$BACKENDS_DIR/s3proxy.log" 2>&1 &
    echo $! >"$BACKENDS_DIR/s3proxy.pid"
    for _ in $(seq 1 120); do
      (exec 3<>"/dev/tcp/127.0.0.1/$S3PROXY_PORT") 2>/dev/null && break
      sleep 0.5
    done
  fi
  export TESSERA_TEST_S3_ENDPOINT="http://127.0.0.1:$S3PROXY_PORT"
  export TESSERA_TEST_S3_ACCESS_KEY=tessera
  export TESSERA_TEST_S3_SECRET_KEY=tessera-secret
}

start_backends() {
  start_postgres
  start_s3proxy
}

# A fresh archive: an empty database "tessera" and no buckets (the server creates its bucket at start).
reset_backends() {
  reset_database tessera
  find "$BACKENDS_DIR/s3" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
}

stop_backends() {
  if [ -f "$BACKENDS_DIR/s3proxy.pid" ]; then
    kill "$(cat "$BACKENDS_DIR/s3proxy.pid")" 2>/dev/null || true
    rm -f "$BACKENDS_DIR/s3proxy.pid"
  fi
  pg_ctlcluster "$PG_VERSION" main stop 2>/dev/null || true
}
