package io.tessera.ingest;

/** An object just written with one instance's bytes as they will be stored, with their size and checksums. */
record SpooledObject(String key, long size, String sha256, long crc32) {

    static SpooledObject of(String key, HashingInputStream written) {
        return new SpooledObject(key, written.count(), written.sha256Hex(), written.crc32());
    }
}
