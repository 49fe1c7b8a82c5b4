package org.levistream.ingest.readers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.levistream.schemas.domain.InteractionEvent;

/**
 * One line of CSV, split in place: the grammar and errors of {@link Csv#parse}, but kept as the bounds of each field
 * within the line, with text made only for the fields asked for and numbers read straight from the line. One reader
 * reuses one instance line after line, so that a row costs only what its record keeps. Not thread-safe.
 *
 * <p>The typed accessors ({@link #required}, {@link #wholeNumber}, {@link #rating}) take the plain case fast: digits
 * and a decimal point, no blanks around, no escaped quotes. Anything else goes through {@link Fields} with the
 * field's text, so that odd values are read, and rejected with the same reason and message, as before.
 */
final class CsvLine {
    private static final int INITIAL_FIELDS = 16;
    /** Longest run of digits a {@code long} always holds. */
    private static final int MAX_LONG_DIGITS = 18;
    /** Longest run of digits an {@code int} always holds. */
    private static final int MAX_INT_DIGITS = 9;
    /** Ratings with more digits than this are not exact in a float's 24-bit significand: read them the long way. */
    private static final int MAX_EXACT_FLOAT_DIGITS = 7;
    private static final float[] POWERS_OF_TEN = {1f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f};

    // Field kinds: how the text between a field's bounds becomes its value.
    private static final byte BARE = 0;
    private static final byte BARE_NA = 1;
    private static final byte QUOTED = 2;
    private static final byte QUOTED_ESCAPED = 3;

    private final boolean bareNaIsNull;
    private String line = "";
    private int count;
    private int[] starts = new int[INITIAL_FIELDS];
    private int[] ends = new int[INITIAL_FIELDS];
    private byte[] kinds = new byte[INITIAL_FIELDS];

    /** @param bareNaIsNull whether an unquoted {@code NA} (R's missing value) reads as {@code null} */
    CsvLine(boolean bareNaIsNull) {
        this.bareNaIsNull = bareNaIsNull;
    }

