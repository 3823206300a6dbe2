package io.tessera.dicom.io;

import io.tessera.dicom.Vr;

/** Converts binary values between big- and little-endian in place (the conversion is its own inverse). */
final class ByteSwap {
    private ByteSwap() {
    }

    /** Width of the units to reverse for a VR: AT is two 16-bit numbers (PS3.5 6.2), text and OB/UN need none. */
    static int unit(Vr vr) {
        return vr == Vr.AT ? 2 : vr.bytesPerValue();
    }

    /** Reverses each {@code unit}-byte group of {@code bytes[from, to)}; a trailing partial group is left as is. */
    static void swap(byte[] bytes, int from, int to, int unit) {
        if (unit < 2) {
            return;
        }
        for (int i = from; i + unit <= to; i += unit) {
            for (int lo = i, hi = i + unit - 1; lo < hi; lo++, hi--) {
                byte t = bytes[lo];
                bytes[lo] = bytes[hi];
                bytes[hi] = t;
            }
        }
    }
}
