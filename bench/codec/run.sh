#!/usr/bin/env bash
# Codec benchmark: Tessera's codec vs pydicom and dcmtk on the same synthetic CT corpus, printed as ratios.
# Usage: bench/codec/run.sh [SLICES]   (default 2000 slices of 512x512, ~1 GB, in /tmp/tessera-ct-corpus)
# Needs Debian's python3-pydicom, python3-numpy and dcmtk.
set -euo pipefail
cd "$(dirname "$0")/../.."
slices=${1:-2000}
corpus=${TESSERA_BENCH_CORPUS:-/tmp/tessera-ct-corpus-$slices}
[ -d "$corpus" ] || /usr/bin/python3 bench/corpus/generate_ct.py "$corpus" --slices "$slices"
[ -d target/classes/io/tessera/dicom ] || ./mvnw -q -B compile

java_header=$(java -cp target/classes bench/codec/CodecBench.java "$corpus" header 5)
java_json=$(java -cp target/classes bench/codec/CodecBench.java "$corpus" json 3)
py_header=$(/usr/bin/python3 bench/codec/pydicom_bench.py "$corpus" header 2)
py_json=$(/usr/bin/python3 bench/codec/pydicom_bench.py "$corpus" json 1)

# dcmtk: one process per file, as users run it; header = dcmdump stopping before Pixel Data.
count=$(ls "$corpus"/*.dcm | wc -l)
start=$(date +%s.%N)
for f in "$corpus"/*.dcm; do dcmdump +sb PixelData "$f" >/dev/null; done
dcmdump_rate=$(echo "$count / ($(date +%s.%N) - $start)" | bc -l)
start=$(date +%s.%N)
for f in "$corpus"/*.dcm; do dcm2json -fc "$f" /dev/null; done
dcm2json_rate=$(echo "$count / ($(date +%s.%N) - $start)" | bc -l)

rate() { sed -E 's/.*: ([0-9]+) files.*/\1/' <<<"$1"; }
echo "$java_header"; echo "$py_header"; printf 'dcmdump header: %.0f files/s (one process per file)\n' "$dcmdump_rate"
echo "$java_json"; echo "$py_json"; printf 'dcm2json json: %.0f files/s (one process per file)\n' "$dcm2json_rate"
echo "ratios (tessera / peer):"
printf '  header vs pydicom:  %.1fx\n' "$(echo "$(rate "$java_header") / $(rate "$py_header")" | bc -l)"
printf '  header vs dcmdump:  %.1fx\n' "$(echo "$(rate "$java_header") / $dcmdump_rate" | bc -l)"
printf '  json   vs pydicom:  %.1fx\n' "$(echo "$(rate "$java_json") / $(rate "$py_json")" | bc -l)"
printf '  json   vs dcm2json: %.1fx\n' "$(echo "$(rate "$java_json") / $dcm2json_rate" | bc -l)"
