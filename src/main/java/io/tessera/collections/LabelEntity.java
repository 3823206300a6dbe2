package io.tessera.collections;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * One expert label on a study, series or instance of a collection, by one reader. Identity is (collection, level,
 * UID, label, reader); the value is what a re-import may change.
 */
@Entity
@Table(name = "label")
public class LabelEntity extends PanacheEntityBase {
    /** What the UID names. */
    public enum Level { STUDY, SERIES, INSTANCE }

    @Id
    @SequenceGenerator(name = "label_seq", sequenceName = "label_seq", allocationSize = 50)
    @GeneratedValue(generator = "label_seq")
    public Long id;

    @Column(name = "collection_id", nullable = false)
    public Long collectionId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Level level;

    @Column(nullable = false)
    public String uid;

    @Column(nullable = false)
    public String label;

    /** Null when the label has no value (its presence is the finding). */
    @Column(name = "label_value")
    public String value;

    /** Empty, not null, when no reader is named, so that the unique constraint holds for such rows too. */
    @Column(nullable = false)
    public String reader;
}
