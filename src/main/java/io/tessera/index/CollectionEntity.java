package io.tessera.index;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A collection of studies; every instance belongs to exactly one. */
@Entity
@Table(name = "collection")
public class CollectionEntity extends PanacheEntityBase {
    @Id
    @SequenceGenerator(name = "collection_seq", sequenceName = "collection_seq", allocationSize = 50)
    @GeneratedValue(generator = "collection_seq")
    public Long id;

    @Column(nullable = false, unique = true)
    public String slug;

    @Column(nullable = false)
    public String title;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