    /** Splits {@code line}, replacing the previous one; a bad line throws as {@link Csv#parse} does. */
    CsvLine split(String line) throws RowException {
        this.line = line;
        count = 0;
        int i = 0;
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                i = quoted(i + 1);
                if (i < n && line.charAt(i) != ',') {
                    throw new RowException(RejectReason.UNPARSEABLE, "text after a closing quote at column " + (i + 1));
                }
            } else {
                int end = line.indexOf(',', i);
                end = end < 0 ? n : end;
                add(i, end, bareNaIsNull && end - i == 2 && line.startsWith(Csv.R_NA, i) ? BARE_NA : BARE);
                i = end;
            }
            if (i >= n) {
                return this;
            }
            i++;                         // past the comma; a trailing comma yields one more, empty, field
            if (i == n) {
                add(n, n, BARE);
                return this;
            }
        }
    }

    /** How many fields the line has. */
    int size() {
        return count;
    }

    /** The text of field {@code index} ({@code null} for a bare NA when those are missing values). */
    String text(int index) {
        return switch (kinds[index]) {
            case BARE_NA -> null;
            case QUOTED_ESCAPED -> unescape(starts[index], ends[index]);
            default -> line.substring(starts[index], ends[index]);
        };
    }

    /** Every field's text, as {@link Csv#parse} returns them. */
    List<String> texts() {
        List<String> fields = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            fields.add(text(k));
        }
        return fields;
    }

    /** {@link Csv#field}: the field's text, or a bad row when the line has fewer fields than the header. */
    String field(int index, int headerWidth) throws RowException {
        require(index, headerWidth);
        return text(index);
    }

    /** {@link Fields#required} of {@link #field}: the stripped text; missing when absent or blank. */
    String required(int index, int headerWidth, String name) throws RowException {
        require(index, headerWidth);
        if (isPlain(index) && ends[index] > starts[index] && isVisibleAscii(line.charAt(starts[index]))
                && isVisibleAscii(line.charAt(ends[index] - 1))) {
            return line.substring(starts[index], ends[index]);   // neither blank nor with anything to strip
        }
        return Fields.required(text(index), name);
    }

    /** {@link Fields#longValue} of {@link #field}. */
    long wholeNumber(int index, int headerWidth, String name) throws RowException {
        require(index, headerWidth);
        int digits = ends[index] - starts[index];
        if (isPlain(index) && digits > 0 && digits <= MAX_LONG_DIGITS) {
            long value = digitsValue(starts[index], ends[index]);
            if (value >= 0) {
                return value;
            }
        }
        return Fields.longValue(text(index), name);
    }

    /** {@link Fields#intValue} of {@link #field}. */
    int intNumber(int index, int headerWidth, String name) throws RowException {
        require(index, headerWidth);
        int digits = ends[index] - starts[index];
        if (isPlain(index) && digits > 0 && digits <= MAX_INT_DIGITS) {
            long value = digitsValue(starts[index], ends[index]);
            if (value >= 0) {
                return (int) value;
            }
        }
        return Fields.intValue(text(index), name);
    }

    /**
     * {@link Fields#rating} of {@link #field}. The fast case, up to seven digits with an optional decimal point, is
     * exact: the digits and the power of ten are both exact floats, so one float division rounds correctly, to what
     * {@link Float#parseFloat} gives.
     */
    float rating(int index, int headerWidth) throws RowException {
        require(index, headerWidth);
        float value = isPlain(index) ? plainDecimal(starts[index], ends[index]) : Float.NaN;
        return InteractionEvent.isValidRating(value) ? value : Fields.rating(text(index));
    }

    /** Whether field {@code index} is a missing value: a bare NA, when those are. */
    boolean isNull(int index) {
        return kinds[index] == BARE_NA;
    }

    /** Whether field {@code index} is plain and its text equals {@code key}, compared in place: for caches. */
    boolean textEquals(int index, String key) {
        int length = ends[index] - starts[index];
        return isPlain(index) && key.length() == length && line.regionMatches(starts[index], key, 0, length);
    }

    /** {@link String#hashCode()} of the field's text, for a plain field; -1 otherwise (escaped or NA). */
    int textHash(int index) {
        if (!isPlain(index)) {
            return -1;
        }
        int h = 0;
        for (int i = starts[index]; i < ends[index]; i++) {
            h = 31 * h + line.charAt(i);
        }
        return h;
    }

    /** Whether the field's text is its raw chars: no NA marker, no doubled quotes. */
    boolean isPlain(int index) {
        return kinds[index] == BARE || kinds[index] == QUOTED;
    }

    /** Throws {@link Csv#field}'s bad row when the line has no field {@code index}. */
    void require(int index, int headerWidth) throws RowException {
        if (index >= count) {
            throw new RowException(RejectReason.UNPARSEABLE,
                    "has " + count + " fields but the header has " + headerWidth);
        }
    }

    /** Reads a quoted field from just after its opening quote; returns the index just after the closing quote. */
    private int quoted(int from) throws RowException {
        boolean escaped = false;
        int i = from;
        int n = line.length();
        while (i < n) {
            if (line.charAt(i) == '"') {
                if (i + 1 < n && line.charAt(i + 1) == '"') {
                    escaped = true;
                    i += 2;
                    continue;
                }
                add(from, i, escaped ? QUOTED_ESCAPED : QUOTED);
                return i + 1;
            }
            i++;
        }
        throw new RowException(RejectReason.UNPARSEABLE, "a quoted field opened at column " + from + " is not closed");
    }

    private String unescape(int from, int to) {
        StringBuilder field = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            field.append(c);
            if (c == '"') {
                i++;                     // the second quote of a doubled pair
            }
        }
        return field.toString();
    }

    private void add(int start, int end, byte kind) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            kinds = Arrays.copyOf(kinds, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        kinds[count] = kind;
        count++;
    }

    /** The value of {@code [from, to)} when it is all ASCII digits (at most 18), else -1. */
    private long digitsValue(int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            int d = line.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** {@code digits[.digits]} with at most seven digits in all, exactly; NaN for anything else. */
    private float plainDecimal(int from, int to) {
        int mantissa = 0;
        int digits = 0;
        int point = -1;
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            if (c == '.' && point < 0 && digits > 0) {
                point = digits;
            } else if (c >= '0' && c <= '9' && digits < MAX_EXACT_FLOAT_DIGITS) {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
            } else {
                return Float.NaN;
            }
        }
        if (digits == 0 || point == digits) {
            return Float.NaN;            // empty, or a point with no digits after it
        }
        return point < 0 ? mantissa : mantissa / POWERS_OF_TEN[digits - point];
    }

    private static boolean isVisibleAscii(char c) {
        return c > ' ' && c < 0x7f;
    }
}
