package io.tessera.collections;

/**
 * A label row as clients exchange it, in JSON and CSV ({@code level,uid,label,value,reader}). {@code value} and
 * {@code reader} are null when absent.
 */
public record LabelRow(String level, String uid, String label, String value, String reader) {
    static final String[] COLUMNS = {"level", "uid", "label", "value", "reader"};

    static LabelRow of(LabelEntity entity) {
        return new LabelRow(entity.level.name(), entity.uid, entity.label, entity.value,
                entity.reader.isEmpty() ? null : entity.reader);
    }
}
