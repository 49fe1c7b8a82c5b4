package org.levistream.ingest.readers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.levistream.schemas.domain.InteractionEvent;

/** Field parsers shared by the text formats; each failure names the field and the value. */
final class Fields {
    private Fields() {
    }

    /** The trimmed value; {@link RejectReason#MISSING_FIELD} when null or blank. */
    static String required(String value, String field) throws RowException {
        if (value == null || value.isBlank()) {
            throw new RowException(RejectReason.MISSING_FIELD, field + " is missing");
        }
        return value.strip();
    }

    /** A rating on the 0.5-5 scale: the reasons distinguish missing, unparseable, NaN and out of range. */
    static float rating(String value) throws RowException {
        String text = required(value, "rating");
        float rating;
        try {
            rating = Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw new RowException(RejectReason.UNPARSEABLE, "rating '" + text + "' is not a number");
        }
        return checkRating(rating, text);
    }

    /** Checks a rating already read as a number. */
    static float checkRating(double rating, String asWritten) throws RowException {
        if (Double.isNaN(rating)) {
            throw new RowException(RejectReason.NAN, "rating is NaN");
        }
        if (!InteractionEvent.isValidRating((float) rating)) {
            throw new RowException(RejectReason.RATING_OUT_OF_RANGE, "rating was " + asWritten + " but must be in ["
                    + InteractionEvent.MIN_RATING + ", " + InteractionEvent.MAX_RATING + "]");
        }
        return (float) rating;
    }

    /** Unix time in whole seconds. */
    static Instant epochSeconds(String value, String field) throws RowException {
        return Instant.ofEpochSecond(longValue(value, field));
    }

    static long longValue(String value, String field) throws RowException {
        String text = required(value, field);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new RowException(RejectReason.UNPARSEABLE, field + " '" + text + "' is not a whole number");
        }
    }

    static int intValue(String value, String field) throws RowException {
        long n = longValue(value, field);
        if (n != (int) n) {
            throw new RowException(RejectReason.UNPARSEABLE, field + " '" + value.strip() + "' is too large");
        }
        return (int) n;
    }

    /** Splits on a literal delimiter (one or more characters), keeping empty fields, trailing ones included. */
    static List<String> split(String line, String delimiter) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        int at;
        while ((at = line.indexOf(delimiter, start)) >= 0) {
            fields.add(line.substring(start, at));
            start = at + delimiter.length();
        }
        fields.add(line.substring(start));
        return fields;
    }

    /** Splits and requires at least {@code count} fields, naming the format in the message. */
    static List<String> split(String line, String delimiter, int count, String format) throws RowException {
        List<String> fields = split(line, delimiter);
        if (fields.size() < count) {
            throw new RowException(RejectReason.UNPARSEABLE, "has " + fields.size() + " fields but " + format
                    + " needs " + count + " separated by '" + delimiter + "'");
        }
        return fields;
    }
}
