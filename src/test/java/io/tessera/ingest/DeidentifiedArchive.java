package io.tessera.ingest;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.tessera.deid.PhiCorpus;
import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;
import io.tessera.dicom.json.DicomJsonReader;
import io.tessera.dicom.json.JsonReadOptions;
import io.tessera.dicom.io.DicomWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A de-identifying collection under test: made fresh, fed through STOW-RS, read back through DICOMweb. */
final class DeidentifiedArchive {
    static final String ADMIN = "Bearer test-admin-token";
    static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";

    final String slug;

    private DeidentifiedArchive(String slug) {
        this.slug = slug;
    }

    /** A new collection with the Basic Profile and these options. */
    static DeidentifiedArchive create(List<String> options, boolean publishBurnedIn) {
        String slug = "deid-" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("title", "De-identification test " + slug, "deidentification",
                        Map.of("profile", "basic", "options", options, "publishBurnedIn", publishBurnedIn)))
                .put("/api/collections/" + slug)
                .then().statusCode(201);
        return new DeidentifiedArchive(slug);
    }

    String root() {
        return "/dicomweb/collections/" + slug;
    }

    /** Stores the instances in one request; the response must be 200 or 202. */
    Response store(List<byte[]> instances) {
        String boundary = "deid-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] instance : instances) {
            body.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(instance);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return given().header("Authorization", ADMIN)
                .contentType("multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .body(body.toByteArray())
                .post(root() + "/studies")
                .then().extract().response();
    }

    /** QIDO-RS or metadata results (a JSON array of data sets) at {@code path} under the collection's root. */
    List<Dataset> query(String path) {
        return datasets(given().get(root() + path).then().statusCode(200).extract().asByteArray());
    }

    /** Metadata names Pixel Data by BulkDataURI; the tests read the attributes only. */
    private static final JsonReadOptions IGNORING_BULK_DATA =
            JsonReadOptions.DEFAULTS.withBulkData((uri, path, vr) -> new byte[0]);

    static List<Dataset> datasets(byte[] json) {
        try {
            return new DicomJsonReader(new ByteArrayInputStream(json), IGNORING_BULK_DATA).readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dataset dataset(byte[] json) {
        try {
            return new DicomJsonReader(new ByteArrayInputStream(json), JsonReadOptions.DEFAULTS).read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link PhiCorpus} with markers starting with {@code marker}, as tiny CT images, plus a Secondary Capture of
     * patient 1 without Burned In Annotation (to be quarantined) when {@code withScreenshot}.
     */
    static List<byte[]> corpus(String marker, boolean withScreenshot) {
        List<Dataset> datasets = new ArrayList<>(PhiCorpus.corpus(marker));
        if (withScreenshot) {
            Dataset screenshot = PhiCorpus.corpus(marker).get(0);
            screenshot.putStrings(Tags.SOPClassUID, Vr.UI, SECONDARY_CAPTURE);
            screenshot.putStrings(Tags.SOPInstanceUID, Vr.UI, "1.2.826.0.1.3680043.2.1125.7.7");
            screenshot.putStrings(Tags.SeriesInstanceUID, Vr.UI, "1.2.826.0.1.3680043.2.1125.7");
            screenshot.putStrings(Tags.Modality, Vr.CS, "OT");
            screenshot.remove(Tags.BurnedInAnnotation);
            datasets.add(screenshot);
        }
        return datasets.stream().map(DeidentifiedArchive::asImage).toList();
    }

    /** The data set as a tiny 4x4 CT image file. */
    static byte[] asImage(Dataset dataset) {
        dataset.put(Tags.SamplesPerPixel, Vr.US, unsignedShort(1));
        dataset.putStrings(Tags.PhotometricInterpretation, Vr.CS, "MONOCHROME2");
        dataset.put(Tags.Rows, Vr.US, unsignedShort(4));
        dataset.put(Tags.Columns, Vr.US, unsignedShort(4));
        dataset.put(Tags.BitsAllocated, Vr.US, unsignedShort(8));
        dataset.put(Tags.BitsStored, Vr.US, unsignedShort(8));
        dataset.put(Tags.HighBit, Vr.US, unsignedShort(7));
        dataset.put(Tags.PixelRepresentation, Vr.US, unsignedShort(0));
        byte[] pixels = new byte[16];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 16);
        }
        dataset.put(Tags.PixelData, Vr.OB, new Value.Bytes(pixels));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new DicomWriter(out).write(new Dataset(), dataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Value unsignedShort(int value) {
        return new Value.Bytes(new byte[]{(byte) value, (byte) (value >>> 8)});
    }
}
