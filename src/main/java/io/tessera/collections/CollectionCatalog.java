package io.tessera.collections;

import io.quarkus.panache.common.Sort;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.index.CollectionEntity;
import io.tessera.security.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response.Status;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/** Finds collections for a reader, and creates or updates them from admin definitions. */
@ApplicationScoped
public class CollectionCatalog {
    private final AuditLog audit;

    CollectionCatalog(AuditLog audit) {
        this.audit = audit;
    }

    /** Collections the reader may see, by slug. */
    public List<CollectionEntity> allReadable(ReadAccess.Reader reader) {
        return CollectionEntity.<CollectionEntity>listAll(Sort.by("slug")).stream().filter(reader::mayRead).toList();
    }

    /**
     * The collection, or 404 when it does not exist or the reader may not see it: a restricted collection's
     * existence is not revealed.
     */
    public CollectionEntity readable(String slug, ReadAccess.Reader reader) {
        CollectionDefinitionValidator.requireSlug(slug);
        CollectionEntity collection = CollectionEntity.find("slug", slug).firstResult();
        if (collection == null || !reader.mayRead(collection)) {
            throw new DicomWebException(Status.NOT_FOUND, "No such collection: " + slug);
        }
        return collection;
    }

    /** The collection registered under {@code doi}, compared case-insensitively, or 404. */
    public CollectionEntity readableByDoi(String doi, ReadAccess.Reader reader) {
        CollectionEntity collection = CollectionEntity.find("doiKey", CollectionEntity.doiKey(doi)).firstResult();
        if (collection == null || !reader.mayRead(collection)) {
            throw new DicomWebException(Status.NOT_FOUND, "No collection has the DOI " + doi);
        }
        return collection;
    }

    /** Creates or replaces the collection {@code slug}; true when it was created. A DOI held elsewhere is 409. */
    @Transactional
    public boolean put(String slug, CollectionDefinition definition) {
        CollectionDefinition valid = CollectionDefinitionValidator.validated(slug, definition);
        CollectionEntity collection = CollectionEntity.find("slug", slug).firstResult();
        boolean created = collection == null;
        if (created) {
            collection = new CollectionEntity();
            collection.slug = slug;
        }
        refuseDoiHeldElsewhere(valid.doi(), collection);
        collection.title = valid.title();
        collection.doi = valid.doi();
        collection.version = valid.version();
        collection.description = valid.description();
        collection.citation = valid.citation();
        collection.licenseName = valid.license().name();
        collection.licenseUrl = valid.license().url();
        collection.access = CollectionEntity.Access.valueOf(valid.access().toUpperCase(Locale.ROOT));
        collection.deidentificationProfile = CollectionEntity.DeidentificationProfile.valueOf(
                valid.deidentification().profile().toUpperCase(Locale.ROOT));
        List<String> options = valid.deidentification().options();
        collection.deidentificationOptions = options.isEmpty() ? null : String.join(" ", options);
        collection.publishBurnedIn = valid.deidentification().publishBurnedIn();
        collection.updatedAt = OffsetDateTime.now();
        if (created) {
            collection.createdAt = collection.updatedAt;
            collection.persist();
        }
        audit.record("collection.put", slug, AuditLog.OK, created ? "created" : "updated");
        return created;
    }

    private static void refuseDoiHeldElsewhere(String doi, CollectionEntity collection) {
        if (doi == null) {
            return;
        }
        CollectionEntity holder = CollectionEntity.find("doiKey", CollectionEntity.doiKey(doi)).firstResult();
        if (holder != null && holder != collection) {
            throw new DicomWebException(Status.CONFLICT,
                    "The DOI " + doi + " already belongs to the collection " + holder.slug);
        }
    }
}
