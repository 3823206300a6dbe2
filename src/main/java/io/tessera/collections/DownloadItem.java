package io.tessera.collections;

/**
 * One stored instance as a download sees it: where its bytes are, how to verify them, where the file goes.
 *
 * @param collection the collection's slug
 * @param patientId  null when the instance has none
 */
public record DownloadItem(String collection, String patientId, String studyUid, String seriesUid, String sopUid,
                           String objectKey, long size, String sha256, long crc32) {
    static final String NO_PATIENT_ID = "NO_PATIENT_ID";

    /** Collection/Patient/Study/Series/SOP.dcm: every segment safe as a file name on Linux, macOS and Windows. */
    public String path() {
        return collection + "/" + pathInCollection();
    }

    /** The path below the collection's folder, as SHA256SUMS lists it. */
    public String pathInCollection() {
        return segment(patientId == null ? NO_PATIENT_ID : patientId) + "/" + segment(studyUid) + "/"
                + segment(seriesUid) + "/" + segment(sopUid) + ".dcm";
    }

    /**
     * Keeps letters, digits, '.', '-' and '_'; anything else (slashes, spaces, control and non-ASCII characters)
     * becomes '_', so a Patient ID can neither climb out of the download folder nor trip a shell or a file system.
     * Names made only of dots would mean "here" or "up" and get a '_' too.
     */
    static String segment(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '-' || c == '_';
            safe.append(allowed ? c : '_');
        }
        String name = safe.toString();
        return name.isEmpty() || name.chars().allMatch(c -> c == '.') ? "_" + name : name;
    }
}
