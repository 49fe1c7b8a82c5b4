package org.levistream.ingest.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.levistream.ingest.readers.Fixtures.accepted;
import static org.levistream.ingest.readers.Fixtures.readAll;
import static org.levistream.ingest.readers.Fixtures.rejected;
import static org.levistream.ingest.readers.Fixtures.write;
import static org.levistream.ingest.readers.Fixtures.writeBytes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.schemas.domain.InteractionEvent;

@Timeout(20)
class MovieLensReadersTest {
    @TempDir
    Path dir;

    private static final String GENRE_FLAGS_CHILDREN_COMEDY = "|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0";

    @Nested
    class Ml100k {
        @Test
        void joinsRatingsWithLatin1ItemsAndNormalisesGenres() {
            Path data = write(dir, "u.data", "196\t1\t3\t881250949\n186\t2\t3.5\t891717742\n");
            Path item = write(dir, "u.item", "1|Toy Story (1995)|01-Jan-1995||http://x" + GENRE_FLAGS_CHILDREN_COMEDY + "\n"
                    + "2|Amélie (2001)|01-Jan-2001||http://y|0|0|0|0|0|0|0|0|1|0|0|0|0|0|1|0|0|0|0\n",
                    StandardCharsets.ISO_8859_1);

            var events = accepted(readAll(MovieLensReaders.ml100k(data, item)));

            assertThat(events).extracting(InteractionEvent::userId, InteractionEvent::itemId, InteractionEvent::rating,
                    InteractionEvent::eventTime).containsExactly(
                    tuple("196", "1", 3f, Instant.ofEpochSecond(881250949)),
                    tuple("186", "2", 3.5f, Instant.ofEpochSecond(891717742)));
            assertThat(events.get(0).title()).contains("Toy Story");
            assertThat(events.get(0).releaseYear()).hasValue(1995);
            assertThat(events.get(0).genres()).containsExactly("Animation", "Children", "Comedy");
            assertThat(events.get(1).title()).contains("Amélie");
            assertThat(events.get(1).genres()).containsExactly("Drama", "Romance");
        }

        @Test
        void reportsBadItemRowsFirstAndRatingsOfUnknownItems() {
            Path data = write(dir, "u.data", "1\t1\t4\t881250949\n1\t7\t4\t881250949\n");
            Path item = write(dir, "u.item", "1|Heat (1995)|01-Jan-1995||u" + GENRE_FLAGS_CHILDREN_COMEDY + "\n"
                    + "7|Short row|01-Jan-1995\n");

            var results = readAll(MovieLensReaders.ml100k(data, item));

            assertThat(rejected(results)).extracting(r -> r.position().toString(), RejectedRow::reason).containsExactly(
                    tuple(item + ":2", RejectReason.UNPARSEABLE),
                    tuple(data + ":2", RejectReason.UNKNOWN_ITEM));
            assertThat(results.get(0).isAccepted()).isFalse();     // the item file's problem comes first
            assertThat(accepted(results)).hasSize(1);
        }
    }

    @Test
    void readsMl1mDoubleColonFormat() {
        Path ratings = write(dir, "ratings.dat", "1::1193::5::978300760\n2::661::3::978302109\n");
        Path movies = write(dir, "movies.dat", "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n"
                + "661::James and the Giant Peach (1996)::Animation|Children's|Musical\n", StandardCharsets.ISO_8859_1);

        var events = accepted(readAll(MovieLensReaders.ml1m(ratings, movies)));

        assertThat(events).extracting(InteractionEvent::itemId).containsExactly("1193", "661");
        assertThat(events.get(0).title()).contains("One Flew Over the Cuckoo's Nest");
        assertThat(events.get(1).genres()).containsExactly("Animation", "Children", "Musical");
        assertThat(events.get(1).releaseYear()).hasValue(1996);
    }

