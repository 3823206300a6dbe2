package io.tessera.dicomweb.wado;

/** The index row of one stored instance, as much of it as WADO-RS needs to find and label its bytes. */
record StoredInstance(long id, String studyUid, String seriesUid, String sopUid, String transferSyntaxUid,
                      String objectKey, long sizeBytes, String sha256, Integer numberOfFrames) {

    /** The instance's WADO-RS path below a DICOMweb root, e.g. for Content-Location and BulkDataURIs. */
    String path() {
        return "/studies/" + studyUid + "/series/" + seriesUid + "/instances/" + sopUid;
    }
}
