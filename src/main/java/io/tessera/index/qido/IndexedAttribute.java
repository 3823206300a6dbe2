package io.tessera.index.qido;

import io.tessera.dicom.Tags;
import io.tessera.dicom.Vr;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The DICOM attributes the index holds, each with the column QIDO-RS returns it from and, if it can be a
 * matching key, the column it is matched on. Table aliases: {@code st} study, {@code se} series, {@code i} instance.
 * Everything QIDO-RS answers comes from these columns; stored objects are never opened.
 */
public enum IndexedAttribute {
    STUDY_DATE(Tags.StudyDate, Vr.DA, QueryLevel.STUDY, "st.study_date"),
    STUDY_TIME(Tags.StudyTime, Vr.TM, QueryLevel.STUDY, "st.study_time"),
    ACCESSION_NUMBER(Tags.AccessionNumber, Vr.SH, QueryLevel.STUDY, "st.accession_number"),
    /** Matched against the modalities of the study's series, see {@link QidoSqlBuilder}. */
    MODALITIES_IN_STUDY(Tags.ModalitiesInStudy, Vr.CS, QueryLevel.STUDY, "st.modalities_in_study", "ms.modality"),
    REFERRING_PHYSICIAN_NAME(Tags.ReferringPhysicianName, Vr.PN, QueryLevel.STUDY,
            "st.referring_physician_name", "st.referring_physician_search"),
    TIMEZONE_OFFSET_FROM_UTC(Tags.TimezoneOffsetFromUTC, Vr.SH, QueryLevel.STUDY, "st.timezone_offset_from_utc"),
    PATIENT_NAME(Tags.PatientName, Vr.PN, QueryLevel.STUDY, "st.patient_name", "st.patient_name_search"),
    PATIENT_ID(Tags.PatientID, Vr.LO, QueryLevel.STUDY, "st.patient_id"),
    PATIENT_BIRTH_DATE(Tags.PatientBirthDate, Vr.DA, QueryLevel.STUDY, "st.patient_birth_date"),
    PATIENT_SEX(Tags.PatientSex, Vr.CS, QueryLevel.STUDY, "st.patient_sex"),
    STUDY_INSTANCE_UID(Tags.StudyInstanceUID, Vr.UI, QueryLevel.STUDY, "st.study_instance_uid"),
    STUDY_ID(Tags.StudyID, Vr.SH, QueryLevel.STUDY, "st.study_id"),
    STUDY_DESCRIPTION(Tags.StudyDescription, Vr.LO, QueryLevel.STUDY, "st.study_description"),
    NUMBER_OF_STUDY_RELATED_SERIES(Tags.NumberOfStudyRelatedSeries, Vr.IS, QueryLevel.STUDY, "st.number_of_series", null),
    NUMBER_OF_STUDY_RELATED_INSTANCES(Tags.NumberOfStudyRelatedInstances, Vr.IS, QueryLevel.STUDY,
            "st.number_of_instances", null),

    MODALITY(Tags.Modality, Vr.CS, QueryLevel.SERIES, "se.modality"),
    SERIES_INSTANCE_UID(Tags.SeriesInstanceUID, Vr.UI, QueryLevel.SERIES, "se.series_instance_uid"),
    SERIES_NUMBER(Tags.SeriesNumber, Vr.IS, QueryLevel.SERIES, "se.series_number"),
    SERIES_DESCRIPTION(Tags.SeriesDescription, Vr.LO, QueryLevel.SERIES, "se.series_description"),
    SERIES_DATE(Tags.SeriesDate, Vr.DA, QueryLevel.SERIES, "se.series_date"),
    SERIES_TIME(Tags.SeriesTime, Vr.TM, QueryLevel.SERIES, "se.series_time"),
    BODY_PART_EXAMINED(Tags.BodyPartExamined, Vr.CS, QueryLevel.SERIES, "se.body_part_examined"),
    MANUFACTURER(Tags.Manufacturer, Vr.LO, QueryLevel.SERIES, "se.manufacturer"),
    INSTITUTION_NAME(Tags.InstitutionName, Vr.LO, QueryLevel.SERIES, "se.institution_name"),
    PERFORMED_PROCEDURE_STEP_START_DATE(Tags.PerformedProcedureStepStartDate, Vr.DA, QueryLevel.SERIES,
            "se.performed_procedure_start_date"),
    PERFORMED_PROCEDURE_STEP_START_TIME(Tags.PerformedProcedureStepStartTime, Vr.TM, QueryLevel.SERIES,
            "se.performed_procedure_start_time"),
    NUMBER_OF_SERIES_RELATED_INSTANCES(Tags.NumberOfSeriesRelatedInstances, Vr.IS, QueryLevel.SERIES,
            "se.number_of_instances", null),

    SOP_CLASS_UID(Tags.SOPClassUID, Vr.UI, QueryLevel.INSTANCE, "i.sop_class_uid"),
    SOP_INSTANCE_UID(Tags.SOPInstanceUID, Vr.UI, QueryLevel.INSTANCE, "i.sop_instance_uid"),
    INSTANCE_NUMBER(Tags.InstanceNumber, Vr.IS, QueryLevel.INSTANCE, "i.instance_number"),
    CONTENT_DATE(Tags.ContentDate, Vr.DA, QueryLevel.INSTANCE, "i.content_date"),
    CONTENT_TIME(Tags.ContentTime, Vr.TM, QueryLevel.INSTANCE, "i.content_time"),
    AVAILABLE_TRANSFER_SYNTAX_UID(Tags.AvailableTransferSyntaxUID, Vr.UI, QueryLevel.INSTANCE, "i.transfer_syntax_uid"),
    ROWS(Tags.Rows, Vr.US, QueryLevel.INSTANCE, "i.rows_count", null),
    COLUMNS(Tags.Columns, Vr.US, QueryLevel.INSTANCE, "i.columns_count", null),
    BITS_ALLOCATED(Tags.BitsAllocated, Vr.US, QueryLevel.INSTANCE, "i.bits_allocated", null),
    NUMBER_OF_FRAMES(Tags.NumberOfFrames, Vr.IS, QueryLevel.INSTANCE, "i.number_of_frames", null);

    private static final Map<Integer, IndexedAttribute> BY_TAG =
            Arrays.stream(values()).collect(Collectors.toMap(IndexedAttribute::tag, Function.identity()));

    private final int tag;
    private final Vr vr;
    private final QueryLevel level;
    private final String column;
    private final String matchColumn;

    IndexedAttribute(int tag, Vr vr, QueryLevel level, String column) {
        this(tag, vr, level, column, column);
    }

    IndexedAttribute(int tag, Vr vr, QueryLevel level, String column, String matchColumn) {
        this.tag = tag;
        this.vr = vr;
        this.level = level;
        this.column = column;
        this.matchColumn = matchColumn;
    }

    /** The attribute the index holds under {@code tag}, or null. */
    public static IndexedAttribute byTag(int tag) {
        return BY_TAG.get(tag);
    }

    public int tag() {
        return tag;
    }

    public Vr vr() {
        return vr;
    }

    public QueryLevel level() {
        return level;
    }

    /** The column the value is returned from. */
    public String column() {
        return column;
    }

    /** Derived counts and image-pixel attributes are returned but not matched on. */
    public boolean isMatchable() {
        return matchColumn != null;
    }

    /** The column matched on: for PN the upper-case search column, for ModalitiesInStudy the series' modality. */
    String matchColumn() {
        return matchColumn;
    }
}
