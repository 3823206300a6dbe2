#!/usr/bin/python3
"""pydicom's throughput on the same corpus and the same two tasks as CodecBench.java.

Usage: pydicom_bench.py CORPUS_DIR header|json [rounds]
"""
import glob
import os
import sys
import time

import pydicom


def main():
    corpus, mode = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    files = sorted(glob.glob(os.path.join(corpus, "*.dcm")))
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        for path in files:
            if mode == "header":
                pydicom.dcmread(path, stop_before_pixels=True)
            else:
                # Everything inline, like CodecBench's json mode.
                pydicom.dcmread(path).to_json_dict(bulk_data_threshold=1 << 62)
        best = max(best, len(files) / (time.perf_counter() - start))
    print(f"pydicom {mode}: {best:.0f} files/s ({len(files)} files, best of {rounds} rounds)")


if __name__ == "__main__":
    main()
