package io.tessera.index.qido;

import java.util.List;

/**
 * One matching key of a QIDO-RS query as PS3.4 C.2.2.2 defines it. Universal matching (an empty value) adds
 * no condition at all. Values arrive validated and normalized by the parser; PN values are upper case.
 */
public sealed interface MatchCondition {

    /** A condition on one indexed attribute. */
    sealed interface OnAttribute extends MatchCondition {
        IndexedAttribute attribute();
    }

    /** Single Value Matching (C.2.2.2.1). */
    record SingleValue(IndexedAttribute attribute, String value) implements OnAttribute {
    }

    /** List of UID Matching (C.2.2.2.2), also used for lists of code strings such as ModalitiesInStudy=CT,MR. */
    record AnyOf(IndexedAttribute attribute, List<String> values) implements OnAttribute {
    }

    /** Wild Card Matching (C.2.2.2.4): {@code *} any sequence of characters, {@code ?} any single character. */
    record Wildcard(IndexedAttribute attribute, String pattern) implements OnAttribute {
    }

    /**
     * Range Matching (C.2.2.2.5) on DA or TM values, both bounds inclusive, either may be null. Bounds are
     * comparable with the stored strings character by character (see the parser for how TM bounds are widened).
     */
    record Range(IndexedAttribute attribute, String lower, String upper) implements OnAttribute {
    }

    /**
     * Fuzzy person name matching (PS3.18 8.3.4.2 leaves the algorithm to the server): every word given must be
     * the start of some word of the name, in any component and any order, ignoring case.
     */
    record FuzzyName(IndexedAttribute attribute, List<String> words) implements OnAttribute {
    }

    /**
     * A key on an attribute the index does not hold but the standard requires us to accept, such as
     * RequestAttributesSequence.RequestedProcedureID: no entity has a value for it, so a non-empty key matches none.
     */
    record MatchesNothing(String key) implements MatchCondition {
    }
}
