package io.tessera.ingest;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.io.DicomFile;

/** The identifying UIDs of a parsed instance (as found: possibly null or invalid until validated) and the parse. */
record InstanceHeader(String sopClassUid, String sopInstanceUid, String studyInstanceUid, String seriesInstanceUid,
                      DicomFile file) {

    static InstanceHeader of(DicomFile file) {
        Dataset dataset = file.dataset();
        return new InstanceHeader(dataset.string(Tags.SOPClassUID), dataset.string(Tags.SOPInstanceUID),
                dataset.string(Tags.StudyInstanceUID), dataset.string(Tags.SeriesInstanceUID), file);
    }

    Dataset dataset() {
        return file.dataset();
    }
}
