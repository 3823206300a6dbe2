#!/usr/bin/env bash
# DICOMweb benchmark: Tessera vs Orthanc 1.10 + DICOMweb plugin (Debian) on the same machine, in one run,
# and nginx serving the same series bytes from disk. Prints rates and ratios against design.md's targets,
# and appends them to bench/dicomweb/history.tsv with the commit.
# Both servers are measured warm, as they run in service: Tessera stores a warm-up corpus three times the size (other
# UIDs) and deletes it again BENCH_STOW_ROUNDS + 1 times, Orthanc in the last five of those rounds, and every read runs
# for BENCH_WARMUP_SECONDS before it is measured. The measured STOW so writes into memory the machine has used before,
# as a server in service does: this VM hands free memory back to its host (page_reporting on the kernel command line),
# and copying into page cache the host must first fault in cost each server about 1 ms more per CT slice
# (docs/performance.md). The JVM's compiler still took 0.4 ms per stored instance after 30,000 instances, and code
# that runs once per request or per index commit reaches its compiled form last, running meanwhile in a slower
# profiling tier: measures after 42,000 instances cost 1.27-1.67 ms per instance, after 84,000 1.45 (C2 0.12), 1.22 and
# 1.25 (C2 0.01-0.02). Hence fourteen rounds; a read workload needs about a minute (docs/performance.md).
# Orthanc, native code, needs no compiler warm-up, and it ages under it: measured alone, its rate rose over its first
# four to six rounds (memory, disk) and then fell back by a tenth, its CPU per instance up from 4.1-4.4 to 4.5-5.2 ms
# (docs/performance.md). So it takes part in the last orthanc_rounds only, as many as both had before 2c2be0f.
# The STOW is measured three times per server, in alternating order, each time after deleting what the time before
# stored; the median counts. A single measure swung with this virtual disk's stalls (disk wait 25-60%).
# Both servers sync what they store before answering (docs/durability.md; Orthanc's SyncStorageArea).
#
# Usage: bench/dicomweb/run.sh [SLICES]   (default 2000 CT slices of 512x512, 100 per series)
# Needs: Debian's orthanc, orthanc-dicomweb, nginx, wrk, python3-pydicom, python3-numpy; a built jar
# (./mvnw package -DskipTests) or it builds one.
set -euo pipefail
cd "$(dirname "$0")/../.."
slices=${1:-2000}
corpus=${TESSERA_BENCH_CORPUS:-/tmp/tessera-ct-corpus-$slices}
work=$(mktemp -d /tmp/tessera-bench.XXXXXX)
tessera_port=18080 orthanc_port=18042 nginx_port=18081
duration=${BENCH_SECONDS:-10} warmup=${BENCH_WARMUP_SECONDS:-20} stow_rounds=${BENCH_STOW_ROUNDS:-13}
orthanc_rounds=5
token=bench-token
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

[ -d "$corpus" ] || /usr/bin/python3 bench/corpus/generate_ct.py "$corpus" --slices "$slices"
[ -d "$corpus-warm" ] || /usr/bin/python3 bench/corpus/generate_ct.py "$corpus-warm" --slices $((3 * slices)) --seed warm-up
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests

wait_for() { for _ in $(seq 1 120); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }

TESSERA_DATA_DIR=$work/tessera QUARKUS_HTTP_PORT=$tessera_port TESSERA_ADMIN_TOKEN=$token \
  java -Xmx1g -jar target/quarkus-app/quarkus-run.jar > "$work/tessera.log" 2>&1 &
pids+=($!)
mkdir -p "$work/orthanc"
cat > "$work/orthanc.json" <<JSON
{ "Name": "bench", "HttpPort": $orthanc_port, "DicomServerEnabled": false, "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false, "StorageDirectory": "$work/orthanc", "IndexDirectory": "$work/orthanc",
  "Plugins": ["/usr/lib/orthanc/libOrthancDicomWeb.so.1.7"], "DicomWeb": { "Enable": true, "Root": "/dicom-web/" } }
JSON
Orthanc "$work/orthanc.json" > "$work/orthanc.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$tessera_port/q/health/ready"
wait_for "http://127.0.0.1:$orthanc_port/system"

tessera=http://127.0.0.1:$tessera_port/dicomweb
orthanc=http://127.0.0.1:$orthanc_port/dicom-web
declare -A rate

