package io.tessera.index;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;

/** A study with its patient attributes and derived counts (QIDO-RS study level answers from this row alone). */
@Entity
@Table(name = "study")
public class StudyEntity extends PanacheEntityBase {
    private static final int MODALITIES_WIDTH = 256;

    @Id
    @SequenceGenerator(name = "study_seq", sequenceName = "study_seq", allocationSize = 50)
    @GeneratedValue(generator = "study_seq")
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "collection_id")
    public CollectionEntity collection;

    @Column(name = "study_instance_uid", nullable = false, unique = true)
    public String studyInstanceUid;

    @Column(name = "patient_id")
    public String patientId;
    @Column(name = "patient_name")
    public String patientName;
    @Column(name = "patient_name_search")
    public String patientNameSearch;
    @Column(name = "patient_birth_date")
    public String patientBirthDate;
    @Column(name = "patient_sex")
    public String patientSex;
    @Column(name = "study_date")
    public String studyDate;
    @Column(name = "study_time")
    public String studyTime;
    @Column(name = "accession_number")
    public String accessionNumber;
    @Column(name = "study_id")
    public String studyId;
    @Column(name = "study_description")
    public String studyDescription;
    @Column(name = "referring_physician_name")
    public String referringPhysicianName;
    @Column(name = "referring_physician_search")
    public String referringPhysicianSearch;
    @Column(name = "timezone_offset_from_utc")
    public String timezoneOffsetFromUtc;
    @Column(name = "modalities_in_study")
    public String modalitiesInStudy;
    @Column(name = "number_of_series", nullable = false)
    public int numberOfSeries;
    @Column(name = "number_of_instances", nullable = false)
    public int numberOfInstances;
    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /**
     * Recomputes {@link #modalitiesInStudy}: the sorted distinct modalities of the study's published series,
     * backslash-separated as QIDO returns a multi-valued CS, cut at a whole value to fit the column.
     */
    public void refreshModalities() {
        List<String> modalities = getEntityManager().createQuery("select distinct s.modality from SeriesEntity s "
                        + "where s.study = :study and s.numberOfInstances > 0 and s.modality is not null"
                        + " order by s.modality", String.class)
                .setParameter("study", this)
                .getResultList();
        String joined = String.join("\\", modalities);
        int cut = joined.lastIndexOf('\\', MODALITIES_WIDTH);
        modalitiesInStudy = joined.length() <= MODALITIES_WIDTH ? joined
                : joined.substring(0, cut > 0 ? cut : MODALITIES_WIDTH);
    }
}
