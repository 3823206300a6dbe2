package io.tessera.dicomweb.rendered;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.io.DicomReader;
import io.tessera.dicom.io.DicomWriter;
import io.tessera.render.RenderWindowingTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Rendered and thumbnail resources end to end: instances stored through STOW-RS, images read back over HTTP. */
@QuarkusTest
class RenderedResourceTest {
    private static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    static String newUid() {
        UUID uuid = UUID.randomUUID();
        return "2.25." + new BigInteger(1, ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
    }

    /** Stores a Part 10 instance under new study, series and SOP UIDs; returns its instance path. */
    static String store(byte[] part10, String study, String series, int instanceNumber) throws Exception {
        var file = new DicomReader(new ByteArrayInputStream(part10)).read();
        Dataset ds = file.dataset();
        String sop = newUid();
        ds.putStrings(Tags.StudyInstanceUID, io.tessera.dicom.Vr.UI, study);
        ds.putStrings(Tags.SeriesInstanceUID, io.tessera.dicom.Vr.UI, series);
        ds.putStrings(Tags.SOPInstanceUID, io.tessera.dicom.Vr.UI, sop);
        ds.putStrings(Tags.InstanceNumber, io.tessera.dicom.Vr.IS, String.valueOf(instanceNumber));
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        TransferSyntax syntax = file.transferSyntax();
        new DicomWriter(encoded).write(new Dataset(), ds, syntax.encapsulated() ? syntax
                : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("--rendertest\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        body.write(encoded.toByteArray());
        body.write("\r\n--rendertest--\r\n".getBytes(StandardCharsets.US_ASCII));
        int status = given().header("Authorization", "Bearer test-admin-token")
                .contentType("multipart/related; type=\"application/dicom\"; boundary=rendertest")
                .body(body.toByteArray()).post("/dicomweb/studies").statusCode();
        assertEquals(200, status, "STOW of a test instance");
        return "/dicomweb/studies/" + study + "/series/" + series + "/instances/" + sop;
    }

    static BufferedImage image(Response response) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(response.asByteArray()));
    }

    @Test
    void renderedInstanceMatchesReferenceWindowing() throws Exception {
        String study = newUid();
        String path = store(RenderWindowingTest.ctInstance("MONOCHROME1", true, 0, 40, 400), study, newUid(), 1);
        Response png = given().accept("image/png").get(path + "/rendered");
        assertEquals(200, png.statusCode(), png.asString());
        assertEquals("image/png", png.contentType());
        double mean = RenderWindowingTest.meanDifference(image(png), true, 0, 40, 400, true);
        assertTrue(mean <= 1, "PNG mean |diff| " + mean);

        Response jpeg = given().get(path + "/rendered");
        assertEquals(200, jpeg.statusCode());
        assertEquals("image/jpeg", jpeg.contentType());
        assertTrue(RenderWindowingTest.meanDifference(image(jpeg), true, 0, 40, 400, true) <= 2);

        Response windowed = given().accept("image/png").queryParam("window", "500,2000,linear").get(path + "/rendered");
        assertTrue(RenderWindowingTest.meanDifference(image(windowed), true, 0, 500, 2000, true) <= 1);

        Response frame = given().queryParam("accept", "image/gif").get(path + "/frames/1/rendered");
        assertEquals("image/gif", frame.contentType());
        assertEquals(RenderWindowingTest.SIZE, image(frame).getWidth());
    }

    @Test
    void viewportAndThumbnailsAtEveryLevel() throws Exception {
        String study = newUid();
        String series = newUid();
        for (int n = 1; n <= 3; n++) {
            store(RenderWindowingTest.ctInstance("MONOCHROME2", false, -1024, 40, 400), study, series, n);
        }
        String studyPath = "/dicomweb/studies/" + study;
        BufferedImage fitted = image(given().queryParam("viewport", "64,32").get(studyPath + "/rendered"));
        assertEquals(32, fitted.getWidth());
        assertEquals(32, fitted.getHeight());
        for (String level : new String[] {studyPath, studyPath + "/series/" + series}) {
            Response thumbnail = given().accept("image/jpeg").get(level + "/thumbnail");
            assertEquals(200, thumbnail.statusCode(), level);
            assertEquals(RenderedResource.THUMBNAIL_SIZE, image(thumbnail).getWidth());
            Response ohif = given().accept("image/jpeg").queryParam("viewport", "256,256").get(level + "/thumbnail");
            assertEquals(256, image(ohif).getWidth());
            assertEquals(200, given().get(level + "/rendered").statusCode());
        }
    }

    @Test
    void compressedInstancesRender() throws Exception {
        for (String name : new String[] {"MR_small_RLE.dcm", "SC_rgb_jpeg_dcmtk.dcm", "MR_small_jp2klossless.dcm",
                "SC_rgb_rle_2frame.dcm", "SC_rgb_dcmtk_+eb+cy+s2.dcm"}) {
            String path = store(Files.readAllBytes(PYDICOM.resolve(name)), newUid(), newUid(), 1);
            Response response = given().accept("image/png").get(path + "/rendered");
            assertEquals(200, response.statusCode(), name + ": " + response.asString());
            assertTrue(image(response).getWidth() > 0, name);
        }
        String multiframe = store(Files.readAllBytes(PYDICOM.resolve("SC_rgb_rle_2frame.dcm")), newUid(), newUid(), 1);
        assertEquals(200, given().get(multiframe + "/frames/2/rendered").statusCode());
        assertEquals(404, given().get(multiframe + "/frames/3/rendered").statusCode());
        assertEquals(400, given().get(multiframe + "/frames/0/rendered").statusCode());
        String jpegLs = store(Files.readAllBytes(PYDICOM.resolve("MR_small_jpeg_ls_lossless.dcm")), newUid(), newUid(), 1);
        Response refused = given().get(jpegLs + "/rendered");
        assertEquals(406, refused.statusCode());
        assertTrue(refused.asString().contains("JPEG-LS"), refused.asString());
    }

    @Test
    void refusals() throws Exception {
        String study = newUid();
        String path = store(RenderWindowingTest.ctInstance("MONOCHROME2", true, 0, 40, 400), study, newUid(), 1);
        assertEquals(406, given().accept("application/dicom").get(path + "/rendered").statusCode());
        assertEquals(406, given().accept("image/jp2").get(path + "/thumbnail").statusCode());
        assertEquals(200, given().accept("application/dicom, image/*;q=0.5").get(path + "/rendered").statusCode());
        assertEquals(404, given().get("/dicomweb/studies/" + newUid() + "/rendered").statusCode());
        assertEquals(404, given().get("/dicomweb/studies/" + study + "/series/" + newUid() + "/thumbnail").statusCode());
        assertEquals(400, given().get("/dicomweb/studies/not-a-uid/rendered").statusCode());
        assertEquals(400, given().queryParam("window", "40").get(path + "/rendered").statusCode());
        assertEquals(400, given().queryParam("window", "40,400,cubic").get(path + "/rendered").statusCode());
        assertEquals(400, given().queryParam("viewport", "0,10").get(path + "/rendered").statusCode());
        assertEquals(400, given().queryParam("quality", "101").get(path + "/rendered").statusCode());
        String report = store(Files.readAllBytes(PYDICOM.resolve("reportsi.dcm")), newUid(), newUid(), 1);
        Response sr = given().get(report + "/rendered");
        assertEquals(406, sr.statusCode());
        assertTrue(sr.asString().contains("no pixel data"), sr.asString());
    }
}
