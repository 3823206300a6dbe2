package io.tessera.consistency;

import java.util.List;

/**
 * What a consistency check found and, when asked, repaired. Lists are cut at {@link ConsistencyCheck#MAX_LISTED}
 * entries; the counts are always complete.
 *
 * @param checkedInstances  index rows whose object was looked at
 * @param missing           rows whose object is absent (marked MISSING when repairing)
 * @param sizeMismatches    rows whose object has another size than recorded
 * @param hashMismatches    rows whose object has another SHA-256 than recorded (only with deep)
 * @param orphanObjects     objects no index row points at, older than the grace period (deleted when repairing)
 * @param markedMissing     rows marked MISSING by this run
 * @param deletedOrphans    orphan objects deleted by this run
 */
public record ConsistencyReport(boolean deep, boolean repair, long checkedInstances,
                                Findings missing, Findings sizeMismatches, Findings hashMismatches,
                                Findings orphanObjects, long markedMissing, long deletedOrphans) {

    /** How many problems of one kind, and the first of them. */
    public record Findings(long count, List<String> listed) {
    }

    public boolean consistent() {
        return missing.count() + sizeMismatches.count() + hashMismatches.count() + orphanObjects.count() == 0;
    }
}
