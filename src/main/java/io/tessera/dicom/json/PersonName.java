package io.tessera.dicom.json;

import java.util.List;

/** The PN component groups in DICOM order (PS3.5 6.2.1), named as DICOM JSON names them (PS3.18 F.2.2). */
final class PersonName {
    static final List<String> GROUPS = List.of("Alphabetic", "Ideographic", "Phonetic");

    private PersonName() {
    }
}
