package io.tessera.deid;

/** The action codes of PS3.15 E.1.1 used in Table E.1-1. */
public enum DeidAction {
    /** Replace with a non-zero length dummy value consistent with the VR. */
    D("D"),
    /** Replace with a zero length value. */
    Z("Z"),
    /** Remove. */
    X("X"),
    /** Keep (sequences are still processed item by item). */
    K("K"),
    /** Clean: keep only what is known not to identify (see docs/deidentification.md for what that means here). */
    C("C"),
    /** Replace with a UID that is consistent across the collection. */
    U("U"),
    X_Z("X/Z"),
    X_D("X/D"),
    X_Z_D("X/Z/D"),
    X_Z_U("X/Z/U*"),
    Z_D("Z/D");

    private final String code;

    DeidAction(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /**
     * The single action applied for a compound one. Without knowing the attribute's Type in every IOD that may
     * hold it, the member that keeps any IOD conformant wins: D for Type 1, Z for Type 2, U for UID sequences.
     */
    public DeidAction resolved() {
        return switch (this) {
            case X_Z -> Z;
            case X_D, X_Z_D, Z_D -> D;
            case X_Z_U -> U;
            default -> this;
        };
    }

    public static DeidAction ofCode(String code) {
        for (DeidAction action : values()) {
            if (action.code.equals(code)) {
                return action;
            }
        }
        throw new IllegalArgumentException("not an action code of PS3.15 Table E.1-1: " + code);
    }
}
