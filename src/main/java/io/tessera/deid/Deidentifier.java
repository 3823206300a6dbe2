package io.tessera.deid;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.ElementDictionary;
import io.tessera.dicom.Tag;
import io.tessera.dicom.Tags;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.function.UnaryOperator;

/**
 * Applies a {@link DeidProfile} to a data set in place, items of sequences included, then records what was
 * done (PS3.15 E.1.1 step 6, PS3.3 C.7.1.1 and C.7.6.1.1.4). Attributes the table does not list follow the
 * rules of docs/deidentification.md. Stateless and thread-safe; the File Meta Information is not touched
 * (write a new one, as {@code DicomWriter.fileMeta} does from an empty one).
 */
public final class Deidentifier {
    private static final ElementDictionary DICTIONARY = ElementDictionary.standard();
    private static final String DUMMY_TEXT = "ANONYMIZED";
    private static final Set<Vr> FREE_TEXT = Set.of(Vr.PN, Vr.LT, Vr.ST, Vr.UT, Vr.UC);
    private static final Set<Vr> TEMPORAL = Set.of(Vr.DA, Vr.DT, Vr.TM);
    /** A TM value (PS3.5 6.2), also in the ACR-NEMA form with colons. */
    private static final Pattern UTC_OFFSET = Pattern.compile("[+-][0-9]{4}");
    private static final Pattern TIME = Pattern.compile("([0-9]{2}(:?[0-9]{2}(:?[0-9]{2}(\\.[0-9]{1,6})?)?)?)?");

    public void deidentify(Dataset dataset, DeidContext context) {
        String patientKey = patientKey(dataset);
        new Run(context, context.pseudonymFor(patientKey), context.dates().offsetDays(patientKey),
                IdentifyingText.of(dataset)).process(dataset);
        recordMethod(dataset, context.profile());
    }

    /**
     * What identifies the patient for pseudonyms and date shifts: the Patient ID, or, when it is empty, the
     * name with the birth date (all patients without either share one pseudonym).
     */
    private static String patientKey(Dataset dataset) {
        String id = dataset.string(Tags.PatientID);
        if (id != null && !id.isBlank()) {
            return id;
        }
        return "name:" + String.join("^", dataset.strings(Tags.PatientName)) + "|" + dataset.string(Tags.PatientBirthDate);
    }

    private static void recordMethod(Dataset dataset, DeidProfile profile) {
        dataset.putStrings(Tags.PatientIdentityRemoved, Vr.CS, "YES");
        List<String> method = new ArrayList<>();
        method.add("Tessera, DICOM PS3.15 Annex E");
        List<Dataset> codes = new ArrayList<>();
        for (DeidOption option : profile.options()) {
            method.add(option.meaning());
            Dataset code = new Dataset();
            code.putStrings(Tags.CodeValue, Vr.SH, option.code());
            code.putStrings(Tags.CodingSchemeDesignator, Vr.SH, DeidOption.CODING_SCHEME);
            code.putStrings(Tags.CodeMeaning, Vr.LO, option.meaning());
            codes.add(code);
        }
        dataset.putStrings(Tags.DeidentificationMethod, Vr.LO, method.toArray(String[]::new));
        dataset.putSequence(Tags.DeidentificationMethodCodeSequence, codes);
        String temporal = profile.has(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES) ? "MODIFIED"
                : profile.has(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES) ? "UNMODIFIED" : "REMOVED";
        dataset.putStrings(Tags.LongitudinalTemporalInformationModified, Vr.CS, temporal);
        if (profile.has(DeidOption.CLEAN_PIXEL_DATA)) {
            dataset.putStrings(Tags.BurnedInAnnotation, Vr.CS, "NO");
        }
        if (profile.has(DeidOption.CLEAN_RECOGNIZABLE_VISUAL_FEATURES)) {
            dataset.putStrings(Tags.RecognizableVisualFeatures, Vr.CS, "NO");
        }
    }

    /** One instance's pass: the patient's pseudonym and date shift, and the identifying text to clean against. */
    private record Run(DeidContext context, String pseudonym, int dayOffset, IdentifyingText identifying) {

        void process(Dataset dataset) {
            int[] tags = new int[dataset.size()];
            Arrays.setAll(tags, dataset::tagAt);
            Set<Integer> usedCreators = new HashSet<>();
            for (int tag : tags) {
                if (!Tag.isPrivate(tag)) {
                    processPublic(dataset, tag);
                } else if (!Tag.isPrivateCreator(tag)) {
                    processPrivate(dataset, tag, usedCreators);
                }
            }
            for (int tag : tags) {
                if (Tag.isPrivateCreator(tag) && !usedCreators.contains(tag)) {
                    dataset.remove(tag);
                }
            }
        }

        private void processPublic(Dataset dataset, int tag) {
            if (tag == Tags.PatientID || tag == Tags.PatientName) {
                // The table's Z allows a dummy value; a stable pseudonym keeps the patient level of the collection.
                dataset.putStrings(tag, dataset.vrOf(tag), pseudonym);
                return;
            }
            DeidAction action = context.profile().actionFor(tag);
            apply(dataset, tag, action != null ? action : unlistedAction(tag, dataset.vrOf(tag)));
        }

        /** Private elements go, except those on the safe list when the Retain Safe Private Option asks "C". */
        private void processPrivate(Dataset dataset, int tag, Set<Integer> usedCreators) {
            int creatorTag = Tag.privateCreatorOf(tag);
            boolean safe = context.profile().actionFor(tag) == DeidAction.C
                    && DeidProfile.isSafePrivate(dataset.string(creatorTag), tag);
            if (safe) {
                usedCreators.add(creatorTag);
                apply(dataset, tag, DeidAction.K);
            } else {
                dataset.remove(tag);
            }
        }

