package io.tessera.index;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** A collection of studies; every instance belongs to exactly one. Published with a DOI, a license and labels. */
@Entity
@Table(name = "collection")
public class CollectionEntity extends PanacheEntityBase {
    /** Who may read: everyone, or (until grants exist) only the admin. */
    public enum Access { PUBLIC, RESTRICTED }

    /** De-identification applied on ingest: none, or the PS3.15 Annex E Basic profile with options. */
    public enum DeidentificationProfile { NONE, BASIC }

    @Id
    @SequenceGenerator(name = "collection_seq", sequenceName = "collection_seq", allocationSize = 50)
    @GeneratedValue(generator = "collection_seq")
    public Long id;

    @Column(nullable = false, unique = true)
    public String slug;

    @Column(nullable = false)
    public String title;

    /** As registered, e.g. "10.7937/VTW4-X588"; look it up through {@link #doiKey}. */
    public String doi;

    /** {@link #doi} with ASCII letters upper-cased: DOIs compare case-insensitively. Kept in step on every write. */
    @Column(name = "doi_key", unique = true)
    public String doiKey;

    public String version;
    public String description;
    public String citation;

    @Column(name = "license_name")
    public String licenseName;
    @Column(name = "license_url")
    public String licenseUrl;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Access access = Access.PUBLIC;

    @Enumerated(EnumType.STRING)
    @Column(name = "deid_profile", nullable = false)
    public DeidentificationProfile deidentificationProfile = DeidentificationProfile.NONE;

    /** Space-separated PS3.16 CID 7050 option codes, e.g. "113101 113108"; null when none. */
    @Column(name = "deid_options")
    public String deidentificationOptions;

    /** Whether instances that may show burned-in text are published anyway instead of quarantined. */
    @Column(name = "publish_burned_in", nullable = false)
    public boolean publishBurnedIn;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public List<String> deidentificationOptionCodes() {
        return deidentificationOptions == null || deidentificationOptions.isBlank()
                ? List.of() : Arrays.asList(deidentificationOptions.trim().split(" +"));
    }

    public static String doiKey(String doi) {
        if (doi == null) {
            return null;
        }
        StringBuilder key = new StringBuilder(doi.length());
        for (char c : doi.toCharArray()) {
            key.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
        }
        return key.toString();
    }

    @PrePersist
    @PreUpdate
    void keepDerivedColumns() {
        doiKey = doiKey(doi);
        if (createdAt == null) {
            createdAt = OffsetDateTime.now();
        }
        if (updatedAt == null) {
            updatedAt = createdAt;
        }
    }
}
