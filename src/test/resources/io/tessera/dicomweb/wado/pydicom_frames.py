# Lists the pydicom test files with what WADO-RS tests compare against: identifying UIDs, transfer syntax,
# and the SHA-256 of frame 1 as pydicom extracts it (native: the first frame's bytes as stored; encapsulated:
# generate_pixel_data_frame). One tab-separated line per readable Part 10 file.
import hashlib, os, sys
import pydicom
from pydicom.encaps import generate_pixel_data_frame

root = sys.argv[1]
for name in sorted(os.listdir(root)):
    path = os.path.join(root, name)
    if not os.path.isfile(path):
        continue
    try:
        ds = pydicom.dcmread(path)
        ts = str(ds.file_meta.get('TransferSyntaxUID', '') or '')
        uids = [str(ds.get(k, '') or '') for k in
                ('SOPInstanceUID', 'StudyInstanceUID', 'SeriesInstanceUID')]
        frame = ''
        if 'PixelData' in ds and ts:
            data = ds.PixelData
            frames = int(ds.get('NumberOfFrames', 1) or 1)
            if pydicom.uid.UID(ts).is_compressed:
                first = next(generate_pixel_data_frame(data, frames))
            else:
                bits = ds.Rows * ds.Columns * ds.get('SamplesPerPixel', 1) * ds.BitsAllocated
                first = data[:(bits + 7) // 8]
            frame = hashlib.sha256(first).hexdigest()
    except Exception:
        continue
    print('\t'.join([path, ts] + uids + [frame]))
