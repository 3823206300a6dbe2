#!/usr/bin/python3
"""Writes a synthetic CT corpus: N slices of 512x512 16-bit (default 2,000 = ~1 GB) in Explicit VR Little Endian.

Usage: generate_ct.py OUT_DIR [--slices N] [--series-size S] [--seed K]
Each study holds series of S slices; headers carry the attributes a real CT carries (patient, study,
series, frame of reference, geometry, windowing, equipment), so parsing cost resembles real data.
Runs under Debian's /usr/bin/python3 with python3-pydicom and python3-numpy.
"""
import argparse
import os

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
ROOT = "2.25."


def uid(seed_text):
    """Deterministic UIDs so that two runs with the same seed make the same corpus (pydicom ignores the entropy
    sources when the prefix is None and returns a random UID: every slice was its own study)."""
    return generate_uid(prefix=ROOT, entropy_srcs=[seed_text])


def slice_dataset(study_no, series_no, slice_no, pixels, seed):
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.SOPClassUID = CT_IMAGE_STORAGE
    ds.SOPInstanceUID = uid(f"{seed}/{study_no}/{series_no}/{slice_no}")
    ds.StudyDate = f"2020{(study_no % 12) + 1:02d}{(study_no % 28) + 1:02d}"
    ds.SeriesDate = ds.StudyDate
    ds.ContentDate = ds.StudyDate
    ds.StudyTime = "101500"
    ds.SeriesTime = "101600"
    ds.ContentTime = "101700"
    ds.AccessionNumber = f"ACC{study_no:06d}"
    ds.Modality = "CT"
    ds.Manufacturer = "Tessera Synthetic"
    ds.InstitutionName = "Bench Hospital"
    ds.ReferringPhysicianName = "Doe^Jane"
    ds.StationName = "CT01"
    ds.StudyDescription = "CT CHEST WITHOUT CONTRAST"
    ds.SeriesDescription = f"AXIAL {series_no}"
    ds.ManufacturerModelName = "BenchScan 64"
    ds.PatientName = f"Bench^Patient{study_no:04d}"
    ds.PatientID = f"BENCH-{study_no:04d}"
    ds.PatientBirthDate = "19600101"
    ds.PatientSex = "F" if study_no % 2 else "M"
    ds.PatientAge = "060Y"
    ds.BodyPartExamined = "CHEST"
    ds.SliceThickness = "1.25"
    ds.KVP = "120"
    ds.DataCollectionDiameter = "500.0"
    ds.SoftwareVersions = "1.0"
    ds.ReconstructionDiameter = "350.0"
    ds.GantryDetectorTilt = "0.0"
    ds.TableHeight = "150.0"
    ds.RotationDirection = "CW"
    ds.ExposureTime = "500"
    ds.XRayTubeCurrent = "200"
    ds.Exposure = "100"
    ds.ConvolutionKernel = "STANDARD"
    ds.PatientPosition = "HFS"
    ds.StudyInstanceUID = uid(f"{seed}/{study_no}")
    ds.SeriesInstanceUID = uid(f"{seed}/{study_no}/{series_no}")
    ds.StudyID = str(study_no)
    ds.SeriesNumber = series_no
    ds.AcquisitionNumber = 1
    ds.InstanceNumber = slice_no + 1
    ds.ImagePositionPatient = ["-175.0", "-175.0", f"{-slice_no * 1.25:.2f}"]
    ds.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
    ds.FrameOfReferenceUID = uid(f"{seed}/{study_no}/for")
    ds.PositionReferenceIndicator = ""
    ds.SliceLocation = f"{-slice_no * 1.25:.2f}"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = 512
    ds.Columns = 512
    ds.PixelSpacing = ["0.683594", "0.683594"]
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1
    ds.WindowCenter = "40"
    ds.WindowWidth = "400"
    ds.RescaleIntercept = "-1024"
    ds.RescaleSlope = "1"
    ds.RescaleType = "HU"
    code = Dataset()
    code.CodeValue = "113691"
    code.CodingSchemeDesignator = "DCM"
    code.CodeMeaning = "IEC Body Dosimetry Phantom"
    ds.CTDIPhantomTypeCodeSequence = Sequence([code])
    ds.PixelData = pixels.tobytes()

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CT_IMAGE_STORAGE
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.preamble = b"\0" * 128
    return ds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("--slices", type=int, default=2000)
    parser.add_argument("--series-size", type=int, default=100)
    parser.add_argument("--seed", default="tessera-bench")
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    rng = np.random.default_rng(42)
    # A phantom-like slice: a disc of soft tissue with noise, air outside; varied per slice cheaply by rolling.
    y, x = np.mgrid[-256:256, -256:256]
    base = np.where(x * x + y * y < 220 * 220, 1064, 24).astype(np.int16)
    noise = rng.integers(-20, 20, size=(512, 512), dtype=np.int16)
    for n in range(args.slices):
        study_no, rest = divmod(n, args.series_size * 2)
        series_no, slice_no = divmod(rest, args.series_size)
        pixels = base + np.roll(noise, n, axis=0)
        ds = slice_dataset(study_no, series_no + 1, slice_no, pixels, args.seed)
        path = os.path.join(args.out_dir, f"ct_{n:05d}.dcm")
        ds.save_as(path, write_like_original=False)
    print(f"wrote {args.slices} slices to {args.out_dir}")


if __name__ == "__main__":
    main()
