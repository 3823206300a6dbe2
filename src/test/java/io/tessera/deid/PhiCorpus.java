package io.tessera.deid;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.ElementDictionary;
import io.tessera.dicom.Tag;
import io.tessera.dicom.Tags;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A corpus that tries to leak: every attribute of Table E.1-1 that can hold text carries
 * "PHI-MARKER-&lt;tag&gt;-P&lt;patient&gt;", at the top level, inside sequence items and in private elements, and the
 * series description repeats the patient's surname. Shared by the engine's tests and the ingest tests.
 */
public final class PhiCorpus {
    public static final String MARKER = "PHI-MARKER";
    public static final String SURNAME = "Smithson";
    public static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final int PRIVATE_CREATOR = 0x00090010;
    static final int PRIVATE_TEXT = 0x00091001;
    static final int SIEMENS_CREATOR = 0x00190010;
    static final int SIEMENS_B_VALUE = 0x0019100C;
    static final int SIEMENS_UNSAFE = 0x00191010;
    private static final int PRIVATE_SEQUENCE = 0x00091002;
    private static final int TEXT_VALUE = 0x0040A160;
    private static final int PERSON_NAME = 0x0040A123;
    private static final List<Integer> MASKED_EXAMPLES = List.of(0x60003000, 0x60004000, 0x60023000, 0x50003000, 0x50002500);
    private static final ElementDictionary DICTIONARY = ElementDictionary.standard();
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private PhiCorpus() {
    }

    /** Three patients, two studies each, two instances per study; instance {@code i} of a study references instance 1. */
    public static List<Dataset> corpus() {
        return corpus(MARKER);
    }

    /** The corpus with markers that start with {@code marker} instead, e.g. to tell one run's from another's. */
    public static List<Dataset> corpus(String marker) {
        List<Dataset> instances = new ArrayList<>();
        for (int patient = 1; patient <= 3; patient++) {
            for (int study = 1; study <= 2; study++) {
                for (int number = 1; number <= 2; number++) {
                    instances.add(instance(marker, patient, study, number));
                }
            }
        }
        return instances;
    }

    private static Dataset instance(String marker, int patient, int study, int number) {
        Dataset dataset = new Dataset();
        for (DeidProfile.Rule rule : DeidProfile.rules()) {
            if (rule.mask() == -1 && !rule.anyPrivate()) {
                plant(dataset, rule.tag(), marker, patient);
            }
        }
        MASKED_EXAMPLES.forEach(tag -> plant(dataset, tag, marker, patient));
        String studyUid = "1.2.826.0.1.3680043.2.1125." + patient + "." + study;
        dataset.putStrings(Tags.SOPClassUID, Vr.UI, CT_IMAGE);
        dataset.putStrings(Tags.SOPInstanceUID, Vr.UI, studyUid + ".1." + number);
        dataset.putStrings(Tags.StudyInstanceUID, Vr.UI, studyUid);
        dataset.putStrings(Tags.SeriesInstanceUID, Vr.UI, studyUid + ".1");
        dataset.putStrings(Tags.FrameOfReferenceUID, Vr.UI, studyUid + ".9");
        dataset.putStrings(Tags.Modality, Vr.CS, "CT");
        dataset.putStrings(Tags.PatientName, Vr.PN, marker(marker, Tags.PatientName, patient) + "^" + SURNAME);
        dataset.putStrings(Tags.PatientBirthDate, Vr.DA, "1950010" + patient);
        String date = LocalDate.of(2020, 3, 1).plusDays(40L * study + patient).format(DA);
        for (int tag : List.of(Tags.StudyDate, Tags.SeriesDate, Tags.ContentDate, Tags.InstanceCreationDate)) {
            dataset.putStrings(tag, Vr.DA, date);
        }
        dataset.putStrings(Tags.StudyTime, Vr.TM, "101500");
        dataset.putStrings(Tags.StudyDescription, Vr.LO, "CT chest");
        dataset.putStrings(Tags.SeriesDescription, Vr.LO, "CT chest " + SURNAME);
        Dataset reference = new Dataset();
        reference.putStrings(Tags.ReferencedSOPClassUID, Vr.UI, CT_IMAGE);
        reference.putStrings(Tags.ReferencedSOPInstanceUID, Vr.UI, studyUid + ".1.1");
        dataset.putSequence(Tags.ReferencedImageSequence, List.of(reference));

        dataset.putStrings(PRIVATE_CREATOR, Vr.LO, "ACME PHI 1.0");
        dataset.putStrings(PRIVATE_TEXT, Vr.LO, marker(marker, PRIVATE_TEXT, patient));
        dataset.putSequence(PRIVATE_SEQUENCE, List.of(nestedItem(PRIVATE_SEQUENCE, marker, patient)));
        dataset.putStrings(SIEMENS_CREATOR, Vr.LO, "SIEMENS MR HEADER");
        dataset.putStrings(SIEMENS_B_VALUE, Vr.IS, "1000");
        dataset.putStrings(SIEMENS_UNSAFE, Vr.LO, marker(marker, SIEMENS_UNSAFE, patient));
        return dataset;
    }

    /** A marker in the element if its VR can hold one; sequences get an item with markers of their own. */
    private static void plant(Dataset dataset, int tag, String marker, int patient) {
        Vr vr = DICTIONARY.entry(tag).defaultVr();
        if (vr == Vr.SQ) {
            dataset.putSequence(tag, List.of(nestedItem(tag, marker, patient)));
        } else if (vr.isText()) {
            dataset.putStrings(tag, vr, marker(marker, tag, patient));
        } else if (vr == Vr.OB || vr == Vr.OW || vr == Vr.UN) {
            byte[] bytes = marker(marker, tag, patient).getBytes(StandardCharsets.US_ASCII);
            dataset.put(tag, vr, new Value.Bytes(Arrays.copyOf(bytes, bytes.length + (bytes.length & 1))));
        }
    }

    private static Dataset nestedItem(int sequenceTag, String marker, int patient) {
        Dataset item = new Dataset();
        item.putStrings(PERSON_NAME, Vr.PN, marker(marker, PERSON_NAME, patient));
        item.putStrings(Tags.InstitutionName, Vr.LO, marker(marker, Tags.InstitutionName, patient));
        item.putStrings(TEXT_VALUE, Vr.UT, marker + "-in-" + Tag.toHex(sequenceTag) + " " + marker(marker, TEXT_VALUE, patient));
        item.putStrings(Tags.ReferencedSOPInstanceUID, Vr.UI, "1.2.826.0.1.3680043.2.1125.99." + patient);
        return item;
    }

    private static String marker(String marker, int tag, int patient) {
        return marker + "-" + Tag.toHex(tag) + "-P" + patient;
    }
}
