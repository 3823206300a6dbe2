package io.tessera.dicomweb.wado;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Strong entity tags of metadata responses (RFC 9110 8.8.3), computed from the index rows alone so that a
 * revalidation (If-None-Match, 304) never reads metadata. The tag covers what the bytes depend on: which
 * instances, their content (SHA-256 of the stored object), the URL the BulkDataURIs are made absolute with, and
 * the content coding.
 */
final class MetadataETag {
    private MetadataETag() {
    }

    static String of(List<StoredInstance> instances, WadoUrls urls, boolean gzip) {
        MessageDigest digest = sha256();
        digest.update((urls.root() + (gzip ? "|gzip|" : "|identity|")).getBytes(StandardCharsets.UTF_8));
        for (StoredInstance instance : instances) {
            digest.update((instance.id() + ":" + instance.sha256() + ";").getBytes(StandardCharsets.US_ASCII));
        }
        return "\"" + HexFormat.of().formatHex(digest.digest(), 0, 16) + "\"";
    }

    /** If-None-Match (RFC 9110 13.1.2): "*" or any listed tag, compared weakly. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
