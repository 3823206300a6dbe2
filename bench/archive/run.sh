#!/usr/bin/env bash
# Several GB through archive.zip with the server at -Xmx256m (issue 4): stores COUNT instances of SIZE_MB each into
# a fresh server, downloads the collection archive whole and again cut in half and resumed with Range, and checks
# that both have the same SHA-256, that `unzip -t` accepts them, and the server's heap (jcmd) stayed within 256 MB.
# Usage: bench/archive/run.sh [COUNT] [SIZE_MB]   (default 4 x 1024 MB); needs python3-pydicom, numpy, unzip.
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-4} size=${2:-1024} port=18097 token=archive-bench
work=$(mktemp -d /tmp/tessera-archive.XXXXXX)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
/usr/bin/python3 bench/archive/make_large.py "$work/in" "$count" "$size"
TESSERA_DATA_DIR=$work/data QUARKUS_HTTP_PORT=$port TESSERA_ADMIN_TOKEN=$token \
  java -Xmx256m -jar target/quarkus-app/quarkus-run.jar > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" && break; sleep 0.5; done
for f in "$work"/in/*.dcm; do
  curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/dicom' \
    -T "$f" "http://127.0.0.1:$port/dicomweb/studies"
done
rm -rf "$work/in"
url="http://127.0.0.1:$port/api/collections/default/archive.zip"
length=$(curl -sfI "$url" | tr -d '\r' | awk 'tolower($1) == "content-length:" { print $2 }')
start=$(date +%s.%N)
curl -sf -o "$work/whole.zip" "$url"
seconds=$(echo "$(date +%s.%N) - $start" | bc -l)
half=$((length / 2))
curl -sf -r "0-$((half - 1))" -o "$work/resumed.zip" "$url"
curl -sf -C - -o "$work/resumed.zip" "$url"
whole=$(sha256sum < "$work/whole.zip" | cut -d' ' -f1)
resumed=$(sha256sum < "$work/resumed.zip" | cut -d' ' -f1)
unzip -tq "$work/whole.zip"
heap=$(jcmd "$server" GC.heap_info | awk '/garbage-first heap|def new generation|PSYoungGen|total/ { print; exit }')
printf 'archive: %d bytes (Content-Length %d) in %.1f s = %.0f MB/s\n' "$(stat -c %s "$work/whole.zip")" "$length" \
  "$seconds" "$(echo "$length / 1048576 / $seconds" | bc -l)"
echo "sha256 whole:   $whole"
echo "sha256 resumed: $resumed"
[ "$whole" = "$resumed" ] && echo "resumed download identical" || { echo "RESUMED DIFFERS"; exit 1; }
echo "server heap after: $heap (max 256 MB); server alive: $(kill -0 $server && echo yes)"
echo "OutOfMemoryError lines in the server log: $(grep -c OutOfMemoryError "$work/server.log" || true)"
