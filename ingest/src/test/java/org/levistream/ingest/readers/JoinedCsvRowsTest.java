package org.levistream.ingest.readers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.levistream.schemas.domain.InteractionEvent;

@Timeout(30)
class JoinedCsvRowsTest {
    private static final String[] USERS = {"1", "73", " 2 ", "", "  ", "NA", "\"NA\"", "\"7\"", "\"a\"\"b\"", "u\u00e9"};
    private static final String[] RATINGS = {"3", "3.5", "0.5", "5.0", "5", "4.25", "5.01", "0.4", "0", "NaN",
        "Infinity", "-1", "+3", "3.", ".5", "1e0", "3f", "three", "", "NA", "\"4\"", " 4 ", "\"\"", "4.50000001",
        "0000004", "00000004.5", "2.5e0", "\u0663"};
    private static final String[] TIMES = {"1260759144", "0", "", "NA", "-5", "+5", "12345678901234567890",
        "9223372036854775807", "999999999999999999", "soon", " 7 ", "\"99\"", "\u0661\u0662"};
    private static final String[] YEARS = {"1995", "NA", "", "\"NA\"", "abc", "99999999999", "-5", " 2001 ",
        "2147483648", "0012", "\"1999\""};
    private static final String[] TITLES = {"\"Movie number 7, the sequel\"", "NA", "\"\"", "  ", "plain",
        "\"a \"\"quoted\"\" one\"", "\"NA\"", "\"  padded  \""};
    private static final String[] GENRES = {"\"Drama\"", "Comedy|Romance", "\"(no genres listed)\"", "NA", "\"\"",
        "\" Drama | Drama \"", "Children's|unknown", "\"A||B\"", "\"Action|Adventure|Sci-Fi\"", "\"x\"\"y\""};
    private static final String[] MOVIES = {"31", "108583", "", "NA", "\" 9 \"", "\"m\"\"1\""};

    @Test
    void readsEveryRowExactlyAsTheListBasedParserDid() {
        var random = new SplittableRandom(2024);
        // The standard header, and one in another order with an extra column the parser must skip.
        String[][] headers = {
            {"movieId", "title", "year", "genres", "userId", "rating", "timestamp"},
            {"userId", "rating", "extra", "timestamp", "genres", "year", "title", "movieId"}};
        for (String[] header : headers) {
            Csv.Header parsed = Csv.header(String.join(",", header), "test.csv", JoinedCsvRows.columns());
            int[] col = parsed.columns();
            int width = parsed.width();
            var fast = new JoinedCsvRows(parsed);
            for (int k = 0; k < 50_000; k++) {
                String line = mangle(row(random, header), random);
                assertThat(outcome(() -> fast.parse(line, 2))).as(line)
                        .isEqualTo(outcome(() -> ListBasedParser.parse(line, col, width)));
            }
        }
    }

    @Test
    void sharesOneGenreListBetweenRowsThatSpellItAlike() throws RowException {
        var parser = new JoinedCsvRows(new Csv.Header(new int[] {0, 1, 2, 3, 4, 5, 6}, 7));

        InteractionEvent a = parser.parse("1,\"A\",1995,\"Drama|Comedy\",1,4,1", 2);
        InteractionEvent b = parser.parse("2,\"B\",1996,Drama|Comedy,2,4,1", 3);

        assertThat(a.genres()).containsExactly("Drama", "Comedy").isSameAs(b.genres());
    }

    private static String row(SplittableRandom random, String[] header) {
        List<String> fields = new ArrayList<>();
        for (String column : header) {
            fields.add(switch (column) {
                case "movieId" -> pick(random, MOVIES);
                case "title" -> pick(random, TITLES);
                case "year" -> pick(random, YEARS);
                case "genres" -> pick(random, GENRES);
                case "userId" -> pick(random, USERS);
                case "rating" -> pick(random, RATINGS);
                case "timestamp" -> pick(random, TIMES);
                default -> "x";
            });
        }
        return String.join(",", fields);
    }

    /** Now and then a broken line: cut short, an extra field, a trailing comma, an unclosed or misplaced quote. */
    private static String mangle(String line, SplittableRandom random) {
        return switch (random.nextInt(12)) {
            case 0 -> line.substring(0, random.nextInt(line.length() + 1));
            case 1 -> line + ",more";
            case 2 -> line + ",";
            case 3 -> "\"" + line;
            case 4 -> line.replaceFirst(",", "\"x,");
            default -> line;
        };
    }

    private static String pick(SplittableRandom random, String[] values) {
        // Mostly plain values, as real files are; the odd ones often enough to meet each other in a row.
        return random.nextInt(3) == 0 ? values[random.nextInt(values.length)] : values[random.nextInt(2)];
    }

    @FunctionalInterface
    private interface Parse {
        InteractionEvent run() throws Exception;
    }

    /** A row's outcome as a comparable string: the record, or the rejection's reason and message, or the failure. */
    private static String outcome(Parse parse) {
        try {
            return "accepted " + parse.run();
        } catch (RowException e) {
            return "rejected " + e.reason() + ": " + e.getMessage();
        } catch (Exception e) {
            return "failed " + e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static int max(int[] values) {
        int m = 0;
        for (int v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
