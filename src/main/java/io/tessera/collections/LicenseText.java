package io.tessera.collections;

import io.tessera.index.CollectionEntity;

/** The LICENSE file put beside downloaded files: the license is not in the DICOM files, so it travels with them. */
final class LicenseText {
    private LicenseText() {
    }

    static String of(CollectionEntity c) {
        StringBuilder text = new StringBuilder(c.title).append(" (").append(c.slug).append(")\n\n");
        if (c.licenseName == null && c.licenseUrl == null) {
            text.append("License: not stated; ask the publisher before reusing these data.\n");
        } else {
            text.append("License: ").append(c.licenseName == null ? c.licenseUrl : c.licenseName).append('\n');
            if (c.licenseUrl != null) {
                text.append("License text: ").append(c.licenseUrl).append('\n');
            }
        }
        if (c.doi != null) {
            text.append("DOI: ").append(Dois.resolverUrl(c.doi)).append('\n');
        }
        if (c.citation != null) {
            text.append("\nPlease cite:\n").append(c.citation).append('\n');
        }
        return text.append("\nCITATION holds a BibTeX entry of the collection.\n").toString();
    }
}
