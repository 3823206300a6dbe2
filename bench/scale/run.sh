#!/usr/bin/env bash
# QIDO-RS at scale (issue 6/9): Tessera on PostgreSQL holding 1,000,000 indexed instances (bulk-loaded synthetic
# rows, bench/scale/load.sql); prints the median and 95th percentile of study, series and instance searches.
# Target (design.md): median under 20 ms. Needs Debian's postgresql (started by .ci/backends.sh) and curl.
# Usage: [SCALE_PORT=18095] bench/scale/run.sh [REQUESTS_PER_KIND]
# Each run has a database of its own (dropped at the end), so that two runs on one machine cannot drop each other's.
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-200}
port=${SCALE_PORT:-18095}
db=tessera_scale_$$
# shellcheck source=../../.ci/backends.sh
source .ci/backends.sh
start_postgres >/dev/null
reset_database "$db"
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
work=$(mktemp -d /tmp/tessera-scale.XXXXXX)
TESSERA_DATA_DIR=$work QUARKUS_HTTP_PORT=$port TESSERA_ADMIN_TOKEN=scale \
  TESSERA_DB_URL="jdbc:postgresql://127.0.0.1:${PG_PORT}/$db" TESSERA_DB_USER=tessera TESSERA_DB_PASSWORD=tessera \
  java -Xmx1g -jar target/quarkus-app/quarkus-run.jar > "$work/server.log" 2>&1 &
server=$!
finish() {
  kill -0 "$server" 2>/dev/null || { echo "the server stopped; its log ends:"; tail -20 "$work/server.log"; }
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  su postgres -c "psql -p $PG_PORT -qc 'drop database if exists $db with (force)'" >/dev/null || true
  rm -rf "$work"
}
trap finish EXIT
for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" && break; sleep 0.5; done
start=$(date +%s)
PGPASSWORD=tessera psql -q -h 127.0.0.1 -p "$PG_PORT" -U tessera "$db" -f bench/scale/load.sql
echo "loaded $(PGPASSWORD=tessera psql -qAt -h 127.0.0.1 -p "$PG_PORT" -U tessera "$db" \
  -c "select count(*) from instance") instances in $(( $(date +%s) - start )) s"

base=http://127.0.0.1:$port/dicomweb
# One kind of search per line: name and a URL template where {n} is replaced by a varying number (a placeholder
# that no parameter name contains: a bare N once turned PatientName into an unknown key, silently ignored).
kinds=(
  "newest studies (no filter)|$base/studies?limit=100"
  "study by PatientID|$base/studies?PatientID=SCALE-{n}"
  "study by PatientName wildcard|$base/studies?PatientName=scale%5Epatient1{n}*&limit=100"
  "study by StudyDate range|$base/studies?StudyDate=20180101-20180110&limit=100&offset={n}"
  "series of a study|$base/studies/2.25.9{n}/series"
  "series by Modality+StudyDate|$base/series?Modality=CT&StudyDate=2019010{n}&limit=100"
  "instances of a series|$base/studies/2.25.9{n}/series/2.25.8{n}.3/instances"
  "instance by SOP UID|$base/instances?SOPInstanceUID=2.25.8{n}.2.7"
)
echo "load average before the searches: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
printf '%-32s %10s %10s\n' search median_ms p95_ms
for kind in "${kinds[@]}"; do
  name=${kind%%|*} template=${kind#*|}
  for i in $(seq 1 "$requests"); do
    n=$(( (i * 7919) % 4999 + 1 ))
    curl -s -o /dev/null -w '%{time_total}\n' "${template//\{n\}/$n}"
  done | sort -n | awk -v name="$name" '{ t[NR] = $1 * 1000 } END {
      printf "%-32s %10.1f %10.1f\n", name, t[int(NR / 2) + 1], t[int(NR * 0.95)] }'
done
echo "load average after the searches: $(cut -d' ' -f1-3 /proc/loadavg)"