    @Test
    void readsMlLatestWithQuotedTitlesAndHeaders() {
        Path ratings = write(dir, "ratings.csv", "userId,movieId,rating,timestamp\n1,11,4.0,964982703\n1,12,0.5,964982931\n");
        Path movies = write(dir, "movies.csv", "movieId,title,genres\n"
                + "11,\"American President, The (1995)\",Comedy|Drama|Romance\n"
                + "12,\"\"\"Great Performances\"\" Cats (1998)\",(no genres listed)\n");

        var events = accepted(readAll(MovieLensReaders.latest(ratings, movies)));

        assertThat(events).extracting(e -> e.title().orElseThrow()).containsExactly("American President, The",
                "\"Great Performances\" Cats");
        assertThat(events.get(0).genres()).containsExactly("Comedy", "Drama", "Romance");
        assertThat(events.get(1).genres()).isEmpty();
        assertThat(events.get(1).rating()).isEqualTo(0.5f);
    }

    @Nested
    class JoinedCsv {
        private static final String HEADER = "\"movieId\",\"title\",\"year\",\"genres\",\"userId\",\"rating\",\"timestamp\"\n";

        @Test
        void readsBareNaAsMissingButQuotedNaAsText() {
            Path csv = write(dir, "movielens.csv", HEADER
                    + "31,\"Dangerous Minds\",1995,\"Drama\",1,2.5,1260759144\n"
                    + "108583,NA,NA,\"Comedy\",73,5,1435472609\n"
                    + "9,\"NA\",2001,\"(no genres listed)\",2,3,1260759145\n");

            var events = accepted(readAll(MovieLensReaders.joinedCsv(csv)));

            assertThat(events).hasSize(3);
            assertThat(events.get(0).title()).contains("Dangerous Minds");
            assertThat(events.get(0).releaseYear()).hasValue(1995);
            assertThat(events.get(1).title()).isEmpty();
            assertThat(events.get(1).releaseYear()).isEqualTo(OptionalInt.empty());
            assertThat(events.get(1).rating()).isEqualTo(5f);
            assertThat(events.get(2).title()).contains("NA");
            assertThat(events.get(2).genres()).isEmpty();
        }

        @Test
        void rejectsBadRowsWithReasonAndLineAndReadsOn() {
            Path csv = write(dir, "movielens.csv", HEADER
                    + "1,\"A\",1995,\"Drama\",1,NaN,1260759144\n"          // line 2
                    + "1,\"A\",1995,\"Drama\",1,7,1260759144\n"            // line 3
                    + "1,\"A\",1995,\"Drama\",,3,1260759144\n"             // line 4
                    + "1,\"A\",1995,\"Drama\",1,three,1260759144\n"        // line 5
                    + "1,\"A,1995,\"Drama\",1,3,1260759144\n"              // line 6: unclosed quote
                    + "1,\"A\",1995\n"                                     // line 7: short
                    + "1,\"A\",1995,\"Drama\",1,NA,1260759144\n"           // line 8: bare NA rating
                    + "1,\"A\",1995,\"Drama\",1,0.4,1260759144\n"          // line 9
                    + "1,\"A\",1995,\"Drama\",1,4,soon\n"                  // line 10
                    + "1,\"A\",1995,\"Drama\",1,4,9999999999999999\n"      // line 11: past the year 9999
                    + "2,\"B\",1996,\"Horror\",9,4,1260759144\n");         // line 12: good

            var results = readAll(MovieLensReaders.joinedCsv(csv));

            assertThat(rejected(results)).extracting(r -> r.position().value(), RejectedRow::reason).containsExactly(
                    tuple(2L, RejectReason.NAN),
                    tuple(3L, RejectReason.RATING_OUT_OF_RANGE),
                    tuple(4L, RejectReason.MISSING_FIELD),
                    tuple(5L, RejectReason.UNPARSEABLE),
                    tuple(6L, RejectReason.UNPARSEABLE),
                    tuple(7L, RejectReason.UNPARSEABLE),
                    tuple(8L, RejectReason.MISSING_FIELD),
                    tuple(9L, RejectReason.RATING_OUT_OF_RANGE),
                    tuple(10L, RejectReason.UNPARSEABLE),
                    tuple(11L, RejectReason.VALUE_OUT_OF_RANGE));
            assertThat(rejected(results).get(9).message()).isEqualTo("timestamp was 9999999999999999 but must be in "
                    + "[-62135596800, 253402300799] (seconds since 1970, years 1 to 9999)");
            assertThat(rejected(results).get(1).message()).isEqualTo("rating was 7 but must be in [0.5, 5.0]");
            assertThat(rejected(results).get(1).rawText()).isEqualTo("1,\"A\",1995,\"Drama\",1,7,1260759144");
            assertThat(rejected(results).get(0).position().file()).isEqualTo(csv.toString());
            assertThat(accepted(results)).extracting(InteractionEvent::userId).containsExactly("9");
        }

