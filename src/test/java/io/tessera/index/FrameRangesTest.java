package io.tessera.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.dicom.io.ByteRange;
import io.tessera.dicom.io.Frame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameRangesTest {

    @Test
    void nativeFramesRoundTripInAFewBytesEach() {
        List<Frame> frames = new ArrayList<>();
        long frameLength = 512L * 512 * 2;
        for (int i = 0; i < 1000; i++) {
            frames.add(new Frame(List.of(new ByteRange(1_234 + i * frameLength, frameLength))));
        }
        byte[] encoded = FrameRanges.encode(frames);
        assertEquals(frames, FrameRanges.decode(encoded));
        assertTrue(encoded.length < 6 * frames.size(), encoded.length + " bytes");
    }

    @Test
    void fragmentedAndOutOfOrderRangesRoundTrip() {
        List<Frame> frames = List.of(
                new Frame(List.of(new ByteRange(5_000_000_000L, 10), new ByteRange(5_000_000_018L, 7))),
                new Frame(List.of(new ByteRange(100, 3))),
                new Frame(List.of()));
        assertEquals(frames, FrameRanges.decode(FrameRanges.encode(frames)));
        assertEquals(List.of(), FrameRanges.decode(FrameRanges.encode(List.of())));
    }

    @Test
    void corruptInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FrameRanges.decode(new byte[]{1, 5, 1}));
        assertThrows(IllegalArgumentException.class, () -> FrameRanges.decode(new byte[]{9}));
        assertThrows(IllegalArgumentException.class, () -> FrameRanges.decode(new byte[0]));
    }
}
