"""Decodes every compressed pydicom test file it can and writes, per file, its pixel values as little-endian int64
(all frames, samples interleaved) to OUT/<name>.raw, and one line per file to OUT/index.tsv:
name, transfer syntax, photometric, frames, 'ok' or the error."""
import os, sys, glob, warnings
import numpy as np
import pydicom

warnings.simplefilter("ignore")
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "index.tsv"), "w") as index:
    for path in sorted(glob.glob(os.path.join(src, "*.dcm"))):
        name = os.path.basename(path)
        try:
            ds = pydicom.dcmread(path)
        except Exception:
            continue
        if "PixelData" not in ds or not ds.file_meta.get("TransferSyntaxUID", None):
            continue
        ts = ds.file_meta.TransferSyntaxUID
        if not ts.is_compressed:
            continue
        try:
            arr = ds.pixel_array
            np.ascontiguousarray(arr.astype("<i8")).tofile(os.path.join(out, name + ".raw"))
            status = "ok"
        except Exception as e:
            status = type(e).__name__
        index.write("%s\t%s\t%s\t%s\n" % (name, ts, ds.get("PhotometricInterpretation", ""), status))
