package io.tessera.deid;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The identifying strings of one instance (person names, patient IDs, accession number, address, birth date),
 * gathered before de-identification so that a "clean" action can tell whether a kept text repeats one of them.
 */
final class IdentifyingText {
    /** Name parts and IDs shorter than this are too common to tell anything ("MR", "LI") and would match everywhere. */
    private static final int MIN_LENGTH = 3;
    private static final int OTHER_PATIENT_IDS = 0x00101000;
    private static final int MEDICAL_RECORD_LOCATOR = 0x00101090;
    private static final List<Integer> IDENTIFIERS = List.of(Tags.PatientID, OTHER_PATIENT_IDS, MEDICAL_RECORD_LOCATOR,
            Tags.AccessionNumber, Tags.PatientAddress, Tags.PatientTelephoneNumbers);

    private final Set<String> needles = new HashSet<>();

    private IdentifyingText() {
    }

    static IdentifyingText of(Dataset dataset) {
        IdentifyingText text = new IdentifyingText();
        text.collect(dataset);
        for (int tag : IDENTIFIERS) {
            dataset.strings(tag).forEach(text::add);
        }
        String birthDate = dataset.string(Tags.PatientBirthDate);
        if (birthDate != null && birthDate.length() == 8) {
            String year = birthDate.substring(0, 4);
            String month = birthDate.substring(4, 6);
            String day = birthDate.substring(6, 8);
            text.add(birthDate);
            text.add(year + "-" + month + "-" + day);
            text.add(month + "/" + day + "/" + year);
            text.add(day + "." + month + "." + year);
        }
        return text;
    }

    /** True when {@code candidate} contains one of the identifying strings, ignoring case. */
    boolean appearsIn(String candidate) {
        String haystack = candidate.toLowerCase(Locale.ROOT);
        return needles.stream().anyMatch(haystack::contains);
    }

    /** Every part of every person name, in the data set and its items. */
    private void collect(Dataset dataset) {
        for (int i = 0; i < dataset.size(); i++) {
            if (dataset.valueAt(i) instanceof Value.Sequence sequence) {
                sequence.items().forEach(this::collect);
            } else if (dataset.vrAt(i) == Vr.PN) {
                for (String name : dataset.strings(dataset.tagAt(i))) {
                    for (String part : name.split("[\\^= ,]+")) {
                        add(part);
                    }
                }
            }
        }
    }

    private void add(String value) {
        String needle = value.strip().toLowerCase(Locale.ROOT);
        if (needle.length() >= MIN_LENGTH) {
            needles.add(needle);
        }
    }
}
