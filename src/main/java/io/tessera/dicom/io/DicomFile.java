package io.tessera.dicom.io;

import io.tessera.dicom.Dataset;
import io.tessera.dicom.TransferSyntax;

/**
 * What {@link DicomReader#read()} returns.
 *
 * @param fileMeta       group 0002 as read (empty when the stream has no file meta information)
 * @param dataset        the data set, binary values little-endian whatever the transfer syntax
 * @param transferSyntax the syntax of the data set: from the file meta, or guessed from its first element
 * @param pixelData      where the top-level Pixel Data lies, or null when there is none
 */
public record DicomFile(Dataset fileMeta, Dataset dataset, TransferSyntax transferSyntax, PixelDataInfo pixelData) {
}
