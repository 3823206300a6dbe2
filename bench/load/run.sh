#!/usr/bin/env bash
# Load test on demand (not in CI): 60 s of mixed QIDO, WADO, metadata and STOW-RS against a running Tessera on
# loopback, with wrk. Prints wrk's figures, every non-2xx answer and socket error, and the heap before and after
# (jcmd GC.heap_info, after a full GC on both sides so that the figures compare).
#
#   bench/load/run.sh [base-url] [duration] [warm-up]   e.g. bench/load/run.sh http://localhost:8080 60s 20s
#
# Needs: wrk, curl, jcmd (JDK), python3; TESSERA_ADMIN_TOKEN set to the server's admin token; the server running
# as a local java process (its pid is found by its listening port).
set -euo pipefail
BASE=${1:-http://localhost:8080}
DURATION=${2:-60s}
WARMUP=${3:-20s}
: "${TESSERA_ADMIN_TOKEN:?set TESSERA_ADMIN_TOKEN to the admin token of the server}"
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

PORT=$(/usr/bin/python3 -c "import urllib.parse,sys; u=urllib.parse.urlparse(sys.argv[1]); print(u.port or 80)" "$BASE")
PID=$(ss -ltnpH "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
[ -n "$PID" ] || { echo "no process listens on port $PORT" >&2; exit 1; }

heap() { jcmd "$PID" GC.run >/dev/null; sleep 2; jcmd "$PID" GC.heap_info | sed -n '2,3p'; }

# A small study to read, stored once; its UIDs go to the Lua script.
/usr/bin/python3 "$HERE/make_instance.py" "$WORK/seed.dcm" > "$WORK/uids"
read -r STUDY SERIES SOP < "$WORK/uids"
curl -sf -o /dev/null -H "Authorization: Bearer $TESSERA_ADMIN_TOKEN" -H 'Content-Type: application/dicom' \
     --data-binary "@$WORK/seed.dcm" "$BASE/dicomweb/studies"
/usr/bin/python3 "$HERE/make_instance.py" "$WORK/stow.dcm" --fixed > /dev/null

load() {
  STUDY=$STUDY SERIES=$SERIES SOP=$SOP STOW_FILE="$WORK/stow.dcm" TOKEN=$TESSERA_ADMIN_TOKEN \
      wrk -t2 -c16 -d"$1" --latency -s "$HERE/mixed.lua" "$BASE"
}
# A warm-up first: the first minutes fill caches that are meant to stay (JIT, prepared statements, the embedded
# H2's page cache), which would otherwise read as growth. The heap after must then come back to the level before.
echo "== warm-up ($WARMUP)"; load "$WARMUP" | grep -E 'requests in|errors|non-2xx|HTTP'
echo "== heap before"; heap
load "$DURATION"
echo "== heap after"; heap
