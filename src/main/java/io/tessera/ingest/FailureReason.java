package io.tessera.ingest;

/**
 * Why an instance was not stored: the Failure Reason (0008,1197) values of PS3.18 Table I.2-2, plus the general
 * DIMSE status PS3.7 C.4 gives for a duplicate, and dcm4chee's code for a study mismatch.
 */
public enum FailureReason {
    /** Storage could not take the object (A7xx, "Refused out of Resources"). */
    OUT_OF_RESOURCES(0xA700),
    /** A required attribute (SOP Class, SOP Instance, Study or Series Instance UID) is missing or not a UID (A9xx). */
    DATA_SET_DOES_NOT_MATCH_SOP_CLASS(0xA900),
    /** Not a DICOM Part 10 object, or not parseable (Cxxx, "Cannot understand"). */
    CANNOT_UNDERSTAND(0xC000),
    /** The Study Instance UID differs from the one in the request path (Cxxx range; dcm4chee uses C409 too). */
    STUDY_INSTANCE_UID_MISMATCH(0xC409),
    /** The transfer syntax is not one Tessera knows (C122, "Referenced Transfer Syntax not supported"). */
    TRANSFER_SYNTAX_NOT_SUPPORTED(0xC122),
    /** Another object is stored under this SOP Instance UID and replacing is off (PS3.7 C.4: 0111H, "Duplicate SOP Instance"). */
    DUPLICATE_SOP_INSTANCE(0x0111),
    /** Anything else that went wrong while storing (0110, "Processing failure"). */
    PROCESSING_FAILURE(0x0110);

    private final int code;

    FailureReason(int code) {
        this.code = code;
    }

    /** The US value of Failure Reason (0008,1197). */
    public int code() {
        return code;
    }
}