        /** Unlisted attributes: see "Attributes the table does not list" in docs/deidentification.md. */
        private DeidAction unlistedAction(int tag, Vr vr) {
            ElementDictionary.Entry entry = DICTIONARY.entry(tag);
            if (entry == null) {
                return DeidAction.X;
            }
            Vr meant = vr == Vr.UN ? entry.defaultVr() : vr;
            DeidProfile profile = context.profile();
            // A dummy rather than removal: unlisted dates and text are often Type 1 where they occur (Verification
            // DateTime, the Date, Time and Text Value of SR content items, waveform annotations), and a dummy says nothing.
            if (TEMPORAL.contains(meant)) {
                return profile.has(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES) ? DeidAction.K
                        : profile.has(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES) ? DeidAction.C : DeidAction.D;
            }
            if (FREE_TEXT.contains(meant)) {
                return profile.has(DeidOption.CLEAN_DESCRIPTORS) || profile.has(DeidOption.CLEAN_STRUCTURED_CONTENT)
                        ? DeidAction.C : DeidAction.D;
            }
            return DeidAction.K;
        }

        private void apply(Dataset dataset, int tag, DeidAction action) {
            Value value = dataset.get(tag);
            Vr vr = dataset.vrOf(tag);
            if (value instanceof Value.Sequence sequence) {
                applyToSequence(dataset, tag, vr, sequence, action.resolved());
                return;
            }
            switch (action.resolved()) {
                case X -> dataset.remove(tag);
                case Z -> dataset.put(tag, vr, Value.Bytes.EMPTY);
                case D -> replaceWithDummy(dataset, tag, vr);
                case U -> replaceUids(dataset, tag, vr);
                case C -> clean(dataset, tag, vr);
                default -> {
                    // K: unchanged
                }
            }
        }

        /** Per PS3.15 E.1.1, keeping, cleaning or replacing a sequence means applying the profile to its items. */
        private void applyToSequence(Dataset dataset, int tag, Vr vr, Value.Sequence sequence, DeidAction action) {
            switch (action) {
                case X -> dataset.remove(tag);
                case Z -> dataset.put(tag, vr, new Value.Sequence(new ArrayList<>()));
                default -> sequence.items().forEach(this::process);
            }
        }

        private void replaceWithDummy(Dataset dataset, int tag, Vr vr) {
            if (vr == Vr.UI) {
                replaceUids(dataset, tag, vr);
                return;
            }
            String dummy = switch (vr) {
                case DA -> "19000101";
                case DT -> "19000101000000";
                case TM -> "000000";
                case DS, IS -> "0";
                case AS -> "000D";
                case AE, CS, LO, LT, PN, SH, ST, UC, UT -> DUMMY_TEXT;
                default -> null;
            };
            if (dummy == null) {
                dataset.put(tag, vr, Value.Bytes.EMPTY);
            } else {
                dataset.putStrings(tag, vr, dummy);
            }
        }

        private void replaceUids(Dataset dataset, int tag, Vr vr) {
            if (vr != Vr.UI) {
                dataset.remove(tag);
                return;
            }
            mapValues(dataset, tag, vr, context.uids()::remap);
        }

        /**
         * C: dates are shifted (C on dates comes with 113107), valid times and UTC offsets kept, overlays and curves
         * (under 113103) kept, and text kept unless it repeats an identifying string of the instance. Anything else,
         * and such text, gets the Basic Profile's action.
         */
        private void clean(Dataset dataset, int tag, Vr vr) {
            if (vr == Vr.DA || vr == Vr.DT) {
                UnaryOperator<String> shift = vr == Vr.DA
                        ? date -> DateShifter.shiftDate(date, dayOffset)
                        : dateTime -> DateShifter.shiftDateTime(dateTime, dayOffset);
                if (!mapValues(dataset, tag, vr, shift)) {
                    dataset.remove(tag);
                }
            } else if (vr == Vr.TM) {
                // Times are kept, but only as times: anything else in a TM value may be text.
                if (!dataset.strings(tag).stream().allMatch(time -> TIME.matcher(time.strip()).matches())) {
                    dataset.remove(tag);
                }
            } else if (tag == Tags.TimezoneOffsetFromUTC) {
                // C from 113107: an offset is kept, but only as an offset.
                if (!dataset.strings(tag).stream().allMatch(offset -> UTC_OFFSET.matcher(offset.strip()).matches())) {
                    dataset.remove(tag);
                }
            } else if (!vr.isText() && !isOverlayOrCurve(tag)
                    || vr.isText() && dataset.strings(tag).stream().anyMatch(identifying::appearsIn)) {
                // Binary values other than overlays and curves (e.g. Frame Origin Timestamp) cannot be cleaned here.
                DeidAction basic = context.profile().basicActionFor(tag);
                DeidAction unlisted = vr.isText() ? DeidAction.D : DeidAction.X; // as unlisted text above
                apply(dataset, tag, basic == null || basic == DeidAction.C ? unlisted : basic);
            }
        }

        private static boolean isOverlayOrCurve(int tag) {
            int group = Tag.group(tag) & 0xFF00;
            return group == 0x5000 || group == 0x6000;
        }

        /** Replaces each non-empty value through {@code mapping}; false (and no change) if one maps to null. */
        private static boolean mapValues(Dataset dataset, int tag, Vr vr, UnaryOperator<String> mapping) {
            List<String> mapped = new ArrayList<>();
            for (String original : dataset.strings(tag)) {
                String replacement = original.isEmpty() ? original : mapping.apply(original);
                if (replacement == null) {
                    return false;
                }
                mapped.add(replacement);
            }
            if (!mapped.isEmpty()) {
                dataset.putStrings(tag, vr, mapped.toArray(String[]::new));
            }
            return true;
        }
    }
}
