package io.tessera.collections;

import io.tessera.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The entries of a collection archive: {@code slug/LICENSE}, {@code slug/CITATION}, {@code slug/clinical.csv} when the
 * collection has a clinical table (the rows of the archive's patients or studies; for a published version, from the
 * table it was published with), every selected instance at its
 * download path (sizes and CRC-32s from the index, bytes from the store), and last {@code slug/SHA256SUMS}, whose
 * size and CRC-32 are added up while the instances go by, so one pass over the index lays out the whole archive.
 * A published version with withdrawn instances also gets {@code slug/WITHDRAWN.txt} before SHA256SUMS: one line per
 * tombstone (path, when, note) in place of the file (docs/versions.md).
 */
final class ArchiveEntries implements DeterministicZip.Entries {
    /** Changes whenever the archive's bytes would change for the same content: part of the ETag. */
    private static final String LAYOUT_VERSION = "tessera-archive-1";

    private final DownloadSelection selection;
    private final DownloadIndex index;
    private final BlobStore store;
    private final byte[] license;
    private final byte[] citation;
    private final byte[] clinical;
    private byte[] listingDigest;
    /** Null when the archive has no WITHDRAWN.txt, so that the ETag is what it was before withdrawals existed. */
    private byte[] withdrawnDigest;

    /** @param clinical the clinical table's CSV, or null when the collection has none */
    ArchiveEntries(DownloadSelection selection, DownloadIndex index, BlobStore store, String license,
                   String citation, String clinical) {
        this.selection = selection;
        this.index = index;
        this.store = store;
        this.license = license.getBytes(StandardCharsets.UTF_8);
        this.citation = citation.getBytes(StandardCharsets.UTF_8);
        this.clinical = clinical == null ? null : clinical.getBytes(StandardCharsets.UTF_8);
    }

    /** The archive's length and strong ETag, from one pass over the index. */
    record Plan(long length, String etag) {
    }

    Plan plan(DeterministicZip zip) throws IOException {
        long length = zip.length(this);
        MessageDigest etag = sha256();
        etag.update(LAYOUT_VERSION.getBytes(StandardCharsets.US_ASCII));
        etag.update(license);
        etag.update(citation);
        if (clinical != null) {
            etag.update(clinical);
        }
        etag.update(listingDigest);
        if (withdrawnDigest != null) {
            etag.update(withdrawnDigest);
        }
        return new Plan(length, "\"" + HexFormat.of().formatHex(etag.digest()) + "\"");
    }

    @Override
    public void forEach(DeterministicZip.EntrySink sink) throws IOException {
        String folder = selection.collection().slug + "/";
        sink.accept(bytesEntry(folder + "LICENSE", license));
        sink.accept(bytesEntry(folder + "CITATION", citation));
        if (clinical != null) {
            sink.accept(bytesEntry(folder + "clinical.csv", clinical));
        }
        CRC32 sumsCrc = new CRC32();
        MessageDigest sumsDigest = sha256();
        long[] sumsSize = {0};
        index.forEach(selection, item -> {
            byte[] line = checksumLine(item);
            sumsCrc.update(line);
            sumsDigest.update(line);
            sumsSize[0] += line.length;
            sink.accept(new DeterministicZip.Entry(item.path(), item.size(), item.crc32(),
                    (offset, length, out) -> copy(item, offset, length, out)));
        });
        listingDigest = sumsDigest.digest();
        CRC32 withdrawnCrc = new CRC32();
        MessageDigest withdrawn = sha256();
        long[] withdrawnSize = {0};
        index.forEachWithdrawn(selection, tombstone -> {
            byte[] line = withdrawnLine(tombstone);
            withdrawnCrc.update(line);
            withdrawn.update(line);
            withdrawnSize[0] += line.length;
        });
        withdrawnDigest = withdrawnSize[0] == 0 ? null : withdrawn.digest();
        if (withdrawnDigest != null) {
            sink.accept(new DeterministicZip.Entry(folder + "WITHDRAWN.txt", withdrawnSize[0],
                    withdrawnCrc.getValue(), this::writeWithdrawn));
        }
        sink.accept(new DeterministicZip.Entry(folder + "SHA256SUMS", sumsSize[0], sumsCrc.getValue(),
                this::writeChecksums));
    }

    /** sha256sum's format, paths relative to the collection folder: {@code cd slug && sha256sum -c SHA256SUMS}. */
    private static byte[] checksumLine(DownloadItem item) {
        return (item.sha256() + "  " + item.pathInCollection() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Tab-separated: path below the collection folder, withdrawal time (UTC), note on one line. */
    private static byte[] withdrawnLine(DownloadIndex.VersionItem tombstone) {
        return (tombstone.item().pathInCollection() + "\t" + tombstone.withdrawnAt() + "\t"
                + tombstone.note().replaceAll("\\s+", " ").strip() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void writeWithdrawn(long offset, long length, OutputStream out) throws IOException {
        ByteWindow window = new ByteWindow(out, offset, offset + length);
        index.forEachWithdrawn(selection, tombstone -> window.write(withdrawnLine(tombstone)));
    }

    private void copy(DownloadItem item, long offset, long length, OutputStream out) throws IOException {
        try (InputStream in = store.getRange(item.objectKey(), offset, length)) {
            in.transferTo(out);
        }
    }

    private void writeChecksums(long offset, long length, OutputStream out) throws IOException {
        ByteWindow window = new ByteWindow(out, offset, offset + length);
        index.forEach(selection, item -> window.write(checksumLine(item)));
    }

    private static DeterministicZip.Entry bytesEntry(String name, byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        return new DeterministicZip.Entry(name, content.length, crc.getValue(),
                (offset, length, out) -> out.write(content, (int) offset, (int) length));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
