"""Summarises every DICOM file pydicom ships, as the reference for ReaderConformanceTest.

Usage: /usr/bin/python3 pydicom_summary.py OUTPUT.json
Writes a JSON list, one entry per file: whether pydicom reads it, its top-level tags (group 0002 and group
lengths left out), transfer syntax, number of frames and, for pixel data, each frame's bytes in hex.
"""
import json
import os
import sys
import warnings

import pydicom
from pydicom.encaps import generate_pixel_data_frame

NOT_DICOM = ('.py', '.pyc', '.txt', '.json', '.md', '.dump', '.gz')


def candidate_files(root):
    for folder, _, names in os.walk(root):
        if '__pycache__' in folder:
            continue
        for name in sorted(names):
            if not name.endswith(NOT_DICOM) and not name.startswith('README'):
                yield os.path.join(folder, name)


def frames_of(ds):
    element = ds['PixelData']
    count = int(ds.get('NumberOfFrames', 1) or 1)
    data = ds.PixelData
    if element.is_undefined_length:
        return list(generate_pixel_data_frame(data, count))
    bits = int(ds.Rows) * int(ds.Columns) * int(ds.get('SamplesPerPixel', 1)) * int(ds.BitsAllocated)
    if bits % 8:
        return None  # bit-packed frames that start mid-byte: not comparable byte for byte
    length = bits // 8
    return [data[i * length:(i + 1) * length] for i in range(count)]


def summarise(path):
    entry = {'path': path}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            ds = pydicom.dcmread(path, force=True)
            tags = sorted('%08X' % int(t) for t in ds.keys() if t.group != 2 and t.element != 0)
            entry['tags'] = tags
            meta = getattr(ds, 'file_meta', None)
            entry['transferSyntax'] = str(meta.get('TransferSyntaxUID', '')) if meta is not None else ''
            if 'PixelData' in ds:
                try:
                    entry['numberOfFrames'] = int(ds.get('NumberOfFrames', 1) or 1)
                    entry['encapsulated'] = bool(ds['PixelData'].is_undefined_length)
                    frames = frames_of(ds)
                    if frames is not None:
                        entry['frames'] = [f.hex() for f in frames]
                except Exception as e:  # pixel attributes missing or inconsistent
                    entry['framesError'] = '%s: %s' % (type(e).__name__, e)
        entry['readable'] = True
    except Exception as e:
        entry['readable'] = False
        entry['error'] = '%s: %s' % (type(e).__name__, e)
    return entry


def main():
    root = os.path.join(os.path.dirname(pydicom.__file__), 'data')
    with open(sys.argv[1], 'w') as out:
        json.dump([summarise(p) for p in candidate_files(root)], out)


if __name__ == '__main__':
    main()
