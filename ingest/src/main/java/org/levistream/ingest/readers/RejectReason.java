package org.levistream.ingest.readers;

import java.util.Locale;

/** Why a source row was not turned into a record. A small, fixed set: usable as a metric tag and a header value. */
public enum RejectReason {
    /** The row is not in the format's syntax (bad number, bad JSON, wrong field count, unclosed quote). */
    UNPARSEABLE,
    /** The line is not well-formed UTF-8 (a text source read as UTF-8); it is kept with U+FFFD for each bad byte. */
    INVALID_UTF8,
    /** A required field is absent or empty. */
    MISSING_FIELD,
    /** The rating is outside [0.5, 5] (infinities included). */
    RATING_OUT_OF_RANGE,
    /** The rating is NaN. */
    NAN,
    /** The image, or the row of pixel values, is not of the size the source or the reader expects. */
    UNKNOWN_IMAGE_SIZE,
    /** The label is outside [0, number of classes). */
    LABEL_OUT_OF_RANGE,
    /** A value is outside its field's range: a pixel beyond 0..16 in the digits CSV, a time beyond the year 9999. */
    VALUE_OUT_OF_RANGE,
    /** The image file could not be decoded. */
    UNDECODABLE_IMAGE,
    /** The row names an item that its source's item file does not have. */
    UNKNOWN_ITEM,
    /** An item file names the same item twice; the first row wins. */
    DUPLICATE_ITEM,
    /** The source ends in the middle of a record (cut-off download, truncated gzip); nothing after it is read. */
    TRUNCATED;

    /** The reason as a lowercase dotted tag, e.g. {@code rating.out.of.range}: metric tags and header values. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
