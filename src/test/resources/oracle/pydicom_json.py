"""Oracle for PydicomJsonConformanceTest: writes pydicom's DICOM JSON for every file pydicom's data dir holds.

Usage: pydicom_json.py OUT_DIR
Writes OUT_DIR/<n>.json for each DICOM file pydicom reads, and OUT_DIR/manifest.tsv with lines
"<n>.json<TAB><path relative to the data dir>". Everything is inline (no BulkDataURI).
Exit status 3 when pydicom cannot be imported, so the test can skip.
"""
import json
import os
import sys

try:
    import pydicom
    from pydicom.data import get_testdata_file  # noqa: F401  (proves the data package is present)
except ImportError as e:
    print("pydicom not available: %s" % e, file=sys.stderr)
    sys.exit(3)

HUGE = 1 << 62
# Documentation, other formats and the data manager's lists live beside the DICOM files; force=True would
# "read" them as garbage data sets, which says nothing about either codec.
NOT_DICOM = (".py", ".pyc", ".txt", ".md", ".json", ".dump", ".gz")


def main(out_dir):
    data_dir = os.path.dirname(pydicom.data.__file__)
    os.makedirs(out_dir, exist_ok=True)
    n = 0
    with open(os.path.join(out_dir, "manifest.tsv"), "w", encoding="utf-8") as manifest:
        for root, dirs, files in os.walk(data_dir):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                path = os.path.join(root, name)
                if name.endswith(NOT_DICOM) or name == "README":
                    continue
                try:
                    ds = pydicom.dcmread(path, force=True)
                    document = ds.to_json_dict(bulk_data_threshold=HUGE, suppress_invalid_tags=False)
                except Exception as e:  # not DICOM, or pydicom cannot handle it: nothing to compare with
                    print("skipped %s: %s: %s" % (path, type(e).__name__, e), file=sys.stderr)
                    continue
                if not document:
                    print("skipped %s: empty data set (not DICOM)" % path, file=sys.stderr)
                    continue
                n += 1
                out_name = "%03d.json" % n
                with open(os.path.join(out_dir, out_name), "w", encoding="utf-8") as out:
                    json.dump(document, out, allow_nan=True)
                manifest.write("%s\t%s\n" % (out_name, os.path.relpath(path, data_dir)))
    print("wrote %d documents" % n, file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
