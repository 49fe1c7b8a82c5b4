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
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                StringBuilder field = new StringBuilder();
                i = quoted(line, i + 1, field);
                fields.add(field.toString());
                if (i < n && line.charAt(i) != ',') {
                    throw new RowException(RejectReason.UNPARSEABLE,
                            "text after a closing quote at column " + (i + 1));
                }
            } else {
                int end = line.indexOf(',', i);
                String field = line.substring(i, end < 0 ? n : end);
                fields.add(bareNaIsNull && R_NA.equals(field) ? null : field);
                i = end < 0 ? n : end;
            }
            if (i >= n) {
                return fields;
            }
            i++;                         // past the comma; a trailing comma yields one more, empty, field
            if (i == n) {
                fields.add("");
                return fields;
            }
        }
    }

    /** Reads a quoted field from just after its opening quote; returns the index just after the closing quote. */
    private static int quoted(String line, int from, StringBuilder field) throws RowException {
        int i = from;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            field.append(c);
            i++;
        }
        throw new RowException(RejectReason.UNPARSEABLE, "a quoted field opened at column " + from + " is not closed");
    }

    /**
     * The column index of each of {@code required} in a header line (case-insensitive, byte-order mark ignored).
     * Throws {@link InvalidSourceException} naming the missing columns: a file without them is not this format.
     */
    static int[] columns(String header, String file, String... required) {
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
        int[] indices = new int[required.length];
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < required.length; k++) {
            indices[k] = names.indexOf(required[k].toLowerCase(Locale.ROOT));
            if (indices[k] < 0) {
                missing.add(required[k]);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidSourceException(file + " header '" + header + "' lacks the column(s) " + missing
                    + "; expected " + String.join(",", required));
        }
        return indices;
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
