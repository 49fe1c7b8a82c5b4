package org.levistream.ingest.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class CsvLineTest {
    private static CsvLine split(String line) throws RowException {
        return new CsvLine(true).split(line);
    }

    @Test
    void splitsBareAndQuotedFieldsAndUndoublesQuotes() throws RowException {
        var row = split("1,\"American President, The\",\"\"\"Cats\"\" (1998)\",a\"b,,x");

        assertThat(row.texts()).containsExactly("1", "American President, The", "\"Cats\" (1998)", "a\"b", "", "x");
        assertThat(row.isPlain(1)).isTrue();
        assertThat(row.isPlain(2)).isFalse();
    }

    @Test
    void readsBareNaAsMissingOnlyWhenAskedAndNeverQuotedNa() throws RowException {
        assertThat(split("NA,\"NA\",NAN,na").texts()).containsExactly(null, "NA", "NAN", "na");
        assertThat(new CsvLine(false).split("NA,\"NA\"").texts()).containsExactly("NA", "NA");
    }

    @Test
    void givesAnEmptyLineOneEmptyFieldAndATrailingCommaOneMore() throws RowException {
        assertThat(split("").texts()).containsExactly("");
        assertThat(split("a,").texts()).containsExactly("a", "");
        assertThat(split("\"a\",").texts()).containsExactly("a", "");
    }

    @Test
    void splitsEveryLineAsTheListBasedSplitterDid() {
        var random = new SplittableRandom(5);
        char[] alphabet = {'a', ',', '"', 'N', 'A', ' ', '\u00e9'};
        var row = new CsvLine(true);
        for (int k = 0; k < 100_000; k++) {
            var text = new StringBuilder();
            for (int n = random.nextInt(14); n > 0; n--) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String line = text.toString();
            assertThat(outcome(() -> row.split(line).texts())).as(line)
                    .isEqualTo(outcome(() -> ListBasedParser.split(line, true)));
        }
    }

    @Test
    void rejectsAnUnclosedQuoteAndTextAfterAClosingQuote() {
        assertThatThrownBy(() -> split("1,\"open,2")).isInstanceOf(RowException.class)
                .hasMessage("a quoted field opened at column 3 is not closed");
        assertThatThrownBy(() -> split("\"a\"b,2")).isInstanceOf(RowException.class)
                .hasMessage("text after a closing quote at column 4");
    }

    @FunctionalInterface
    private interface Split {
        List<String> run() throws RowException;
    }

    private static String outcome(Split split) {
        try {
            return "fields " + split.run();
        } catch (RowException e) {
            return "rejected " + e.reason() + ": " + e.getMessage();
        }
    }

    @Test
    void reusedForTheNextLineForgetsThePreviousOne() throws RowException {
        var row = new CsvLine(false);
        row.split("a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t");   // more fields than it starts with room for

        assertThat(row.split("x,y").texts()).containsExactly("x", "y");
        assertThatThrownBy(() -> row.field(2, 7)).isInstanceOf(RowException.class)
                .hasMessage("has 2 fields but the header has 7");
    }

    @Test
    void readsEveryRatingWithUpToSevenDigitsExactlyAsParseFloatDoes() throws RowException {
        var random = new SplittableRandom(11);
        var row = new CsvLine(false);
        for (int k = 0; k < 200_000; k++) {
            int digits = random.nextInt(1, 8);
            String mantissa = String.format(Locale.ROOT, "%0" + digits + "d", random.nextInt((int) Math.pow(10, digits)));
            int point = random.nextInt(1, digits + 1);   // digits before the point; all of them: no point
            String text = point == digits ? mantissa : mantissa.substring(0, point) + "." + mantissa.substring(point);
            if (Float.parseFloat(text) >= 0.5f && Float.parseFloat(text) <= 5f) {
                assertThat(Float.floatToRawIntBits(row.split(text).rating(0, 1)))
                        .as(text).isEqualTo(Float.floatToRawIntBits(Float.parseFloat(text)));
            }
        }
    }

    @Test
    void leavesUnusualNumbersToTheFieldParsersWithTheirMessages() throws RowException {
        var row = new CsvLine(false);

        assertThat(row.split("4.5000001").rating(0, 1)).isEqualTo(Float.parseFloat("4.5000001"));
        assertThat(row.split("+3").rating(0, 1)).isEqualTo(3f);
        assertThat(row.split("5.").rating(0, 1)).isEqualTo(5f);
        assertThat(row.split("\" 2.5 \"").rating(0, 1)).isEqualTo(2.5f);
        assertThat(row.split("+42").wholeNumber(0, 1, "timestamp")).isEqualTo(42L);
        assertThat(row.split("-42").wholeNumber(0, 1, "timestamp")).isEqualTo(-42L);
        assertThat(row.split("\u0664\u0662").wholeNumber(0, 1, "timestamp")).isEqualTo(42L);   // Arabic-Indic digits
        assertThat(row.split("9223372036854775807").wholeNumber(0, 1, "timestamp")).isEqualTo(Long.MAX_VALUE);
        assertThat(row.split(" 1995 ").intNumber(0, 1, "year")).isEqualTo(1995);
        assertThatThrownBy(() -> row.split("2147483648").intNumber(0, 1, "year"))
                .hasMessage("year '2147483648' is too large");
        assertThatThrownBy(() -> row.split("9223372036854775808").wholeNumber(0, 1, "timestamp"))
                .hasMessage("timestamp '9223372036854775808' is not a whole number");
        assertThatThrownBy(() -> row.split("0.49").rating(0, 1)).hasMessage("rating was 0.49 but must be in [0.5, 5.0]");
        assertThatThrownBy(() -> row.split("NaN").rating(0, 1)).hasMessage("rating is NaN");
        assertThatThrownBy(() -> row.split(" ").rating(0, 1)).hasMessage("rating is missing");
    }

    @Test
    void stripsRequiredTextOnlyWhenItHasBlanksAround() throws RowException {
        var row = new CsvLine(false);

        assertThat(row.split("\" u1 \",u2,\"u\"\"3\"").required(0, 3, "userId")).isEqualTo("u1");
        assertThat(row.required(1, 3, "userId")).isEqualTo("u2");
        assertThat(row.required(2, 3, "userId")).isEqualTo("u\"3");
        assertThatThrownBy(() -> row.split("\"  \"").required(0, 1, "userId")).hasMessage("userId is missing");
    }

    @Test
    void comparesAndHashesPlainFieldsInPlaceLikeTheirText() throws RowException {
        var row = split("Drama|Comedy,\"Drama|Comedy\",\"a\"\"b\",NA");

        assertThat(row.textHash(0)).isEqualTo("Drama|Comedy".hashCode()).isEqualTo(row.textHash(1));
        assertThat(row.textEquals(1, "Drama|Comedy")).isTrue();
        assertThat(row.textEquals(1, "Drama|Comed")).isFalse();
        assertThat(Arrays.asList(row.isPlain(2), row.isPlain(3))).containsExactly(false, false);
    }
}
