package io.tessera.collections;

import io.tessera.deid.DateShifter;
import io.tessera.deid.DeidContext;
import io.tessera.deid.DeidOption;
import io.tessera.deid.DeidProfile;
import io.tessera.index.ClinicalColumnType;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The clinical table of a de-identifying collection, treated as its images are (docs/clinical.md): the patient key
 * becomes the patient's pseudonym and the study key the replaced UID (kept under 113110), through the collection's
 * keyed hashes; columns
 * that name identity are removed, dates follow the collection's date option, free text is removed unless a
 * descriptor option keeps it, and any kept cell that repeats one of its row's identifiers is emptied.
 */
final class ClinicalDeidentification {
    /** Header names (compared without case, spaces or punctuation) that hold identity: removed, never stored. */
    static final Set<String> IDENTIFYING_HEADERS = Set.of("name", "patientname", "patientsname", "firstname",
            "lastname", "givenname", "familyname", "surname", "fullname", "birthdate", "dateofbirth", "dob",
            "patientbirthdate", "patientsbirthdate", "mrn", "medicalrecordnumber", "address", "streetaddress",
            "street", "zip", "zipcode", "postalcode", "postcode", "phone", "phonenumber", "telephone", "email",
            "emailaddress", "ssn", "socialsecuritynumber", "accessionnumber", "otherpatientids", "insurancenumber");
    /** Identifiers shorter than this are too common to look for in other cells (as for DICOM text). */
    private static final int MIN_IDENTIFIER_LENGTH = 3;
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private final DeidContext context;

    ClinicalDeidentification(DeidContext context) {
        this.context = context;
    }

    /** The de-identified table; removed columns are added to {@code dropped} with the reason. */
    ClinicalTable apply(ClinicalTable table, List<ClinicalImport.Dropped> dropped) {
        List<Integer> identifying = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int c = 0; c < table.columns().size(); c++) {
            ClinicalTable.Column column = table.columns().get(c);
            String reason = dropReason(column);
            if (reason == null) {
                kept.add(c);
            } else {
                dropped.add(new ClinicalImport.Dropped(column.name(), reason));
                if (IDENTIFYING_HEADERS.contains(ClinicalImport.normalizedHeader(column.name()))) {
                    identifying.add(c);
                }
            }
        }
        List<ClinicalTable.Column> columns = kept.stream().map(table.columns()::get).toList();
        List<ClinicalTable.Row> rows = new ArrayList<>();
        for (ClinicalTable.Row row : table.rows()) {
            Set<String> identifiers = new HashSet<>();
            addIdentifier(identifiers, row.patientId());
            addIdentifier(identifiers, row.studyUid());
            identifying.forEach(c -> addIdentifier(identifiers, row.values().get(c)));
            int days = context.dates().offsetDays(row.patientId());
            List<String> values = new ArrayList<>();
            for (int c : kept) {
                String value = row.values().get(c);
                if (value != null && table.columns().get(c).type() == ClinicalColumnType.DATE) {
                    value = shifted(value, days);
                }
                values.add(value == null || repeatsIdentifier(value, identifiers) ? null : value);
            }
            rows.add(new ClinicalTable.Row(context.pseudonymFor(row.patientId()), studyUid(row.studyUid()), values));
        }
        return new ClinicalTable(table.level(), columns, rows);
    }

    /** The study's UID as its images have it: replaced, unless the collection retains UIDs (113110). */
    private String studyUid(String original) {
        if (original == null || context.profile().has(DeidOption.RETAIN_UIDS)) {
            return original;
        }
        return context.uids().remap(original);
    }

    /** Why a column is removed, or null when it is kept. */
    private String dropReason(ClinicalTable.Column column) {
        DeidProfile profile = context.profile();
        if (IDENTIFYING_HEADERS.contains(ClinicalImport.normalizedHeader(column.name()))) {
            return "its name says it identifies the patient";
        }
        if (column.type() == ClinicalColumnType.DATE && !profile.has(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES)
                && !profile.has(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
            return "dates are removed without option 113106 or 113107";
        }
        if (column.type() == ClinicalColumnType.TEXT && !profile.has(DeidOption.CLEAN_STRUCTURED_CONTENT)
                && !profile.has(DeidOption.CLEAN_DESCRIPTORS)) {
            return "free text is removed without option 113104 or 113105";
        }
        return null;
    }

    /** Under 113107 a date moves by the patient's shift, as the images' dates do; under 113106 it is kept. */
    private String shifted(String isoDate, int days) {
        if (!context.profile().has(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
            return isoDate;
        }
        String moved = DateShifter.shiftDate(LocalDate.parse(isoDate).format(DA), days);
        return moved == null ? null : LocalDate.parse(moved, DA).toString();
    }

    private static void addIdentifier(Set<String> identifiers, String value) {
        if (value != null && value.strip().length() >= MIN_IDENTIFIER_LENGTH) {
            identifiers.add(value.strip().toLowerCase(Locale.ROOT));
        }
    }

    private static boolean repeatsIdentifier(String value, Set<String> identifiers) {
        String haystack = value.toLowerCase(Locale.ROOT);
        return identifiers.stream().anyMatch(haystack::contains);
    }
}
