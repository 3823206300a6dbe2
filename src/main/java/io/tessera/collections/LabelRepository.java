package io.tessera.collections;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Label queries in one place: listing, the rows an import may update, and the "studies carrying a label" filter
 * that QIDO-RS, manifests and archives share.
 * <p>
 * A study carries a label when the label is on the study's UID, on one of its series or on one of its instances,
 * within the study's own collection. Index status is not looked at: callers already restrict to what is STORED.
 */
@ApplicationScoped
public class LabelRepository implements PanacheRepository<LabelEntity> {
    private static final Pattern SQL_ALIAS = Pattern.compile("[a-z_][a-z0-9_]*");

    /** A SQL boolean expression with its bind values, in the order of its {@code ?} placeholders. */
    public record SqlCondition(String sql, List<Object> binds) {
    }

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
        SqlCondition carries = studyCarriesLabel("st", labelName, value);
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

    /**
     * SQL condition, for a query over {@code study} aliased {@code studyAlias}, true when that study carries the
     * label (see the class comment). Placeholders are JDBC {@code ?}; append the binds in order. Each level is its
     * own EXISTS so every branch is an index lookup on label (collection_id, label, level, uid).
     */
    public static SqlCondition studyCarriesLabel(String studyAlias, String labelName, String value) {
        if (!SQL_ALIAS.matcher(studyAlias).matches()) {
            throw new IllegalArgumentException("not a SQL alias: " + studyAlias);
        }
        String st = studyAlias;
        String match = " lb.collection_id = " + st + ".collection_id AND lb.label = ?"
                + (value == null ? "" : " AND lb.label_value = ?");
        String sql = "(EXISTS (SELECT 1 FROM label lb WHERE" + match
                + " AND lb.level = 'STUDY' AND lb.uid = " + st + ".study_instance_uid)"
                + " OR EXISTS (SELECT 1 FROM series ls JOIN label lb ON lb.uid = ls.series_instance_uid"
                + " AND lb.level = 'SERIES' WHERE ls.study_id = " + st + ".id AND" + match + ")"
                + " OR EXISTS (SELECT 1 FROM series ls JOIN instance li ON li.series_id = ls.id"
                + " JOIN label lb ON lb.uid = li.sop_instance_uid AND lb.level = 'INSTANCE'"
                + " WHERE ls.study_id = " + st + ".id AND" + match + "))";
        List<Object> binds = new ArrayList<>();
        for (int branch = 0; branch < 3; branch++) {
            binds.add(labelName);
            if (value != null) {
                binds.add(value);
            }
        }
        return new SqlCondition(sql, List.copyOf(binds));
    }
}
