package io.tessera.render;

import java.util.Locale;
import java.util.Optional;

/** The image media types rendered resources answer with (PS3.18 8.7.4, Table 8.7.4-1), JPEG the default. */
public enum ImageFormat {
    JPEG("image/jpeg", "jpeg"), PNG("image/png", "png"), GIF("image/gif", "gif");

    private final String mediaType;
    private final String imageIoName;

    ImageFormat(String mediaType, String imageIoName) {
        this.mediaType = mediaType;
        this.imageIoName = imageIoName;
    }

    public String mediaType() {
        return mediaType;
    }

    String imageIoName() {
        return imageIoName;
    }

    public static Optional<ImageFormat> byMediaType(String essence) {
        String lower = essence.toLowerCase(Locale.ROOT);
        for (ImageFormat format : values()) {
            if (format.mediaType.equals(lower)) {
                return Optional.of(format);
            }
        }
        return lower.equals("image/jpg") || lower.equals("image/pjpeg") ? Optional.of(JPEG) : Optional.empty();
    }
}
