package io.tessera.dicomweb;

import io.tessera.index.InstanceEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/**
 * The STORED instances a WADO-RS style target names — a study, a series of it ({@code series} set) or one instance
 * ({@code sop} set as well) — within a collection scope, in retrieval order (series number, then instance number).
 * Callers choose what to select from the aliases {@code i} (instance), {@code se} (series) and {@code st} (study).
 */
public record StoredInstanceQuery(CollectionScope scope, String study, String series, String sop) {

    /** Runs the query; 404 when the target names no stored instance the scope can see. */
    public <T> List<T> list(EntityManager entityManager, String select, Class<T> resultType) {
        StringBuilder jpql = new StringBuilder(select).append(" from InstanceEntity i join i.series se join se.study st")
                .append(" where st.studyInstanceUid = :study and i.status = :stored");
        if (series != null) {
            jpql.append(" and se.seriesInstanceUid = :series");
        }
        if (sop != null) {
            jpql.append(" and i.sopInstanceUid = :sop");
        }
        if (scope.isFiltered()) {
            jpql.append(" and st.collection.id in :collections");
        }
        jpql.append(" order by se.seriesNumber nulls last, se.id, i.instanceNumber nulls last, i.id");
        TypedQuery<T> query = entityManager.createQuery(jpql.toString(), resultType)
                .setParameter("study", study)
                .setParameter("stored", InstanceEntity.Status.STORED);
        if (series != null) {
            query.setParameter("series", series);
        }
        if (sop != null) {
            query.setParameter("sop", sop);
        }
        if (scope.isFiltered()) {
            query.setParameter("collections", scope.collectionIds());
        }
        List<T> rows = query.getResultList();
        if (rows.isEmpty()) {
            throw new DicomWebException(Status.NOT_FOUND, sop != null ? "No such instance: " + sop
                    : series != null ? "No such series: " + series : "No such study: " + study);
        }
        return rows;
    }
}
