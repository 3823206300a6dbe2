package io.tessera.collections;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import io.tessera.index.LabelCondition;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.List;

/**
 * Label queries in one place: listing, the rows an import may update, and the studies of a collection carrying a
 * label (through {@link LabelCondition}, which QIDO-RS, manifests and archives share).
 */
@ApplicationScoped
public class LabelRepository implements PanacheRepository<LabelEntity> {
    private final EntityManager entityManager;

    LabelRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A collection's labels in a stable order, all of them or those named {@code labelName}. */
    public List<LabelEntity> inCollection(long collectionId, String labelName) {
        String order = " order by label, level, uid, reader";
        return labelName == null
                ? list("collectionId = ?1" + order, collectionId)
                : list("collectionId = ?1 and label = ?2" + order, collectionId, labelName);
    }

    /** The labels of a collection on any of {@code uids}: what an import compares its rows with. */
    List<LabelEntity> onUids(long collectionId, Collection<String> uids) {
        return list("collectionId = :collection and uid in :uids",
                Parameters.with("collection", collectionId).and("uids", uids));
    }

    /**
     * Study Instance UIDs of the collection's indexed studies carrying {@code labelName} (with {@code value} when
     * not null) on the study, a series or an instance of it.
     */
    @SuppressWarnings("unchecked")
    public List<String> studyUidsWithLabel(long collectionId, String labelName, String value) {
        LabelCondition carries = LabelCondition.studyCarries("st", labelName, value);
        var query = entityManager.createNativeQuery("SELECT st.study_instance_uid FROM study st"
                + " WHERE st.collection_id = ? AND " + carries.sql() + " ORDER BY st.study_instance_uid");
        query.setParameter(1, collectionId);
        for (int i = 0; i < carries.binds().size(); i++) {
            query.setParameter(i + 2, carries.binds().get(i));
        }
        return query.getResultList();
    }

    public List<String> studyUidsWithLabel(long collectionId, String labelName) {
        return studyUidsWithLabel(collectionId, labelName, null);
    }
}
