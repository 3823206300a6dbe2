#!/usr/bin/env bash
# QIDO-RS at scale (issue 6/9): Tessera on PostgreSQL holding 1,000,000 indexed instances (bulk-loaded synthetic
# rows, bench/scale/load.sql); prints the median and 95th percentile of study, series and instance searches.
# Target (design.md): median under 20 ms. Needs Debian's postgresql (started by .ci/backends.sh) and curl.
# Usage: bench/scale/run.sh [REQUESTS_PER_KIND]
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-200}
port=18095
# shellcheck source=../../.ci/backends.sh
source .ci/backends.sh
start_postgres >/dev/null
reset_database tessera_scale
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
work=$(mktemp -d /tmp/tessera-scale.XXXXXX)
TESSERA_DATA_DIR=$work QUARKUS_HTTP_PORT=$port TESSERA_ADMIN_TOKEN=scale \
  TESSERA_DB_URL="jdbc:postgresql://127.0.0.1:${PG_PORT}/tessera_scale" TESSERA_DB_USER=tessera TESSERA_DB_PASSWORD=tessera \
  java -Xmx1g -jar target/quarkus-app/quarkus-run.jar > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" && break; sleep 0.5; done
start=$(date +%s)
PGPASSWORD=tessera psql -q -h 127.0.0.1 -p "$PG_PORT" -U tessera tessera_scale -f bench/scale/load.sql
echo "loaded $(PGPASSWORD=tessera psql -qAt -h 127.0.0.1 -p "$PG_PORT" -U tessera tessera_scale \
  -c "select count(*) from instance") instances in $(( $(date +%s) - start )) s"

base=http://127.0.0.1:$port/dicomweb
# One kind of search per line: name and a URL template where N is replaced by a varying number.
kinds=(
  "study by PatientID|$base/studies?PatientID=SCALE-N"
  "study by PatientName wildcard|$base/studies?PatientName=scale%5Epatient1N*&limit=100"
  "study by StudyDate range|$base/studies?StudyDate=20180101-20180110&limit=100&offset=N"
  "series of a study|$base/studies/2.25.9N/series"
  "series by Modality+StudyDate|$base/series?Modality=CT&StudyDate=2019010N&limit=100"
  "instances of a series|$base/studies/2.25.9N/series/2.25.8N.3/instances"
  "instance by SOP UID|$base/instances?SOPInstanceUID=2.25.8N.2.7"
)
printf '%-32s %10s %10s\n' search median_ms p95_ms
for kind in "${kinds[@]}"; do
  name=${kind%%|*} template=${kind#*|}
  for i in $(seq 1 "$requests"); do
    n=$(( (i * 7919) % 4999 + 1 ))
    curl -s -o /dev/null -w '%{time_total}\n' "${template//N/$n}"
  done | sort -n | awk -v name="$name" '{ t[NR] = $1 * 1000 } END {
      printf "%-32s %10.1f %10.1f\n", name, t[int(NR / 2) + 1], t[int(NR * 0.95)] }'
done
