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

    /** The earliest event time a record can carry: 0001-01-01T00:00:00Z, in seconds since 1970. */
    static final long MIN_EPOCH_SECOND = -62_135_596_800L;
    /** The latest: 9999-12-31T23:59:59Z. Beyond it, milliseconds would overflow downstream and stop the run. */
    static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    /** Unix time in whole seconds. */
    static Instant epochSeconds(String value, String field) throws RowException {
        return epochSeconds(longValue(value, field), field);
    }

    /** Unix time already read as a number; {@link RejectReason#VALUE_OUT_OF_RANGE} outside the years 1 to 9999. */
    static Instant epochSeconds(long seconds, String field) throws RowException {
        if (seconds < MIN_EPOCH_SECOND || seconds > MAX_EPOCH_SECOND) {
            throw new RowException(RejectReason.VALUE_OUT_OF_RANGE, field + " was " + seconds + " but must be in ["
                    + MIN_EPOCH_SECOND + ", " + MAX_EPOCH_SECOND + "] (seconds since 1970, years 1 to 9999)");
        }
        return Instant.ofEpochSecond(seconds);
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
