package io.tessera.collections;

import io.quarkus.panache.common.Sort;
import io.tessera.dicomweb.DicomWebException;
import io.tessera.index.CollectionEntity;
import io.tessera.security.Caller;
import io.tessera.security.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response.Status;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/**
 * Finds the collections the request's {@link Caller} may read, and creates or updates them from admin definitions.
 * The read methods need a request; {@link #put} does not.
 */
@ApplicationScoped
public class CollectionCatalog {
    private final AuditLog audit;
    private final Caller caller;

    CollectionCatalog(AuditLog audit, Caller caller) {
        this.audit = audit;
        this.caller = caller;
    }

    /** Collections the caller may see, by slug. */
    public List<CollectionEntity> allReadable() {
        return CollectionEntity.<CollectionEntity>listAll(Sort.by("slug")).stream().filter(caller::canRead).toList();
    }

    /**
     * The collection, or 404 when it does not exist or the caller may not see it: a restricted collection's
     * existence is not revealed.
     */
    public CollectionEntity readable(String slug) {
        CollectionDefinitionValidator.requireSlug(slug);
        return caller.requireReadable(CollectionEntity.find("slug", slug).firstResult(), "No such collection: " + slug);
    }

    /** The collection registered under {@code doi}, compared case-insensitively, or 404 as {@link #readable}. */
    public CollectionEntity readableByDoi(String doi) {
        return caller.requireReadable(CollectionEntity.find("doiKey", CollectionEntity.doiKey(doi)).firstResult(),
                "No collection has the DOI " + doi);
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
