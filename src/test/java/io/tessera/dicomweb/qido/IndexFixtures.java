package io.tessera.dicomweb.qido;

import io.tessera.index.CollectionEntity;
import io.tessera.index.InstanceEntity;
import io.tessera.index.SeriesEntity;
import io.tessera.index.StudyEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Writes index rows directly, as ingest would after storing objects: counts and ModalitiesInStudy follow the
 * STORED instances, names get their upper-case search copies.
 */
@ApplicationScoped
public class IndexFixtures {

    @Transactional
    public long collection(String slug) {
        CollectionEntity collection = new CollectionEntity();
        collection.slug = slug;
        collection.title = "QIDO test " + slug;
        collection.createdAt = OffsetDateTime.now();
        collection.persist();
        return collection.id;
    }

    @Transactional
    public long study(long collectionId, String uid, Consumer<StudyEntity> setup) {
        StudyEntity study = new StudyEntity();
        study.collection = CollectionEntity.findById(collectionId);
        study.studyInstanceUid = uid;
        study.updatedAt = OffsetDateTime.now();
        setup.accept(study);
        study.patientNameSearch = upper(study.patientName);
        study.referringPhysicianSearch = upper(study.referringPhysicianName);
        study.persist();
        return study.id;
    }

    @Transactional
    public long series(long studyId, String uid, Consumer<SeriesEntity> setup) {
        SeriesEntity series = new SeriesEntity();
        series.study = StudyEntity.findById(studyId);
        series.seriesInstanceUid = uid;
        series.updatedAt = OffsetDateTime.now();
        setup.accept(series);
        series.persist();
        return series.id;
    }

    @Transactional
    public void instance(long seriesId, String uid, Integer number, InstanceEntity.Status status) {
        SeriesEntity series = SeriesEntity.findById(seriesId);
        InstanceEntity instance = new InstanceEntity();
        instance.series = series;
        instance.sopInstanceUid = uid;
        instance.sopClassUid = "SEG".equals(series.modality) ? "1.2.840.10008.5.1.4.1.1.66.4" : "1.2.840.10008.5.1.4.1.1.2";
        instance.instanceNumber = number;
        instance.rows = 512;
        instance.columns = 512;
        instance.bitsAllocated = 16;
        instance.numberOfFrames = 1;
        instance.contentDate = series.seriesDate;
        instance.transferSyntaxUid = "1.2.840.10008.1.2.1";
        instance.objectKey = "test/" + uid;
        instance.sizeBytes = 1000;
        instance.sha256 = "0".repeat(64);
        instance.crc32 = 0;
        instance.status = status;
        instance.createdAt = OffsetDateTime.now();
        instance.persist();
        if (status == InstanceEntity.Status.STORED) {
            StudyEntity study = series.study;
            if (series.numberOfInstances++ == 0) {
                study.numberOfSeries++;
            }
            study.numberOfInstances++;
            TreeSet<String> modalities = new TreeSet<>();
            if (study.modalitiesInStudy != null) {
                modalities.addAll(List.of(study.modalitiesInStudy.split("\\\\")));
            }
            modalities.add(series.modality);
            study.modalitiesInStudy = String.join("\\", modalities);
        }
    }

    private static String upper(String name) {
        return name == null ? null : name.toUpperCase(Locale.ROOT);
    }
}
