#!/bin/sh
# Acceptance run of the bulk import (issue 5): 2,000 CT slices (~1 GB, bench/corpus/generate_ct.py) imported into a
# de-identifying collection once without interruption, and once killed part-way and restarted. Both must end with
# the same archive (counts of patients, studies, series, instances; same quarantine). Prints the times and reports.
# Usage: bench/import/run.sh [SLICES]   (run on demand; needs Debian's python3-pydicom and python3-numpy, curl)
set -eu
cd "$(dirname "$0")/../.."
slices=${1:-2000}
work=$(mktemp -d /tmp/tessera-import-bench.XXXXXX)
port=18090 token=bench-import-token
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
/usr/bin/python3 bench/corpus/generate_ct.py "$work/corpus" --slices "$slices"

TESSERA_DATA_DIR=$work/data QUARKUS_HTTP_PORT=$port TESSERA_ADMIN_TOKEN=$token \
  java -Xmx1g -jar target/quarkus-app/quarkus-run.jar > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" && break; sleep 0.5; done

base=http://127.0.0.1:$port
define() {
  curl -sf -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$base/api/collections/$1" \
    -d '{"title": "Import bench '"$1"'", "deidentification": {"profile": "basic", "options": ["113107", "113108"]}}' > /dev/null
}
counts() {
  curl -sf "$base/api/collections/$1" | /usr/bin/python3 -c \
    'import json,sys; c=json.load(sys.stdin)["counts"]; print(c["patients"], c["studies"], c["series"], c["instances"])'
}
import_into() { # collection journal: runs in the foreground, or with exec in a background subshell
  TESSERA_ADMIN_TOKEN=$token exec java -cp "target/quarkus-app/app/*" io.tessera.cli.ImportCommand \
    --server "$base" --collection "$1" --journal "$2" "$work/corpus"
}

define whole
define resumed
start=$(date +%s)
(import_into whole "$work/whole.journal")
echo "uninterrupted: $(( $(date +%s) - start )) s"

# Killed part-way (as an operator pressing Ctrl-C would) once KILL_AFTER_FILES files are journaled (default: a
# quarter of the corpus; a count, not a time, so a slow machine still kills it mid-way), then restarted.
import_into resumed "$work/resumed.journal" & importer=$!
kill_after=${KILL_AFTER_FILES:-$((slices / 4))}
journaled() { if [ -f "$work/resumed.journal" ]; then grep -c . "$work/resumed.journal"; else echo 0; fi; }
while kill -0 "$importer" 2>/dev/null && [ "$(journaled)" -lt "$kill_after" ]; do
  sleep 0.2
done
kill "$importer" 2>/dev/null && wait "$importer" || true
echo "killed after $(journaled) journal lines; restarting"
start=$(date +%s)
(import_into resumed "$work/resumed.journal")
echo "restarted run: $(( $(date +%s) - start )) s"

whole=$(counts whole) resumed=$(counts resumed)
echo "whole:   $whole (patients studies series instances)"
echo "resumed: $resumed"
[ "$whole" = "$resumed" ] || { echo "the archives differ" >&2; exit 1; }
echo "same archive"
