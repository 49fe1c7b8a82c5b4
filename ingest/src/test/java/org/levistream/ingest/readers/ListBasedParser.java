package org.levistream.ingest.readers;

import java.util.ArrayList;
import java.util.List;

import org.levistream.schemas.domain.InteractionEvent;

/**
 * The joined-CSV row parser as it was before {@link JoinedCsvRows}: a list of field strings per line, then the
 * field parsers and the record's builder. Kept, unchanged, as the specification the fast parser is tested against.
 */
final class ListBasedParser {
    private ListBasedParser() {
    }

    static InteractionEvent parse(String line, int[] col, int width) throws RowException {
        List<String> f = split(line, true);
        if (f.size() != width) {
            throw new RowException(RejectReason.UNPARSEABLE, "has " + f.size() + " fields but the header has " + width);
        }
        InteractionEvent.Builder event = InteractionEvent.builder(
                Fields.required(field(f, col[4], width), "userId"),
                Fields.required(field(f, col[0], width), "movieId"),
                Fields.rating(field(f, col[5], width)),
                Fields.epochSeconds(field(f, col[6], width), "timestamp"));
        String year = field(f, col[2], width);
        return event.title(blankToNull(field(f, col[1], width)))
                .releaseYear(year == null ? null : Fields.intValue(year, "year"))
                .genres(Genres.pipeSeparated(field(f, col[3], width)))
                .build();
    }

    static List<String> split(String line, boolean bareNaIsNull) throws RowException {
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
                fields.add(bareNaIsNull && Csv.R_NA.equals(field) ? null : field);
                i = end < 0 ? n : end;
            }
            if (i >= n) {
                return fields;
            }
            i++;
            if (i == n) {
                fields.add("");
                return fields;
            }
        }
    }

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

    private static String field(List<String> fields, int index, int headerWidth) throws RowException {
        if (index >= fields.size()) {
            throw new RowException(RejectReason.UNPARSEABLE,
                    "has " + fields.size() + " fields but the header has " + headerWidth);
        }
        return fields.get(index);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
