package io.tessera.dicomweb.wado;

import java.util.EnumSet;
import java.util.Set;

/** What a WADO-RS request retrieves, which decides the media types it may be served in (PS3.18 10.4.1.1). */
enum WadoTarget {
    INSTANCES(WadoMediaType.DICOM, EnumSet.of(WadoMediaType.DICOM)),
    FRAMES(WadoMediaType.OCTET_STREAM, EnumSet.complementOf(EnumSet.of(WadoMediaType.DICOM))),
    BULKDATA(WadoMediaType.OCTET_STREAM, EnumSet.complementOf(EnumSet.of(WadoMediaType.DICOM)));

    private final WadoMediaType defaultType;
    private final Set<WadoMediaType> allowed;

    WadoTarget(WadoMediaType defaultType, Set<WadoMediaType> allowed) {
        this.defaultType = defaultType;
        this.allowed = allowed;
    }

    WadoMediaType defaultType() {
        return defaultType;
    }

    boolean allows(WadoMediaType type) {
        return allowed.contains(type);
    }
}
