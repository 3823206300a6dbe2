package io.tessera.ingest;

import io.tessera.dicom.Tags;
import io.tessera.dicomweb.Uids;

/** What an instance must satisfy to be stored; each failure names the attribute and the reason code. */
final class InstanceValidator {

    private InstanceValidator() {
    }

    /** @param expectedStudy the Study Instance UID of the request path (PS3.18 10.5.1), or null */
    static void validate(InstanceHeader header, String expectedStudy) throws IngestFailure {
        if (header.file().fileMeta().string(Tags.TransferSyntaxUID) == null) {
            throw new IngestFailure(FailureReason.CANNOT_UNDERSTAND,
                    "not a DICOM Part 10 object: no File Meta Information with a Transfer Syntax UID");
        }
        if (!header.file().transferSyntax().isKnown()) {
            throw new IngestFailure(FailureReason.TRANSFER_SYNTAX_NOT_SUPPORTED,
                    "unsupported transfer syntax " + header.file().transferSyntax().uid());
        }
        requireUid(header.sopClassUid(), "SOP Class UID (0008,0016)");
        requireUid(header.sopInstanceUid(), "SOP Instance UID (0008,0018)");
        requireUid(header.studyInstanceUid(), "Study Instance UID (0020,000D)");
        requireUid(header.seriesInstanceUid(), "Series Instance UID (0020,000E)");
        if (expectedStudy != null && !expectedStudy.equals(header.studyInstanceUid())) {
            throw new IngestFailure(FailureReason.STUDY_INSTANCE_UID_MISMATCH, "Study Instance UID "
                    + header.studyInstanceUid() + " is not the study of the request, " + expectedStudy);
        }
    }

    private static void requireUid(String value, String attribute) throws IngestFailure {
        if (value == null) {
            throw new IngestFailure(FailureReason.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, attribute + " is missing");
        }
        if (!Uids.isValid(value)) {
            throw new IngestFailure(FailureReason.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                    attribute + " is not a valid UID: " + value);
        }
    }
}
