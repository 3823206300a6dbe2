package io.tessera.ingest;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.index.InstanceEntity;
import io.tessera.index.SeriesEntity;
import io.tessera.index.StudyEntity;
import java.util.Locale;

/**
 * Copies the attributes QIDO-RS answers from into the index columns. A study or series takes its attributes from
 * the first instance that names them; later instances only fill what is still empty. Values are cut to the column
 * widths of V1__index.sql, and dates that are not YYYYMMDD are left out, as range matching needs them.
 */
final class IndexColumns {

    private IndexColumns() {
    }

    static void fillStudy(StudyEntity study, Dataset ds) {
        study.patientId = keep(study.patientId, text(ds, Tags.PatientID, 64));
        study.patientName = keep(study.patientName, text(ds, Tags.PatientName, 324));
        study.patientNameSearch = upperCase(study.patientName);
        study.patientBirthDate = keep(study.patientBirthDate, date(ds, Tags.PatientBirthDate));
        study.patientSex = keep(study.patientSex, text(ds, Tags.PatientSex, 16));
        study.studyDate = keep(study.studyDate, date(ds, Tags.StudyDate));
        study.studyTime = keep(study.studyTime, text(ds, Tags.StudyTime, 16));
        study.accessionNumber = keep(study.accessionNumber, text(ds, Tags.AccessionNumber, 16));
        study.studyId = keep(study.studyId, text(ds, Tags.StudyID, 16));
        study.studyDescription = keep(study.studyDescription, text(ds, Tags.StudyDescription, 64));
        study.referringPhysicianName = keep(study.referringPhysicianName, text(ds, Tags.ReferringPhysicianName, 324));
        study.referringPhysicianSearch = upperCase(study.referringPhysicianName);
        study.timezoneOffsetFromUtc = keep(study.timezoneOffsetFromUtc, text(ds, Tags.TimezoneOffsetFromUTC, 5));
    }

    static void fillSeries(SeriesEntity series, Dataset ds) {
        series.modality = keep(series.modality, text(ds, Tags.Modality, 16));
        series.seriesNumber = keep(series.seriesNumber, integer(ds, Tags.SeriesNumber));
        series.seriesDescription = keep(series.seriesDescription, text(ds, Tags.SeriesDescription, 64));
        series.seriesDate = keep(series.seriesDate, date(ds, Tags.SeriesDate));
        series.seriesTime = keep(series.seriesTime, text(ds, Tags.SeriesTime, 16));
        series.bodyPartExamined = keep(series.bodyPartExamined, text(ds, Tags.BodyPartExamined, 16));
        series.manufacturer = keep(series.manufacturer, text(ds, Tags.Manufacturer, 64));
        series.institutionName = keep(series.institutionName, text(ds, Tags.InstitutionName, 64));
        series.performedProcedureStartDate =
                keep(series.performedProcedureStartDate, date(ds, Tags.PerformedProcedureStepStartDate));
        series.performedProcedureStartTime =
                keep(series.performedProcedureStartTime, text(ds, Tags.PerformedProcedureStepStartTime, 16));
    }

    /** Instance columns are always the new instance's own (a replaced instance takes all of them). */
    static void fillInstance(InstanceEntity instance, Dataset ds) {
        instance.instanceNumber = integer(ds, Tags.InstanceNumber);
        instance.rows = integer(ds, Tags.Rows);
        instance.columns = integer(ds, Tags.Columns);
        instance.bitsAllocated = integer(ds, Tags.BitsAllocated);
        instance.numberOfFrames = integer(ds, Tags.NumberOfFrames);
        instance.contentDate = date(ds, Tags.ContentDate);
        instance.contentTime = text(ds, Tags.ContentTime, 16);
    }

    private static <T> T keep(T current, T candidate) {
        return current != null ? current : candidate;
    }

    private static String text(Dataset ds, int tag, int width) {
        String value;
        try {
            // The whole value: a multi-valued attribute keeps its backslashes, as QIDO returns it.
            value = String.join("\\", ds.strings(tag)).strip();
        } catch (RuntimeException undecodable) {
            return null;
        }
        if (value.isEmpty()) {
            return null;
        }
        return value.length() <= width ? value : value.substring(0, width);
    }

    /** YYYYMMDD, also from the ACR-NEMA form YYYY.MM.DD; anything else is no date. */
    private static String date(Dataset ds, int tag) {
        String value = text(ds, tag, 10);
        if (value == null) {
            return null;
        }
        String digits = value.length() == 10 && value.charAt(4) == '.' && value.charAt(7) == '.'
                ? value.replace(".", "") : value;
        return digits.matches("[0-9]{8}") ? digits : null;
    }

    private static Integer integer(Dataset ds, int tag) {
        try {
            long[] values = ds.longs(tag);
            return values.length > 0 && values[0] >= Integer.MIN_VALUE && values[0] <= Integer.MAX_VALUE
                    ? (int) values[0] : null;
        } catch (RuntimeException notANumber) {
            return null;
        }
    }

    private static String upperCase(String name) {
        return name == null ? null : name.toUpperCase(Locale.ROOT);
    }
}
