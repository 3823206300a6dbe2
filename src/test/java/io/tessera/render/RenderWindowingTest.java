package io.tessera.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import io.tessera.dicom.TransferSyntax;
import io.tessera.dicom.Value;
import io.tessera.dicom.Vr;
import io.tessera.dicom.io.DicomFile;
import io.tessera.dicom.io.DicomReader;
import io.tessera.dicom.io.DicomWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rendered CT slices (MONOCHROME1 and 2, signed and unsigned 16-bit, with rescale and window) against a reference
 * windowing computed here from PS3.3 C.11.2.1.2.1, independently of {@link Window}: PNG within a mean absolute
 * difference of 1, JPEG within 2.
 */
public class RenderWindowingTest {
    public static final int SIZE = 96;

    /** A synthetic CT slice: air, a body disc of soft tissue and a bone ring, with a gentle gradient. */
    static short[] slice(boolean signed, double intercept) {
        short[] hu = new short[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double r = Math.hypot(x - SIZE / 2.0, y - SIZE / 2.0);
                double value = r > 40 ? -1000 : r > 34 ? 700 + 5 * (40 - r) : -100 + 4 * x + 2 * y;
                hu[y * SIZE + x] = (short) Math.round(value - intercept); // stored = HU - intercept (slope 1)
            }
        }
        return hu;
    }

    public static byte[] ctInstance(String photometric, boolean signed, double intercept, double center, double width)
            throws Exception {
        Dataset ds = new Dataset();
        ds.putStrings(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.putStrings(Tags.SOPInstanceUID, Vr.UI, "2.25.1" + (signed ? 1 : 2) + photometric.length());
        ds.putStrings(Tags.Modality, Vr.CS, "CT");
        ds.put(Tags.SamplesPerPixel, Vr.US, usValue(1));
        ds.putStrings(Tags.PhotometricInterpretation, Vr.CS, photometric);
        ds.put(Tags.Rows, Vr.US, usValue(SIZE));
        ds.put(Tags.Columns, Vr.US, usValue(SIZE));
        ds.put(Tags.BitsAllocated, Vr.US, usValue(16));
        ds.put(Tags.BitsStored, Vr.US, usValue(16));
        ds.put(Tags.HighBit, Vr.US, usValue(15));
        ds.put(Tags.PixelRepresentation, Vr.US, usValue(signed ? 1 : 0));
        ds.putStrings(Tags.WindowCenter, Vr.DS, String.valueOf(center), "500");
        ds.putStrings(Tags.WindowWidth, Vr.DS, String.valueOf(width), "2000");
        ds.putStrings(Tags.RescaleIntercept, Vr.DS, String.valueOf(intercept));
        ds.putStrings(Tags.RescaleSlope, Vr.DS, "1");
        short[] values = slice(signed, intercept);
        byte[] pixels = new byte[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            pixels[2 * i] = (byte) values[i];
            pixels[2 * i + 1] = (byte) (values[i] >> 8);
        }
        ds.put(Tags.PixelData, Vr.OW, new Value.Bytes(pixels));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out).write(new Dataset(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return out.toByteArray();
    }

    static byte[] us(int value) {
        return new byte[] {(byte) value, (byte) (value >> 8)};
    }

    static Value.Bytes usValue(int value) {
        return new Value.Bytes(us(value));
    }

    /** PS3.3 C.11.2.1.2.1 linear window, written out again here, to 0..255; MONOCHROME1 inverted. */
    static int reference(double hu, double center, double width, boolean monochrome1) {
        double lower = center - 0.5 - (width - 1) / 2;
        double upper = center - 0.5 + (width - 1) / 2;
        double y;
        if (hu <= lower) {
            y = 0;
        } else if (hu > upper) {
            y = 255;
        } else {
            y = ((hu - (center - 0.5)) / (width - 1) + 0.5) * 255;
        }
        return monochrome1 ? 255 - (int) Math.round(y) : (int) Math.round(y);
    }

    /** Mean absolute difference between a decoded image's gray levels and the reference windowing. */
    public static double meanDifference(BufferedImage image, boolean signed, double intercept, double center, double width,
                                 boolean monochrome1) {
        short[] stored = slice(signed, intercept);
        double sum = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int raw = stored[y * SIZE + x];
                int value = signed ? raw : raw & 0xFFFF;
                int expected = reference(value + intercept, center, width, monochrome1);
                int actual = image.getRaster().getSample(x, y, 0);
                sum += Math.abs(expected - actual);
            }
        }
        return sum / (SIZE * SIZE);
    }

    @ParameterizedTest
    @CsvSource({"MONOCHROME2,true,0,40,400", "MONOCHROME2,false,-1024,40,400", "MONOCHROME1,true,0,40,400",
            "MONOCHROME1,false,-1024,300,1500", "MONOCHROME2,false,-1024,-600,1"})
    void renderedImagesMatchReferenceWindowing(String photometric, boolean signed, double intercept, double center,
                                               double width) throws Exception {
        byte[] part10 = ctInstance(photometric, signed, intercept, center, width);
        DicomFile file = new DicomReader(new ByteArrayInputStream(part10)).read();
        PixelModule module = PixelModule.of(file.dataset());
        assertEquals(center, module.window().center()); // the first of several values
        NativeFrame frame = FrameDecoder.decode(module, file.transferSyntax(),
                Transcoder.bytesOf(part10, file.pixelData().frames().get(0)));
        BufferedImage rendered = Renderer.render(module, frame, null, null);
        boolean mono1 = photometric.equals("MONOCHROME1");
        for (ImageFormat format : new ImageFormat[] {ImageFormat.PNG, ImageFormat.JPEG, ImageFormat.GIF}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageEncoder.write(rendered, format, 95, out);
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
            assertEquals(SIZE, decoded.getWidth());
            double mean = meanDifference(decoded, signed, intercept, center, width, mono1);
            double tolerance = format == ImageFormat.JPEG ? 2 : 1;
            assertTrue(mean <= tolerance, format + " " + photometric + " signed=" + signed + ": mean |diff| " + mean);
        }
    }

    @ParameterizedTest
    @CsvSource({"MONOCHROME2,true", "MONOCHROME1,false"})
    void windowParameterReplacesTheInstancesWindow(String photometric, boolean signed) throws Exception {
        double intercept = signed ? 0 : -1024;
        byte[] part10 = ctInstance(photometric, signed, intercept, 40, 400);
        DicomFile file = new DicomReader(new ByteArrayInputStream(part10)).read();
        PixelModule module = PixelModule.of(file.dataset());
        NativeFrame frame = FrameDecoder.decode(module, file.transferSyntax(),
                Transcoder.bytesOf(part10, file.pixelData().frames().get(0)));
        BufferedImage rendered = Renderer.render(module, frame, Window.parse("500,2000,linear"), null);
        assertTrue(meanDifference(rendered, signed, intercept, 500, 2000, photometric.equals("MONOCHROME1")) <= 0.5);
    }

    @ParameterizedTest
    @CsvSource({"256,256,256,256", "64,32,32,32", "50,100,50,50"})
    void viewportFitsKeepingAspect(int vw, int vh, int width, int height) throws Exception {
        byte[] part10 = ctInstance("MONOCHROME2", true, 0, 40, 400);
        DicomFile file = new DicomReader(new ByteArrayInputStream(part10)).read();
        PixelModule module = PixelModule.of(file.dataset());
        NativeFrame frame = FrameDecoder.decode(module, file.transferSyntax(),
                Transcoder.bytesOf(part10, file.pixelData().frames().get(0)));
        BufferedImage image = Renderer.render(module, frame, null, Viewport.parse(vw + "," + vh));
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
    }
}
