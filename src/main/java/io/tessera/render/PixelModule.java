package io.tessera.render;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;
import java.util.List;
import java.util.Locale;

/**
 * The attributes of an instance that say how to read and display its pixel data: the Image Pixel Module
 * (PS3.3 C.7.6.3), the Modality LUT (rescale, C.11.1) and the VOI LUT (window, VOI LUT Sequence, C.11.2).
 *
 * @param windowCenters      Window Center values (several allowed; the first is used)
 * @param voiLut             the first item of the VOI LUT Sequence, or null
 * @param palette            the Palette Color lookup tables (PALETTE COLOR only), or null
 */
public record PixelModule(int rows, int columns, int samplesPerPixel, String photometric, int bitsAllocated,
                          int bitsStored, int highBit, boolean signed, int planarConfiguration, int numberOfFrames,
                          double rescaleSlope, double rescaleIntercept, double[] windowCenters, double[] windowWidths,
                          String voiLutFunction, Lut voiLut, Palette palette, String sopClassUid) {

    /** A lookup table (PS3.3 C.11.1.1.1): {@code data[i]} is the output of input {@code firstMapped + i}. */
    public record Lut(int firstMapped, int bits, int[] data) {
        public int lookup(double value) {
            int index = (int) Math.round(value) - firstMapped;
            return data[Math.max(0, Math.min(data.length - 1, index))];
        }
    }

    /** The three Palette Color lookup tables of PS3.3 C.7.6.3.1.5. */
    public record Palette(Lut red, Lut green, Lut blue) {
    }

    /** Reads the module from a data set (typically one read up to Pixel Data). */
    public static PixelModule of(Dataset ds) {
        int bitsAllocated = ds.intValue(Tags.BitsAllocated, 8);
        int bitsStored = ds.intValue(Tags.BitsStored, bitsAllocated);
        String photometric = ds.string(Tags.PhotometricInterpretation);
        photometric = photometric == null ? "MONOCHROME2" : photometric.trim().toUpperCase(Locale.ROOT);
        int frames = 1;
        List<String> framesText = ds.strings(Tags.NumberOfFrames);
        if (!framesText.isEmpty()) {
            try {
                frames = Math.max(1, Integer.parseInt(framesText.get(0).trim()));
            } catch (NumberFormatException bad) {
                frames = 1;
            }
        }
        double slope = first(safeDoubles(ds, Tags.RescaleSlope), 1);
        double intercept = first(safeDoubles(ds, Tags.RescaleIntercept), 0);
        if (slope == 0 || Double.isNaN(slope)) {
            slope = 1;
        }
        String function = ds.string(Tags.VOILUTFunction);
        Lut voiLut = null;
        List<Dataset> voiItems = ds.items(Tags.VOILUTSequence);
        if (!voiItems.isEmpty()) {
            voiLut = lut(voiItems.get(0), Tags.LUTDescriptor, Tags.LUTData);
        }
        Palette palette = null;
        if (photometric.equals("PALETTE COLOR")) {
            Lut red = lut(ds, Tags.RedPaletteColorLookupTableDescriptor, Tags.RedPaletteColorLookupTableData);
            Lut green = lut(ds, Tags.GreenPaletteColorLookupTableDescriptor, Tags.GreenPaletteColorLookupTableData);
            Lut blue = lut(ds, Tags.BluePaletteColorLookupTableDescriptor, Tags.BluePaletteColorLookupTableData);
            if (red != null && green != null && blue != null) {
                palette = new Palette(red, green, blue);
            }
        }
        return new PixelModule(ds.intValue(Tags.Rows, 0), ds.intValue(Tags.Columns, 0),
                ds.intValue(Tags.SamplesPerPixel, 1), photometric, bitsAllocated, bitsStored,
                ds.intValue(Tags.HighBit, bitsStored - 1), ds.intValue(Tags.PixelRepresentation, 0) == 1,
                ds.intValue(Tags.PlanarConfiguration, 0), frames, slope, intercept,
                safeDoubles(ds, Tags.WindowCenter), safeDoubles(ds, Tags.WindowWidth),
                function == null ? null : function.trim().toUpperCase(Locale.ROOT), voiLut, palette,
                ds.string(Tags.SOPClassUID));
    }

    public boolean isMonochrome() {
        return photometric.startsWith("MONOCHROME");
    }

    /** Bytes of one native frame (PS3.5 8.1.1; 1-bit frames are packed). */
    public int nativeFrameLength() {
        long bits = (long) rows * columns * samplesPerPixel * bitsAllocated;
        return Math.toIntExact((bits + 7) / 8);
    }

    /** The window of the data set: the first Window Center and Width, when present and usable. */
    public Window window() {
        if (windowCenters.length == 0 || windowWidths.length == 0 || !(windowWidths[0] > 0)) {
            return null;
        }
        return new Window(windowCenters[0], windowWidths[0], Window.Function.of(voiLutFunction));
    }

    private static double first(double[] values, double fallback) {
        return values.length > 0 ? values[0] : fallback;
    }

    private static double[] safeDoubles(Dataset ds, int tag) {
        try {
            return ds.doubles(tag);
        } catch (RuntimeException malformed) {
            return new double[0];
        }
    }

    /** A LUT from its descriptor (entries, first mapped, bits; 0 entries means 65536) and data (8 or 16 bit). */
    private static Lut lut(Dataset ds, int descriptorTag, int dataTag) {
        long[] descriptor;
        byte[] raw = ds.bytes(dataTag);
        try {
            descriptor = ds.longs(descriptorTag);
        } catch (RuntimeException malformed) {
            return null;
        }
        if (descriptor.length < 3 || raw == null) {
            return null;
        }
        int entries = descriptor[0] == 0 ? 65536 : (int) (descriptor[0] & 0xFFFF);
        // First mapped value is US or SS by Pixel Representation; the reader gives it as read.
        int firstMapped = (int) descriptor[1];
        int bits = (int) descriptor[2];
        int[] data = new int[entries];
        boolean eightBitPacked = bits <= 8 && raw.length < entries * 2;
        for (int i = 0; i < entries; i++) {
            if (eightBitPacked) {
                data[i] = i < raw.length ? raw[i] & 0xFF : 0;
            } else {
                int at = 2 * i;
                data[i] = at + 1 < raw.length ? (raw[at] & 0xFF) | (raw[at + 1] & 0xFF) << 8 : 0;
            }
        }
        return new Lut(firstMapped, bits, data);
    }
}
