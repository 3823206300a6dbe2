package io.tessera.storage;

import java.util.UUID;

/**
 * The only place object keys are made. Keys never contain request input: an instance's object is named by
 * a random version id, so replacing an instance never overwrites the object a reader may be streaming.
 */
public final class ObjectKeys {
    public static final String TEMPORARY_PREFIX = "tmp/";
    public static final String INSTANCE_PREFIX = "instances/";

    private ObjectKeys() {
    }

    /** A fresh key for an instance object, fanned out over 256 folders. */
    public static String newInstanceKey() {
        String version = UUID.randomUUID().toString();
        return INSTANCE_PREFIX + version.substring(0, 2) + "/" + version + ".dcm";
    }

    /** A fresh key for an object being written; swept at start if the writer died. */
    public static String newTemporaryKey() {
        return TEMPORARY_PREFIX + UUID.randomUUID();
    }
}
