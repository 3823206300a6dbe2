package io.tessera.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** All of Tessera's own settings, under the prefix {@code tessera}. */
@ConfigMapping(prefix = "tessera")
public interface TesseraConfig {

    /** Folder of the embedded defaults: H2 database and filesystem object store. */
    Path dataDir();

    /** Bearer token for writes and administration; generated on first start when empty. */
    Optional<String> adminToken();

    /** Slug of the collection that STOW-RS on the root {@code /dicomweb} stores into. */
    @WithDefault("default")
    String defaultCollection();

    Ingest ingest();

    Qido qido();

    Collections collections();

    Api api();

    interface Ingest {
        /** Whether a different instance may replace one stored under the same SOP Instance UID. */
        @WithDefault("false")
        boolean allowReplace();

        /** Largest instance STOW-RS takes, in bytes (a single body or one part); larger ones are refused with 413. */
        @WithDefault("4294967296")
        long maxInstanceBytes();
    }

    interface Qido {
        /** Results per QIDO-RS response when the client sets no limit. */
        @WithDefault("1000")
        int defaultLimit();

        /** Largest limit honoured; larger values are cut with a Warning: 299 header. */
        @WithDefault("10000")
        int maxLimit();
    }

    interface Api {
        /** Largest request body under /api (collection definitions, label files, tokens), in bytes; larger is 413. */
        @WithDefault("16777216")
        long maxBodyBytes();
    }

    interface Collections {
        /** Publisher named in citations of the collections (BibTeX, RIS, DataCite). */
        @WithDefault("Tessera")
        String publisher();
    }
}
