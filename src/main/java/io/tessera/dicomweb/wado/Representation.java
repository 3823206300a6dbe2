package io.tessera.dicomweb.wado;

import io.tessera.dicom.TransferSyntax;
import io.tessera.render.Transcoder;

/**
 * The form a WADO-RS response takes: a media type, multipart/related or a single body, and the transfer syntax
 * asked for ({@link #AS_STORED} for "*", which PS3.18 8.7.3.5.2 defines as "as stored, no transcoding").
 */
record Representation(WadoMediaType type, boolean multipart, String transferSyntax) {
    static final String AS_STORED = "*";

    /**
     * Whether data stored in {@code storedSyntax} can be sent as is. Uncompressed little-endian pixel data has the
     * same bytes whether its data set was Implicit or Explicit VR, so octet-stream frames serve either.
     */
    boolean serves(String storedSyntax) {
        if (AS_STORED.equals(transferSyntax)) {
            return !type.isCompressed() || type.carries(storedSyntax);
        }
        return transferSyntax.equals(storedSyntax)
                || (type == WadoMediaType.OCTET_STREAM && type.carries(transferSyntax) && type.carries(storedSyntax));
    }

    /** Whether data stored in {@code storedSyntax} is sent decoded: not served as is, but decodable into this. */
    boolean decodes(String storedSyntax) {
        return !serves(storedSyntax) && type.producible(transferSyntax) && Transcoder.canTranscode(storedSyntax);
    }

    /** Why data stored in {@code storedSyntax} can be sent neither as is nor decoded (for a 406). */
    String refusal(String storedSyntax) {
        String stored = describe(storedSyntax);
        if (AS_STORED.equals(transferSyntax)) {
            return type.essence() + " cannot carry data stored as " + stored;
        }
        if (!type.producible(transferSyntax)) {
            return "Tessera does not encode " + type.essence() + " in " + describe(transferSyntax)
                    + " (it only decodes, to Explicit VR Little Endian); the data is stored as " + stored;
        }
        return "the data is stored as " + stored + ", which Tessera cannot decode";
    }

    /** The transfer-syntax parameter for data stored in {@code storedSyntax}: never "*" (OHIF reads it). */
    String syntaxLabel(String storedSyntax) {
        return AS_STORED.equals(transferSyntax) ? storedSyntax : transferSyntax;
    }

    /** Content-Type of one part (or of a single-part body) holding data stored in {@code storedSyntax}. */
    String contentType(String storedSyntax) {
        return type.essence() + "; transfer-syntax=" + syntaxLabel(storedSyntax);
    }

    private static String describe(String uid) {
        TransferSyntax syntax = TransferSyntax.of(uid);
        return syntax.isKnown() ? syntax.name() + " (" + uid + ")" : uid;
    }
}
