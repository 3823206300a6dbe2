package io.tessera.dicom.io;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

/**
 * Real files with random byte flips, cuts and insertions: the reader returns or throws DicomException, never
 * another exception, never runs out of memory, never hangs.
 */
class MutationPropertyTest {
    private static final ReadOptions SMALL_LIMITS = ReadOptions.DEFAULTS.withMaxElementLength(256 << 10)
            .withMaxInflatedBytes(16 << 20);

    @Property(tries = 200)
    void mutatedFilesReadOrFailCleanly(@ForAll @IntRange(min = 0, max = 7) int sampleIndex, @ForAll long seed)
            throws IOException {
        byte[] input = mutate(HostileInputTest.sample(HostileInputTest.SAMPLES.get(sampleIndex)), new Random(seed));
        HostileInputTest.readOrReject(input, SMALL_LIMITS);
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original;
        int mutations = 1 + random.nextInt(8);
        for (int i = 0; i < mutations && bytes.length > 0; i++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> bytes = Arrays.copyOf(bytes, at);
                default -> {
                    byte[] inserted = new byte[1 + random.nextInt(16)];
                    random.nextBytes(inserted);
                    byte[] grown = new byte[bytes.length + inserted.length];
                    System.arraycopy(bytes, 0, grown, 0, at);
                    System.arraycopy(inserted, 0, grown, at, inserted.length);
                    System.arraycopy(bytes, at, grown, at + inserted.length, bytes.length - at);
                    bytes = grown;
                }
            }
        }
        return bytes;
    }
}
