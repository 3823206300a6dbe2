package io.tessera.deid;

/**
 * The Basic Application Level Confidentiality Profile and its options (PS3.15 E.2, E.3), with their codes
 * from PS3.16 CID 7050, as recorded in De-identification Method Code Sequence (0012,0064).
 */
public enum DeidOption {
    BASIC_PROFILE("113100", "Basic Application Confidentiality Profile"),
    CLEAN_PIXEL_DATA("113101", "Clean Pixel Data Option"),
    CLEAN_RECOGNIZABLE_VISUAL_FEATURES("113102", "Clean Recognizable Visual Features Option"),
    CLEAN_GRAPHICS("113103", "Clean Graphics Option"),
    CLEAN_STRUCTURED_CONTENT("113104", "Clean Structured Content Option"),
    CLEAN_DESCRIPTORS("113105", "Clean Descriptors Option"),
    RETAIN_LONGITUDINAL_FULL_DATES("113106", "Retain Longitudinal Temporal Information Full Dates Option"),
    RETAIN_LONGITUDINAL_MODIFIED_DATES("113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
    RETAIN_PATIENT_CHARACTERISTICS("113108", "Retain Patient Characteristics Option"),
    RETAIN_DEVICE_IDENTITY("113109", "Retain Device Identity Option"),
    RETAIN_UIDS("113110", "Retain UIDs Option"),
    RETAIN_SAFE_PRIVATE("113111", "Retain Safe Private Option"),
    RETAIN_INSTITUTION_IDENTITY("113112", "Retain Institution Identity Option");

    public static final String CODING_SCHEME = "DCM";

    private final String code;
    private final String meaning;

    DeidOption(String code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public String code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The option with this CID 7050 code; IllegalArgumentException for any other code. */
    public static DeidOption ofCode(String code) {
        for (DeidOption option : values()) {
            if (option.code.equals(code)) {
                return option;
            }
        }
        throw new IllegalArgumentException("not a de-identification option code of CID 7050: " + code);
    }
}
