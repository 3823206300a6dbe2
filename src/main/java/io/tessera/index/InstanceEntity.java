package io.tessera.index;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One stored instance: where its object is, how to verify it, where its frames lie, and its metadata. */
@Entity
@Table(name = "instance")
public class InstanceEntity extends PanacheEntityBase {
    /**
     * Only STORED instances are visible to reads and counts. PENDING rows have no committed object yet; QUARANTINED
     * instances are stored but held back until their pixels are reviewed (burned-in text, docs/deidentification.md).
     * MISSING rows lost their object (found by the consistency check, docs/security.md).
     */
    public enum Status { PENDING, STORED, QUARANTINED, MISSING }

    @Id
    @SequenceGenerator(name = "instance_seq", sequenceName = "instance_seq", allocationSize = 50)
    @GeneratedValue(generator = "instance_seq")
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "series_id")
    public SeriesEntity series;

    @Column(name = "sop_instance_uid", nullable = false, unique = true)
    public String sopInstanceUid;
    @Column(name = "sop_class_uid", nullable = false)
    public String sopClassUid;
    @Column(name = "instance_number")
    public Integer instanceNumber;
    @Column(name = "rows_count")
    public Integer rows;
    @Column(name = "columns_count")
    public Integer columns;
    @Column(name = "bits_allocated")
    public Integer bitsAllocated;
    @Column(name = "number_of_frames")
    public Integer numberOfFrames;
    @Column(name = "content_date")
    public String contentDate;
    @Column(name = "content_time")
    public String contentTime;
    @Column(name = "transfer_syntax_uid", nullable = false)
    public String transferSyntaxUid;
    @Column(name = "object_key", nullable = false)
    public String objectKey;
    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;
    @Column(nullable = false)
    public String sha256;
    @Column(nullable = false)
    public long crc32;

    @Basic(fetch = FetchType.LAZY)
    @Column(name = "frame_ranges")
    public byte[] frameRanges;

    @Basic(fetch = FetchType.LAZY)
    @Column(name = "metadata_gz")
    public byte[] metadataGz;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
