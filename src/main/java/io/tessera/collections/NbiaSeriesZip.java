package io.tessera.collections;

import io.tessera.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;

/**
 * NBIA's getImage ZIP of one series: LICENSE first, the files named as NBIA names them ({@code 00000001.dcm}, or
 * {@code 1-001.dcm} with NewFileNames=Yes), and with IncludeMD5=yes {@code md5hashes.csv} last. MD5s are not in
 * the index, so they are computed while the files stream and that entry's CRC-32 follows it in a data descriptor;
 * its length is known up front all the same, so the ZIP's is too.
 */
final class NbiaSeriesZip implements DeterministicZip.Entries {
    private static final String MD5_HEADER = "Filename,MD5Hash\n";

    private final DownloadSelection series;
    private final DownloadIndex index;
    private final BlobStore store;
    private final byte[] license;
    private final boolean newFileNames;
    private final boolean md5;
    private final List<String> md5Lines = new ArrayList<>();

    NbiaSeriesZip(DownloadSelection series, DownloadIndex index, BlobStore store, String license,
                  boolean newFileNames, boolean md5) {
        this.series = series;
        this.index = index;
        this.store = store;
        this.license = license.getBytes(StandardCharsets.UTF_8);
        this.newFileNames = newFileNames;
        this.md5 = md5;
    }

    @Override
    public void forEach(DeterministicZip.EntrySink sink) throws IOException {
        CRC32 licenseCrc = new CRC32();
        licenseCrc.update(license);
        sink.accept(new DeterministicZip.Entry("LICENSE", license.length, licenseCrc.getValue(),
                (offset, length, out) -> out.write(license, (int) offset, (int) length)));
        int[] number = {0};
        long[] md5Size = {MD5_HEADER.length()};
        index.forEach(series, item -> {
            number[0]++;
            String name = newFileNames ? String.format("1-%03d.dcm", number[0]) : String.format("%08d.dcm", number[0]);
            md5Size[0] += name.length() + 1 + 32 + 1;
            sink.accept(new DeterministicZip.Entry(name, item.size(), item.crc32(),
                    (offset, length, out) -> copyHashing(item, name, offset, length, out)));
        });
        if (md5) {
            sink.accept(new DeterministicZip.Entry("md5hashes.csv", md5Size[0], null, (offset, length, out) -> {
                out.write(MD5_HEADER.getBytes(StandardCharsets.US_ASCII));
                for (String line : md5Lines) {
                    out.write(line.getBytes(StandardCharsets.US_ASCII));
                }
            }));
        }
    }

    /** getImage streams whole files in order, so each file's MD5 is complete when its copy ends. */
    private void copyHashing(DownloadItem item, String name, long offset, long length, OutputStream out)
            throws IOException {
        MessageDigest digest = md5();
        try (InputStream in = store.getRange(item.objectKey(), offset, length)) {
            in.transferTo(new DigestOutputStream(out, digest));
        }
        md5Lines.add(name + "," + HexFormat.of().formatHex(digest.digest()) + "\n");
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has MD5", e);
        }
    }
}
