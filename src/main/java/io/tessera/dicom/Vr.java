package io.tessera.dicom;

/**
 * Value Representations of PS3.5 6.2, with what the codec needs to encode and decode each one.
 */
public enum Vr {
    AE(Kind.TEXT, false, ' '),
    AS(Kind.TEXT, false, ' '),
    AT(Kind.BINARY, false, 0),
    CS(Kind.TEXT, false, ' '),
    DA(Kind.TEXT, false, ' '),
    DS(Kind.TEXT, false, ' '),
    DT(Kind.TEXT, false, ' '),
    FD(Kind.BINARY, false, 0),
    FL(Kind.BINARY, false, 0),
    IS(Kind.TEXT, false, ' '),
    LO(Kind.TEXT, false, ' '),
    LT(Kind.TEXT, false, ' '),
    OB(Kind.BINARY, true, 0),
    OD(Kind.BINARY, true, 0),
    OF(Kind.BINARY, true, 0),
    OL(Kind.BINARY, true, 0),
    OV(Kind.BINARY, true, 0),
    OW(Kind.BINARY, true, 0),
    PN(Kind.TEXT, false, ' '),
    SH(Kind.TEXT, false, ' '),
    SL(Kind.BINARY, false, 0),
    SQ(Kind.SEQUENCE, true, 0),
    SS(Kind.BINARY, false, 0),
    ST(Kind.TEXT, false, ' '),
    SV(Kind.BINARY, true, 0),
    TM(Kind.TEXT, false, ' '),
    UC(Kind.TEXT, true, ' '),
    UI(Kind.TEXT, false, 0),
    UL(Kind.BINARY, false, 0),
    UN(Kind.BINARY, true, 0),
    UR(Kind.TEXT, true, ' '),
    US(Kind.BINARY, false, 0),
    UT(Kind.TEXT, true, ' '),
    UV(Kind.BINARY, true, 0);

    /** How a value of this VR is held. */
    public enum Kind { TEXT, BINARY, SEQUENCE }

    private static final Vr[] BY_CODE = new Vr[0x10000];

    static {
        for (Vr vr : values()) {
            BY_CODE[vr.code()] = vr;
        }
    }

    private final Kind kind;
    private final boolean longHeader;
    private final byte padding;

    Vr(Kind kind, boolean longHeader, int padding) {
        this.kind = kind;
        this.longHeader = longHeader;
        this.padding = (byte) padding;
    }

    public Kind kind() {
        return kind;
    }

    /** True where Explicit VR encoding uses 2 reserved bytes and a 32-bit length (PS3.5 7.1.2). */
    public boolean longHeader() {
        return longHeader;
    }

    /** Byte used to pad a value to even length (PS3.5 6.2). */
    public byte padding() {
        return padding;
    }

    public boolean isText() {
        return kind == Kind.TEXT;
    }

    /** The two ASCII characters as a big-endian 16-bit number, as they appear in an Explicit VR header. */
    public int code() {
        String name = name();
        return (name.charAt(0) << 8) | name.charAt(1);
    }

    /** Size in bytes of one binary value, or 0 for VRs without a fixed size. */
    public int bytesPerValue() {
        return switch (this) {
            case AT, FL, SL, UL, OF, OL -> 4;
            case FD, OD, SV, UV, OV -> 8;
            case SS, US, OW -> 2;
            case OB, UN -> 1;
            default -> 0;
        };
    }

    /** The VR for the two header bytes {@code b0 b1}, or null if they name none. */
    public static Vr ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
