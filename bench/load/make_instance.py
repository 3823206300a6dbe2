#!/usr/bin/env python3
"""Writes a 64x64 secondary capture for the load test and prints its study, series and SOP Instance UIDs.
--fixed uses the same UIDs every time, so that repeated STOW-RS of it is an exact repeat."""
import sys
import uuid

import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage

def uid(fixed, n):
    return f"2.25.{n}" if fixed else f"2.25.{uuid.uuid4().int}"

path, fixed = sys.argv[1], "--fixed" in sys.argv
study, series, sop = (uid(fixed, n) for n in (1001, 1002, 1003))
meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
meta.MediaStorageSOPInstanceUID = sop
meta.TransferSyntaxUID = ExplicitVRLittleEndian
ds = FileDataset(path, {}, file_meta=meta, preamble=b"\0" * 128)
ds.SOPClassUID, ds.SOPInstanceUID = SecondaryCaptureImageStorage, sop
ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
ds.PatientID, ds.PatientName, ds.Modality, ds.StudyDate = "LOAD", "Load^Test", "OT", "20240101"
ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.Rows, ds.Columns = 1, "MONOCHROME2", 64, 64
ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
ds.PixelData = bytes(range(256)) * 16
ds.is_little_endian, ds.is_implicit_VR = True, False  # pydicom 2 (Debian) writes by these
ds.save_as(path, write_like_original=False)
print(study, series, sop)
