package io.tessera.dicomweb.wado;

import io.tessera.dicomweb.DicomWebException;
import jakarta.ws.rs.core.Response.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * The {frames} path segment of Retrieve Frames: a comma-separated list of 1-based frame numbers (PS3.18 10.4.1.1.4,
 * 8.3.5 "frames"). Malformed lists are 400; numbers past the instance's frames are 404 (the resource does not exist).
 * Frames are sent in the order asked, repeats included.
 */
record FrameList(List<Integer> numbers) {
    private static final int MAX_FRAMES_PER_REQUEST = 10_000;

    FrameList {
        numbers = List.copyOf(numbers);
    }

    static FrameList parse(String text) {
        String[] items = text.split(",", -1);
        if (items.length > MAX_FRAMES_PER_REQUEST) {
            throw new DicomWebException(Status.BAD_REQUEST, "At most " + MAX_FRAMES_PER_REQUEST + " frames per request");
        }
        List<Integer> numbers = new ArrayList<>(items.length);
        for (String item : items) {
            String number = item.trim();
            if (!number.matches("[0-9]{1,9}") || Integer.parseInt(number) < 1) {
                throw new DicomWebException(Status.BAD_REQUEST,
                        "Invalid frame list \"" + text + "\": frame numbers are integers from 1, separated by commas");
            }
            numbers.add(Integer.parseInt(number));
        }
        return new FrameList(numbers);
    }

    /** All frames of an instance, for Pixel Data bulk data. */
    static FrameList all(int count) {
        List<Integer> numbers = new ArrayList<>(count);
        for (int number = 1; number <= count; number++) {
            numbers.add(number);
        }
        return new FrameList(numbers);
    }

    /** Refuses with 404 unless every number is a frame of an instance with {@code frameCount} frames. */
    void requireWithin(int frameCount) {
        for (int number : numbers) {
            if (number > frameCount) {
                throw new DicomWebException(Status.NOT_FOUND,
                        "Frame " + number + " does not exist: the instance has " + frameCount + " frame(s)");
            }
        }
    }
}
