package io.tessera.dicom.json;

import io.tessera.dicom.Tag;

import java.util.List;

/**
 * Where an attribute sits in a data set: the sequence items leading to it (outermost first) and its own tag.
 * {@link #toString()} gives a form fit for a URI path, e.g. {@code 00400275/0/0020000D} (item indices from 0).
 */
public record AttributePath(List<Item> items, int tag) {

    /** Item {@code index} (from 0) of the sequence {@code sequenceTag}. */
    public record Item(int sequenceTag, int index) {
    }

    public AttributePath {
        items = List.copyOf(items);
    }

    public static AttributePath of(int tag) {
        return new AttributePath(List.of(), tag);
    }

    @Override
    public String toString() {
        StringBuilder path = new StringBuilder();
        for (Item item : items) {
            path.append(Tag.toHex(item.sequenceTag())).append('/').append(item.index()).append('/');
        }
        return path.append(Tag.toHex(tag)).toString();
    }
}