# stow PID URL CORPUS [TOKEN]: instances/s; aborts when a request fails. Leaves in $work/stow-cost the server's CPU
# per stored instance, how busy the machine was and the share of the time some task waited for the disk: on two
# cores shared with the client a busy machine, and on this virtual disk a long wait, set the rate as much as the
# server does.
stow() {
  sync # each server starts with no other writes waiting in the page cache (dirty pages throttle writers)
  local out; out=$(SERVER_PID=$1 bench/dicomweb/stow-load.sh "$2/studies" "$3" 4 10 ${4:-})
  if ! grep -q ' 0 requests failed' <<<"$out"; then echo "$out" >&2; exit 1; fi
  local cost='.*disk wait ([0-9]+)%, machine ([0-9]+)% busy, server ([0-9.]+) ms.*'
  sed -E "s/$cost/\\3 ms of server CPU per instance, machine \\2% busy, disk wait \\1%/" <<<"$out" > "$work/stow-cost"
  sed -E 's/stow: ([0-9.]+).*/\1/' <<<"$out"
}
# stored_studies FILE: lists into FILE, unless already there, the Study Instance UIDs that Tessera holds.
stored_studies() {
  [ -f "$1" ] || curl -sf "$tessera/studies?limit=10000" \
    | /usr/bin/python3 -c 'import json,sys; [print(s["0020000D"]["Value"][0]) for s in json.load(sys.stdin)]' > "$1"
}
# delete_studies FILE: the studies listed leave both servers (those that hold them); deleted_at records when.
delete_studies() {
  while read -r uid; do
    curl -sSf -o /dev/null -X DELETE -H "Authorization: Bearer $token" "$tessera/collections/default/studies/$uid"
    id=$(curl -sSf -X POST -d "$uid" "http://127.0.0.1:$orthanc_port/tools/lookup" \
      | /usr/bin/python3 -c 'import json,sys; found=json.load(sys.stdin); print(found[0]["ID"] if found else "")')
    [ -z "$id" ] || curl -sSf -o /dev/null -X DELETE "http://127.0.0.1:$orthanc_port/studies/$id"
  done < "$1"
  sync; deleted_at=$(date +%s)
}
for round in $(seq 0 "$stow_rounds"); do
  stow "${pids[0]}" "$tessera" "$corpus-warm" "$token" > /dev/null
  [ $((stow_rounds - round)) -ge "$orthanc_rounds" ] || stow "${pids[1]}" "$orthanc" "$corpus-warm" > /dev/null
  stored_studies "$work/warm-studies"
  delete_studies "$work/warm-studies"
done
# measure_stow SERVER: one STOW of the corpus, its rate and cost appended to $work/stow-SERVER.
measure_stow() {
  local rate
  if [ "$1" = tessera ]; then rate=$(stow "${pids[0]}" "$tessera" "$corpus" "$token")
  else rate=$(stow "${pids[1]}" "$orthanc" "$corpus"); fi
  echo "$rate inst/s, $(cat "$work/stow-cost")" >> "$work/stow-$1"
}
for attempt in 1 2 3; do
  # ext4 without a journal (this VM's) skips over inodes freed in the last 60 s, reading each one's table block,
  # when it allocates a new one (ialloc.c, recently_deleted): each measure starts once the deletions are older.
  left=$((deleted_at + 65 - $(date +%s)))
  [ "$left" -le 0 ] || sleep "$left"
  if [ $((attempt % 2)) = 1 ]; then measure_stow tessera; measure_stow orthanc
  else measure_stow orthanc; measure_stow tessera; fi
  stored_studies "$work/measured-studies"
  [ "$attempt" = 3 ] || delete_studies "$work/measured-studies"
done
median_stow() { sed 's/ .*//' "$work/stow-$1" | sort -g | sed -n 2p; }
rate[tessera_stow]=$(median_stow tessera)
rate[orthanc_stow]=$(median_stow orthanc)

# One study, one 100-instance series and its instances, found through Tessera's QIDO (same UIDs on both).
study=$(curl -sf "$tessera/studies?limit=1" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["0020000D"]["Value"][0])')
series=$(curl -sf "$tessera/studies/$study/series?limit=1" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["0020000E"]["Value"][0])')
curl -sf "$tessera/studies/$study/series/$series/instances" \
  | /usr/bin/python3 -c 'import json,sys; [print(i["00080018"]["Value"][0]) for i in json.load(sys.stdin)]' > "$work/sops"
