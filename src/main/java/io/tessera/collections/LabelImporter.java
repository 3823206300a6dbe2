package io.tessera.collections;

import io.tessera.security.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Upserts checked label rows into a collection, in one transaction. A row whose (level, UID, label, reader) exists
 * gets the new value; an identical row is left alone and counted as unchanged, so re-importing a file is harmless.
 */
@ApplicationScoped
public class LabelImporter {
    /** UIDs per lookup of existing rows: keeps the IN list well below database limits. */
    private static final int LOOKUP_BATCH = 500;

    /** {@code imported}: rows inserted or whose value changed; {@code unchanged}: rows already there as given. */
    public record Result(int imported, int unchanged) {
    }

    private record Key(LabelEntity.Level level, String uid, String label, String reader) {
        static Key of(LabelEntity entity) {
            return new Key(entity.level, entity.uid, entity.label, entity.reader);
        }
    }

    private final LabelRepository labels;
    private final AuditLog audit;

    LabelImporter(LabelRepository labels, AuditLog audit) {
        this.labels = labels;
        this.audit = audit;
    }

    @Transactional
    public Result importRows(long collectionId, List<LabelRow> rows) {
        int imported = 0;
        int unchanged = 0;
        for (int start = 0; start < rows.size(); start += LOOKUP_BATCH) {
            List<LabelRow> batch = rows.subList(start, Math.min(rows.size(), start + LOOKUP_BATCH));
            Map<Key, LabelEntity> existing = new HashMap<>();
            for (LabelEntity label : labels.onUids(collectionId, batch.stream().map(LabelRow::uid).distinct().toList())) {
                existing.put(Key.of(label), label);
            }
            for (LabelRow row : batch) {
                LabelEntity label = toEntity(collectionId, row);
                LabelEntity stored = existing.putIfAbsent(Key.of(label), label);
                if (stored == null) {
                    labels.persist(label);
                    imported++;
                } else if (Objects.equals(stored.value, label.value)) {
                    unchanged++;
                } else {
                    stored.value = label.value;
                    imported++;
                }
            }
        }
        audit.record("labels.import", "collection:" + collectionId, AuditLog.OK,
                imported + " imported, " + unchanged + " unchanged");
        return new Result(imported, unchanged);
    }

    private static LabelEntity toEntity(long collectionId, LabelRow row) {
        LabelEntity label = new LabelEntity();
        label.collectionId = collectionId;
        label.level = LabelEntity.Level.valueOf(row.level());
        label.uid = row.uid();
        label.label = row.label();
        label.value = row.value();
        label.reader = row.reader() == null ? "" : row.reader();
        return label;
    }
}
