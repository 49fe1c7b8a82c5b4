package org.levistream.ingest.readers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line of RFC 4180 CSV: fields separated by commas, optionally quoted with {@code "}, quotes inside doubled.
 * Quoted fields may not span lines (neither MovieLens nor R's {@code write.csv} of our data writes one), so an
 * unclosed quote is a bad row rather than a reason to read on.
 */
final class Csv {
    /** R's marker for a missing value, bare (unquoted) in the file. */
    static final String R_NA = "NA";

    private Csv() {
    }

    /**
     * The fields of {@code line}. With {@code bareNaIsNull}, an unquoted {@code NA} reads as {@code null}, while a
     * quoted {@code "NA"} stays the text NA.
     */
    static List<String> parse(String line, boolean bareNaIsNull) throws RowException {
        return new CsvLine(bareNaIsNull).split(line).texts();
    }

    /**
     * A header line's meaning for the rows below it.
     *
     * @param columns the index of each required column, in the order asked for
     * @param width   how many columns the header names: every row must have exactly as many fields
     */
    record Header(int[] columns, int width) {
        /** The bad row of a line with another number of fields than the header. */
        void requireWidth(int fields) throws RowException {
            if (fields != width) {
                throw new RowException(RejectReason.UNPARSEABLE, "has " + fields + " fields but the header has "
                        + width);
            }
        }
    }

    /**
     * The column index of each of {@code required} in a header line (case-insensitive, byte-order mark ignored).
     * Throws {@link InvalidSourceException} naming the missing columns: a file without them is not this format.
     * The message quotes the header only as far as it is printable text, never its raw bytes.
     */
    static Header header(String header, String file, String... required) {
        if (header == null) {
            throw new InvalidSourceException(file + " is empty; expected a header naming " + String.join(", ", required));
        }
        List<String> names = new ArrayList<>();
        try {
            for (String name : parse(header.startsWith("\uFEFF") ? header.substring(1) : header, false)) {
                names.add(name.strip().toLowerCase(Locale.ROOT));
            }
        } catch (RowException e) {
            throw new InvalidSourceException(file + " header is not CSV: " + e.getMessage());
        }
        int[] indices = new int[required.length];   // names.size() is the header's width
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < required.length; k++) {
            indices[k] = names.indexOf(required[k].toLowerCase(Locale.ROOT));
            if (indices[k] < 0) {
                missing.add(required[k]);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidSourceException(file + " header " + Printable.quote(header) + " lacks the column(s) "
                    + missing + "; expected " + String.join(",", required));
        }
        return new Header(indices, names.size());
    }

    /** The field at {@code index}, or a bad row when the line is too short. */
    static String field(List<String> fields, int index, int headerWidth) throws RowException {
        if (index >= fields.size()) {
            throw new RowException(RejectReason.UNPARSEABLE,
                    "has " + fields.size() + " fields but the header has " + headerWidth);
        }
        return fields.get(index);
    }
}