for server in tessera orthanc; do
  root=$([ $server = tessera ] && echo /dicomweb || echo /dicom-web)
  sed "s|^|$root/studies/$study/series/$series/instances/|; s|$|/frames/1|" "$work/sops" > "$work/frames-$server"
done

# wrk_rate NAME URL [wrk options...]: requests/s, or MB/s when NAME ends in _mbs; aborts on any error.
measure() {
  local name=$1 url=$2; shift 2
  wrk -t2 -c8 -d"${warmup}s" "$@" "$url" > /dev/null
  local out; out=$(wrk -t2 -c8 -d"${duration}s" "$@" "$url")
  if grep -q "Non-2xx" <<<"$out"; then echo "$name: errors" >&2; echo "$out" >&2; exit 1; fi
  if [[ $name == *_mbs ]]; then
    rate[$name]=$(awk '/Transfer\/sec/ { v=$2; if (v ~ /GB/) v*=1024; else if (v ~ /KB/) v/=1024; print v+0 }' <<<"$out")
  else
    rate[$name]=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  fi
}
for server in tessera orthanc; do
  base=$([ $server = tessera ] && echo "$tessera" || echo "$orthanc")
  measure ${server}_qido_studies "$base/studies?limit=100" -H "Accept: application/dicom+json"
  measure ${server}_qido_instances "$base/studies/$study/series/$series/instances" -H "Accept: application/dicom+json"
  measure ${server}_metadata "$base/studies/$study/series/$series/metadata" -H "Accept: application/dicom+json"
  WRK_PATHS=$work/frames-$server measure ${server}_frames "${base%%/dicom*}" -s bench/dicomweb/rotate.lua \
    -H 'Accept: multipart/related; type="application/octet-stream"; transfer-syntax=*'
  measure ${server}_retrieve_mbs "$base/studies/$study/series/$series" \
    -H 'Accept: multipart/related; type="application/dicom"; transfer-syntax=*'
done

# nginx serving the same bytes: the series' files concatenated into one file, with sendfile.
mkdir -p "$work/www"
chmod 755 "$work"   # nginx's workers run as www-data
curl -sf -H 'Accept: multipart/related; type="application/dicom"; transfer-syntax=*' \
  "$tessera/studies/$study/series/$series" -o "$work/www/series.bin"
cat > "$work/nginx.conf" <<CONF
worker_processes 2; daemon off; pid $work/nginx.pid; error_log $work/nginx-error.log;
events { worker_connections 1024; }
http { access_log off; sendfile on; tcp_nopush on;
  server { listen 127.0.0.1:$nginx_port; root $work/www; } }
CONF
nginx -c "$work/nginx.conf" -p "$work" > "$work/nginx.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$nginx_port/series.bin"
measure nginx_retrieve_mbs "http://127.0.0.1:$nginx_port/series.bin"

ratio() { echo "scale=2; $1 / $2" | bc -l; }
commit=$(git rev-parse --short HEAD)
printf '%-22s %12s %12s %8s %8s\n' measure tessera peer ratio target
row() { # name tessera peer target
  local r; r=$(ratio "$2" "$3")
  local verdict; verdict=$(echo "$r >= $4" | bc -l)
  printf '%-22s %12.1f %12.1f %7.2fx %7.2fx %s\n' "$1" "$2" "$3" "$r" "$4" "$([ "$verdict" = 1 ] && echo ok || echo BELOW)"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$commit" "$1" "$2" "$3" "$r" "$4" >> bench/dicomweb/history.tsv
}
row "stow inst/s" "${rate[tessera_stow]}" "${rate[orthanc_stow]}" 2
row "qido studies req/s" "${rate[tessera_qido_studies]}" "${rate[orthanc_qido_studies]}" 3
row "qido instances req/s" "${rate[tessera_qido_instances]}" "${rate[orthanc_qido_instances]}" 20
row "series metadata req/s" "${rate[tessera_metadata]}" "${rate[orthanc_metadata]}" 10
row "frames req/s" "${rate[tessera_frames]}" "${rate[orthanc_frames]}" 2
row "retrieve MB/s vs orth" "${rate[tessera_retrieve_mbs]}" "${rate[orthanc_retrieve_mbs]}" 1
row "retrieve MB/s vs nginx" "${rate[tessera_retrieve_mbs]}" "${rate[nginx_retrieve_mbs]}" 0.75
for server in tessera orthanc; do
  echo "STOW measures, $server (in order; the median counts):"
  sed 's/^/  /' "$work/stow-$server"
done
