package io.tessera.ingest;

import io.tessera.dicom.Tag;
import io.tessera.dicom.json.AttributePath;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The BulkDataURIs in precomputed metadata ({@code instance.metadata_gz}) and how to read them back.
 *
 * <p>Stored URIs are relative to the instance's URL ({@code {root}/studies/{st}/series/{se}/instances/{sop}/}):
 * {@code bulkdata/} followed by the {@link AttributePath} form, tags as 8 upper-case hex digits and item indices from
 * 0, e.g. {@code bulkdata/7FE00010} for Pixel Data or {@code bulkdata/00540016/0/00181072} for a value inside the
 * first item of a sequence. They are relative so that the stored metadata does not depend on the host, the scheme or
 * the DICOMweb root a client comes through.
 *
 * <p>Whoever serves metadata must make them absolute (OHIF resolves a relative {@code bulkdata/...} against the
 * study, not the instance). The JSON writer puts no whitespace between tokens, so every stored URI begins with
 * exactly {@link #STORED_PREFIX}, and that byte sequence cannot occur inside a JSON string value (its quotes would be
 * escaped): inserting the instance's absolute URL after {@code "BulkDataURI":"} while streaming is enough.
 */
public final class BulkDataPaths {
    /** Relative URI prefix of every stored BulkDataURI. */
    public static final String RELATIVE_PREFIX = "bulkdata/";
    /** The bytes (UTF-8) that start every BulkDataURI in stored metadata, up to the relative path. */
    public static final String STORED_PREFIX = "\"BulkDataURI\":\"" + RELATIVE_PREFIX;
    /** Binary values longer than this many bytes get a BulkDataURI; shorter ones stay InlineBinary. */
    public static final int INLINE_BINARY_LIMIT = 1024;

    private static final Pattern PATH = Pattern.compile("([0-9A-Fa-f]{8}/(0|[1-9][0-9]{0,8})/)*[0-9A-Fa-f]{8}");

    private BulkDataPaths() {
    }

    /** The relative BulkDataURI of the value at {@code path}. */
    public static String uriFor(AttributePath path) {
        return RELATIVE_PREFIX + path;
    }

    /**
     * Parses the part after {@code bulkdata/} (as in a request {@code .../instances/{sop}/bulkdata/{path}}), or
     * returns null if it is not an attribute path.
     */
    public static AttributePath parse(String path) {
        if (path == null || !PATH.matcher(path).matches()) {
            return null;
        }
        String[] segments = path.split("/");
        List<AttributePath.Item> items = new ArrayList<>();
        for (int i = 0; i + 1 < segments.length; i += 2) {
            items.add(new AttributePath.Item(Tag.parseHex(segments[i]), Integer.parseInt(segments[i + 1])));
        }
        return new AttributePath(items, Tag.parseHex(segments[segments.length - 1]));
    }
}
