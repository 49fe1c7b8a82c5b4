package org.levistream.ingest.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes made-up MovieLens data in the joined CSV layout of {@code scripts/fetch-data.sh}, and split files that
 * route it. Every row is unique (user, item, time), so a duplicate on a topic is visible.
 */
final class MovieLensFixture {
    static final String HEADER = "\"movieId\",\"title\",\"year\",\"genres\",\"userId\",\"rating\",\"timestamp\"";
    /** 1998-01-01 to 2012-12-31: the split files below send the early years to pretrain, the late ones to OOD. */
    static final long FIRST_SECOND = Instant.parse("1998-01-01T00:00:00Z").getEpochSecond();
    static final long LAST_SECOND = Instant.parse("2012-12-31T00:00:00Z").getEpochSecond();
    private static final String[] GENRES = {"Drama", "Comedy", "Horror", "Animation|Children", "Action|Thriller"};

    private MovieLensFixture() {
    }

    /** {@code count} valid rows in random event-time order (seeded), one rating per (user, movie). */
    static List<String> rows(int count, long seed) {
        var random = new SplittableRandom(seed);
        List<String> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int movie = 1 + i % 97;
            int user = 1 + i / 97;
            long time = random.nextLong(FIRST_SECOND, LAST_SECOND);
            double rating = 0.5 * random.nextInt(1, 11);
            rows.add(row(movie, user, rating, time));
        }
        return rows;
    }

    /** {@code count} valid rows whose event times are 1 s apart starting at {@code first}, in time order. */
    static List<String> sortedRows(int count, Instant first) {
        List<String> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(row(1 + i % 97, 1 + i / 97, 0.5 * (1 + i % 10), first.getEpochSecond() + i));
        }
        return rows;
    }

    static String row(int movie, int user, double rating, long epochSecond) {
        return String.format(Locale.ROOT, "%d,\"Movie %d\",%d,\"%s\",%d,%s,%d", movie, movie, 1950 + movie % 60,
                GENRES[movie % GENRES.length], user, rating, epochSecond);
    }

    /** Poison rows: one per reason, in this order: rating.out.of.range, nan, unparseable, missing.field. */
    static List<String> poisonRows() {
        return List.of(
                "7,\"Movie 7\",1990,\"Drama\",9001,7,1000000000",
                "7,\"Movie 7\",1990,\"Drama\",9002,NaN,1000000000",
                "7,\"Movie 7\",1990,\"Drama\",9003,4,not-a-time",
                "7,\"Movie 7\",1990,\"Drama\",,4,1000000000");
    }

    /** {@code rows} with {@code poison} inserted at seeded random places. */
    static List<String> mixed(List<String> rows, List<String> poison, long seed) {
        List<String> all = new ArrayList<>(rows);
        var random = new SplittableRandom(seed);
        for (String p : poison) {
            all.add(random.nextInt(all.size() + 1), p);
        }
        return Collections.unmodifiableList(all);
    }

    static Path writeCsv(Path file, List<String> rows) {
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(HEADER);
        lines.addAll(rows);
        try {
            return Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A split file: early ratings to pretrain, late ones to an OOD topic, 20% of the rest held out, the rest live. */
    static Path writeSplit(Path file, String topicPrefix, Path pretrainFile) {
        String yaml = """
                records: interactions
                topicPrefix: %s
                pretrainFile: %s
                rules:
                  - name: early
                    match: {time: {until: 2001-01-01}}
                    to: pretrain
                  - name: late
                    match: {time: {from: 2010-01-01}}
                    to: ood.late-users
                  - name: holdout
                    match: {sample: {fraction: 0.2, seed: 7}}
                    to: holdout
                  - name: live
                    to: live
                """.formatted(topicPrefix, pretrainFile.toAbsolutePath());
        return writeText(file, yaml);
    }

    /** A split file sending everything to the live topic. */
    static Path writeAllLive(Path file, String topicPrefix) {
        return writeText(file, """
                records: interactions
                topicPrefix: %s
                rules:
                  - name: all
                    to: live
                """.formatted(topicPrefix));
    }

    static Path writeText(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