        @Test
        void refusesAFileWithoutTheRequiredColumns() {
            Path csv = write(dir, "other.csv", "a,b,c\n1,2,3\n");

            assertThatThrownBy(() -> MovieLensReaders.joinedCsv(csv)).isInstanceOf(InvalidSourceException.class)
                    .hasMessageContaining("other.csv").hasMessageContaining("[movieId, title, year, genres, userId, rating, timestamp]");
        }
    }

    @Nested
    class BadInput {
        private static final String HEADER = "userId,movieId,rating,timestamp\n";

        @Test
        void rejectsARowWithMoreFieldsThanTheHeader() {
            Path csv = write(dir, "ratings.csv", HEADER + "1,11,4.0,964982703,extra\n2,11,3.0,964982704\n");

            var results = readAll(MovieLensReaders.latest(csv, null));

            assertThat(rejected(results)).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo(RejectReason.UNPARSEABLE);
                assertThat(r.message()).isEqualTo("has 5 fields but the header has 4");
                assertThat(r.position().value()).isEqualTo(2L);
            });
            assertThat(accepted(results)).extracting(InteractionEvent::userId).containsExactly("2");
        }

        @Test
        void rejectsALineThatIsNotUtf8AndReadsOn() {
            byte[] head = (HEADER + "u").getBytes(StandardCharsets.UTF_8);
            byte[] tail = ",11,4.0,964982703\n2,11,3.0,964982704\n".getBytes(StandardCharsets.UTF_8);
            byte[] bytes = new byte[head.length + 2 + tail.length];
            System.arraycopy(head, 0, bytes, 0, head.length);
            bytes[head.length] = (byte) 0xC3;
            bytes[head.length + 1] = 0x28;   // never valid after a two-byte lead
            System.arraycopy(tail, 0, bytes, head.length + 2, tail.length);
            Path csv = writeBytes(dir, "ratings.csv", bytes);

            var results = readAll(MovieLensReaders.latest(csv, null));

            assertThat(rejected(results)).singleElement().satisfies(r -> {
                assertThat(r.reason().tag()).isEqualTo("invalid.utf8");
                assertThat(r.message()).isEqualTo("the line is not valid UTF-8 (a malformed sequence at byte 1)");
            });
            assertThat(accepted(results)).extracting(InteractionEvent::userId).containsExactly("2");
        }

        @Test
        void refusesABinaryFileInOneShortLineWithoutItsBytes() {
            byte[] elf = new byte[2_000];
            elf[0] = 0x7f;
            elf[1] = 'E';
            elf[2] = 'L';
            elf[3] = 'F';
            for (int i = 4; i < elf.length; i++) {
                elf[i] = (byte) (i % 7 == 0 ? '\n' : i % 5);
            }
            Path binary = writeBytes(dir, "ls", elf);

            assertThatThrownBy(() -> MovieLensReaders.joinedCsv(binary))
                    .isInstanceOf(InvalidSourceException.class)
                    .hasMessage(binary + " is not a text file: byte 5 is NUL (binary data, or a compressed format "
                            + "other than gzip?)");
        }

        @Test
        void quotesAnUnexpectedHeaderShortAndPrintable() {
            Path csv = write(dir, "wide.csv", "a\u0007" + "b".repeat(200) + "\n1\n");

            assertThatThrownBy(() -> MovieLensReaders.latest(csv, null))
                    .isInstanceOf(InvalidSourceException.class)
                    .hasMessageStartingWith(csv + " header 'a?bbb")
                    .hasMessageContaining("bbb'... (202 characters) lacks the column(s) [userId, movieId, rating, "
                            + "timestamp]");
        }
    }

    @Nested
    class Gzip {
        @Test
        void readsGzippedFilesByTheirMagicBytesWhateverTheName() {
            String text = "userId,movieId,rating,timestamp\n1,11,4.0,964982703\n2,11,3.0,964982704\n";
            Path plain = write(dir, "plain/ratings.csv", text);
            Path gz = Fixtures.gzip(dir, "gz/ratings.csv", text);      // no .gz suffix on purpose

            assertThat(accepted(readAll(MovieLensReaders.latest(gz, null))))
                    .isEqualTo(accepted(readAll(MovieLensReaders.latest(plain, null))))
                    .hasSize(2);
        }

        @Test
        void reportsABrokenOffGzipAsOneTruncatedRowAfterTheGoodLines() {
            var text = new StringBuilder("userId,movieId,rating,timestamp\n");
            for (int i = 0; i < 20_000; i++) {
                text.append(i).append(",11,4.0,964982703\n");
            }
            Path gz = Fixtures.writeBytes(dir, "ratings.csv.gz",
                    Fixtures.truncatedGzip(text.toString().getBytes(StandardCharsets.UTF_8), 0.5));

            var results = readAll(MovieLensReaders.latest(gz, null));

            assertThat(accepted(results)).hasSizeGreaterThan(100).hasSizeLessThan(20_000);
            assertThat(rejected(results)).singleElement().extracting(RejectedRow::reason).isEqualTo(RejectReason.TRUNCATED);
            assertThat(results.get(results.size() - 1).isAccepted()).isFalse();
        }
    }

    @Nested
    class Detection {
        @Test
        void opensAFolderInItsFormatWithItsItemFile() {
            write(dir, "ml/ratings.dat", "1::5::4::978300760\n");
            write(dir, "ml/movies.dat", "5::Father of the Bride Part II (1995)::Comedy\n");

            var events = accepted(readAll(MovieLensReaders.open(dir.resolve("ml"))));

            assertThat(MovieLensFormat.detect(dir.resolve("ml"))).isEqualTo(MovieLensFormat.ML_1M);
            assertThat(events).singleElement().extracting(e -> e.title().orElseThrow())
                    .isEqualTo("Father of the Bride Part II");
        }

        @Test
        void takesAnyOtherFileForTheJoinedCsv() {
            Path csv = write(dir, "movielens.csv", "movieId,title,year,genres,userId,rating,timestamp\n1,T,2000,Drama,5,4,1\n");

            assertThat(MovieLensFormat.detect(csv)).isEqualTo(MovieLensFormat.JOINED_CSV);
            assertThat(accepted(readAll(MovieLensReaders.open(csv)))).hasSize(1);
        }

        @Test
        void refusesAFolderWithoutRatings() {
            assertThatThrownBy(() -> MovieLensFormat.detect(dir)).isInstanceOf(InvalidSourceException.class)
                    .hasMessageContaining("u.data, ratings.dat, ratings.csv");
        }
    }

    @Test
    void streamsResultsAndClosesTheReaderWithTheStream() {
        Path data = write(dir, "u.data", "1\t1\t4\t881250949\n\n2\t1\t5\t881250950\n");
        RecordReader<InteractionEvent> reader = MovieLensReaders.ml100k(data, null);

        List<ReadResult<InteractionEvent>> all;
        try (var stream = reader.stream()) {
            all = stream.toList();
        }

        assertThat(all).extracting(r -> r.position().value()).containsExactly(1L, 3L);   // the blank line is skipped
        assertThat(reader.hasNext()).isFalse();
    }
}
