package io.tessera.render;

/**
 * One frame as native (uncompressed) pixel data, as Explicit VR Little Endian carries it (PS3.5 8.1.1):
 * samples little-endian in containers of Bits Allocated, packed bits for Bits Allocated 1.
 *
 * @param photometric         the Photometric Interpretation of these bytes, which may differ from the stored
 *                            one: a decoded YBR_FULL_422 or YBR_ICT frame is YBR_FULL or RGB
 * @param planarConfiguration 0 (color-by-pixel) or 1 (color-by-plane)
 */
public record NativeFrame(byte[] bytes, String photometric, int planarConfiguration) {
}
