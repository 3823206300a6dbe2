package io.tessera.collections;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.tessera.index.CollectionEntity;
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

/**
 * A published version of a collection: its number, date, optional DOI and release notes, and the collection
 * metadata its manifests and archives show, as they were at publication (docs/versions.md). Never updated; what it
 * contains is in {@code version_instance}, its clinical table in a clinical snapshot.
 */
@Entity
@Table(name = "collection_version")
public class CollectionVersionEntity extends PanacheEntityBase {
    @Id
    @SequenceGenerator(name = "collection_version_seq", sequenceName = "collection_version_seq", allocationSize = 50)
    @GeneratedValue(generator = "collection_version_seq")
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "collection_id")
    public CollectionEntity collection;

    @Column(nullable = false)
    public int number;

    @Column(name = "published_at", nullable = false)
    public OffsetDateTime publishedAt;

    /** The version's own DOI, when one was minted for it. */
    public String doi;

    @Column(name = "release_notes")
    public String releaseNotes;

    @Column(nullable = false)
    public String title;

    /** The collection's DOI at publication. */
    @Column(name = "collection_doi")
    public String collectionDoi;

    @Column(name = "license_name")
    public String licenseName;

    @Column(name = "license_url")
    public String licenseUrl;

    /** The collection's citation text at publication. */
    public String citation;

    /** The archive's LICENSE file. */
    @Column(name = "license_text", nullable = false)
    public String licenseText;

    /** The archive's CITATION file (BibTeX). */
    @Column(name = "citation_bibtex", nullable = false)
    public String citationBibtex;

    /**
     * The clinical table as it was at publication ({@code clinical_snapshot}, shared by versions with the same
     * table); null when the collection had none.
     */
    @Column(name = "clinical_snapshot_id")
    public Long clinicalSnapshotId;

    /** What a manifest names as the DOI: the version's own, else the collection's. */
    public String citedDoi() {
        return doi != null ? doi : collectionDoi;
    }
}
