#!/usr/bin/python3
"""Writes COUNT single-frame instances of SIZE_MB each (native 16-bit pixel data), distinct UIDs, one study.

Usage: make_large.py OUT_DIR COUNT SIZE_MB
"""
import os
import sys

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

out, count, size_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out, exist_ok=True)
side = int((size_mb * 1024 * 1024 // 2) ** 0.5)
pixels = (np.arange(side * side, dtype=np.uint32) % 4096).astype(np.uint16).tobytes()
study = generate_uid(entropy_srcs=["tessera-archive-bench-study"])
series = generate_uid(entropy_srcs=["tessera-archive-bench-series"])
for n in range(count):
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = generate_uid(entropy_srcs=[f"tessera-archive-bench-{n}"])
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
    ds.PatientID, ds.PatientName, ds.Modality = "ARCHIVE-BENCH", "Archive^Bench", "OT"
    ds.InstanceNumber, ds.SamplesPerPixel, ds.PhotometricInterpretation = n + 1, 1, "MONOCHROME2"
    ds.Rows = ds.Columns = side
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = pixels
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.save_as(os.path.join(out, f"large_{n}.dcm"), write_like_original=False)
print(f"wrote {count} instances of {side}x{side} 16-bit ({size_mb} MB) to {out}")
