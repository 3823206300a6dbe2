package io.tessera.index.qido;

/** The three QIDO-RS query levels (PS3.18 10.6), outermost first: a level sees the attributes of those before it. */
public enum QueryLevel {
    STUDY, SERIES, INSTANCE;

    /** Whether an attribute of {@code other}'s level may be matched or returned at this level. */
    public boolean includes(QueryLevel other) {
        return other.ordinal() <= ordinal();
    }
}
