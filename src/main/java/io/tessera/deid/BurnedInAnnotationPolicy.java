package io.tessera.deid;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.Tags;

/**
 * Which instances may show identifying text in their pixels, which no attribute-level profile removes: they
 * need the Clean Pixel Data Option (a person or a tool reviewing the pixels) before they can be published.
 */
public final class BurnedInAnnotationPolicy {
    private static final String SECONDARY_CAPTURE_PREFIX = "1.2.840.10008.5.1.4.1.1.7";
    private static final String ULTRASOUND_PREFIX = "1.2.840.10008.5.1.4.1.1.6.";
    private static final String RETIRED_ULTRASOUND_MULTIFRAME = "1.2.840.10008.5.1.4.1.1.3.1";

    private BurnedInAnnotationPolicy() {
    }

    /**
     * True when Burned In Annotation (0028,0301) says YES, or is absent from a Secondary Capture or Ultrasound
     * instance: screenshots and ultrasound scanners commonly write patient details into the image.
     */
    public static boolean mayCarryBurnedInText(Dataset dataset) {
        String burnedIn = dataset.string(Tags.BurnedInAnnotation);
        if (burnedIn != null) {
            return burnedIn.equalsIgnoreCase("YES");
        }
        String sopClass = dataset.string(Tags.SOPClassUID);
        return sopClass != null && (sopClass.startsWith(SECONDARY_CAPTURE_PREFIX)
                || sopClass.startsWith(ULTRASOUND_PREFIX) || sopClass.equals(RETIRED_ULTRASOUND_MULTIFRAME));
    }
}
