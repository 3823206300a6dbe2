# Reads each transcoded file with pydicom and compares its pixels with pydicom's decoding of the original.
# Input lines on stdin: transcoded path TAB original path. Output, one line each: name, transfer syntax and
# photometric of the transcoded file, then "same shape" max |diff| and mean |diff| against the original's pixels,
# or the reason there is no comparison.
import sys, os, warnings
import numpy as np
import pydicom

warnings.simplefilter("ignore")
for line in sys.stdin.read().splitlines():
    transcoded, original = line.split("\t")
    name = os.path.basename(original)
    try:
        ds = pydicom.dcmread(transcoded)
        ts = str(ds.file_meta.TransferSyntaxUID)
        ours = ds.pixel_array.astype("<i8")
    except Exception as e:
        print("%s\tunreadable\t%s: %s" % (name, type(e).__name__, e))
        continue
    try:
        theirs = pydicom.dcmread(original).pixel_array.astype("<i8")
    except Exception as e:
        print("%s\t%s\t%s\toriginal not decoded by pydicom: %s" % (name, ts, ds.PhotometricInterpretation, type(e).__name__))
        continue
    if ours.shape != theirs.shape:
        print("%s\t%s\t%s\tshape %s, original %s" % (name, ts, ds.PhotometricInterpretation, ours.shape, theirs.shape))
        continue
    diff = np.abs(ours - theirs)
    print("%s\t%s\t%s\tcompared\t%d\t%.6f" % (name, ts, ds.PhotometricInterpretation, diff.max(), diff.mean()))
