#!/usr/bin/env bash
# Sends every .dcm file of a folder by STOW-RS, BATCH instances per multipart request, THREADS requests at a time,
# and prints instances per second. The same client serves every server, so only the server differs.
#
# The client is curl with the request bodies prepared on disk beforehand (kept beside the corpus): 0.3 ms of CPU per
# instance, nearly all of it in the kernel's loopback TCP that any client pays, where a JVM client building the
# bodies took 2.5 ms (docs/performance.md). curl streams each body from its file (upload-file). Given as
# data-binary @file, curl read all bodies (1 GB for 2,000 slices) into its memory before sending the first one: 1.1 s
# of the timed run while no server had anything to do, and 1 ms of CPU per instance in all.
# "Expect:" is sent empty: curl would otherwise wait up to a second for a 100 Continue that Orthanc never sends.
#
# With SERVER_PID set, it also prints that process's CPU per stored instance and how busy the machine was, both
# over the timed run only.
#
# Usage: [SERVER_PID=PID] bench/dicomweb/stow-load.sh STUDIES_URL CORPUS_DIR THREADS BATCH [BEARER_TOKEN]
set -euo pipefail
url=$1 corpus=$2 threads=$3 batch=$4 token=${5:-}
boundary=tessera-bench-boundary-7d3f
bodies=$corpus.bodies-$batch
if [ ! -d "$bodies" ]; then
  rm -rf "$bodies.tmp" && mkdir -p "$bodies.tmp"
  find "$corpus" -maxdepth 1 -name '*.dcm' -printf '%f\n' | sort | split -l "$batch" - "$bodies.tmp/list-"
  for list in "$bodies.tmp"/list-*; do
    { while read -r file; do
        printf -- '--%s\r\nContent-Type: application/dicom\r\n\r\n' "$boundary"
        cat "$corpus/$file"
        printf '\r\n'
      done < "$list"
      printf -- '--%s--\r\n' "$boundary"; } > "${list/list-/body-}"
    rm "$list"
  done
  mv "$bodies.tmp" "$bodies"
fi
config=$(mktemp)
trap 'rm -f "$config"' EXIT
for body in "$bodies"/body-*; do
  printf 'next\nurl = "%s"\nrequest = "POST"\nupload-file = "%s"\n' "$url" "$body"
  printf 'output = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n'
  printf 'header = "Content-Type: multipart/related; type=\\"application/dicom\\"; boundary=%s"\n' "$boundary"
  printf 'header = "Accept: application/dicom+json"\nheader = "Expect:"\n'
  [ -z "$token" ] || printf 'header = "Authorization: Bearer %s"\n' "$token"
done | tail -n +2 > "$config"
count=$(find "$corpus" -maxdepth 1 -name '*.dcm' | wc -l)
cat "$bodies"/body-* > /dev/null # read before the clock starts: no server waits for the client's disk
# Microseconds during which some task waited for the disk, since boot (Linux PSI; 0 where there is none).
disk_wait_us() { awk '/^some/ { sub("total=", "", $5); print $5 }' /proc/pressure/io 2>/dev/null || echo 0; }
# Clock ticks of CPU the server has used (user and system, all its threads; 0 without SERVER_PID), and the machine's.
server_ticks() { [ -z "${SERVER_PID:-}" ] && echo 0 || awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
waited=$(disk_wait_us) server=$(server_ticks) busy=$(busy_ticks)
start=$(date +%s.%N)
codes=$(curl -s --no-progress-meter --parallel --parallel-max "$threads" -K "$config")
end=$(date +%s.%N)
waited=$(( $(disk_wait_us) - waited )) server=$(( $(server_ticks) - server )) busy=$(( $(busy_ticks) - busy ))
failed=$(grep -vc '^200$' <<<"$codes" || true)
seconds=$(bc -l <<<"$end - $start") hz=$(getconf CLK_TCK)
printf 'stow: %.1f instances/s (%d instances, %d requests failed, %.1f s, disk wait %.0f%%, machine %.0f%% busy' \
  "$(bc -l <<<"$count / $seconds")" "$count" "$failed" "$seconds" "$(bc -l <<<"$waited / 10000 / $seconds")" \
  "$(bc -l <<<"$busy * 100 / $hz / $(nproc) / $seconds")"
[ -z "${SERVER_PID:-}" ] || printf ', server %.2f ms of CPU per instance' "$(bc -l <<<"$server * 1000 / $hz / $count")"
echo ')'
