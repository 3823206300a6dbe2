package io.tessera.dicomweb;

import jakarta.ws.rs.core.Response.Status;
import java.util.regex.Pattern;

/** UID syntax of PS3.5 9.1: digits and dots, components without leading zeros, at most 64 characters. */
public final class Uids {
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

    private Uids() {
    }

    public static boolean isValid(String uid) {
        return uid != null && !uid.isEmpty() && uid.length() <= 64 && UID.matcher(uid).matches();
    }

    /** Returns the UID or refuses the request with 400, before the value reaches a query or a key. */
    public static String require(String uid, String what) {
        if (!isValid(uid)) {
            throw new DicomWebException(Status.BAD_REQUEST, "Invalid " + what + ": not a DICOM UID");
        }
        return uid;
    }
}
