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

@Entity
@Table(name = "series")
public class SeriesEntity extends PanacheEntityBase {
    @Id
    @SequenceGenerator(name = "series_seq", sequenceName = "series_seq", allocationSize = 50)
    @GeneratedValue(generator = "series_seq")
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "study_id")
    public StudyEntity study;

    @Column(name = "series_instance_uid", nullable = false, unique = true)
    public String seriesInstanceUid;

    public String modality;
    @Column(name = "series_number")
    public Integer seriesNumber;
    @Column(name = "series_description")
    public String seriesDescription;
    @Column(name = "series_date")
    public String seriesDate;
    @Column(name = "series_time")
    public String seriesTime;
    @Column(name = "body_part_examined")
    public String bodyPartExamined;
    public String manufacturer;
    @Column(name = "institution_name")
    public String institutionName;
    @Column(name = "performed_procedure_start_date")
    public String performedProcedureStartDate;
    @Column(name = "performed_procedure_start_time")
    public String performedProcedureStartTime;
    @Column(name = "number_of_instances", nullable = false)
    public int numberOfInstances;
    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
