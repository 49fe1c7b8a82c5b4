package org.levistream.ingest.readers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.levistream.schemas.domain.InteractionEvent;

/**
 * Readers for MovieLens ratings, joined with the movies (title, release year, genres) when an item file is given.
 *
 * <p>Ratings stream; the item file is loaded once (MovieLens catalogues are small). A rating of an item the item file
 * lacks is rejected as {@link RejectReason#UNKNOWN_ITEM}; the item file's own bad rows come out first, as rejected
 * rows of that file. Titles lose their {@code " (Year)"} suffix, which becomes the release year, and genre names are
 * made the same across formats (see {@link MovieLensFormat}): every format gives the same record for the same
 * rating. Timestamps are Unix seconds.
 */
public final class MovieLensReaders {
    private static final int ML_100K_FIXED_COLUMNS = 5;

    private MovieLensReaders() {
    }

    /**
     * Opens {@code path} in the format {@link MovieLensFormat#detect(Path) detected} for it. A folder is read with
     * its item file when there is one; a standard ratings file with the item file beside it, when there is one.
     */
    public static RecordReader<InteractionEvent> open(Path path) {
        MovieLensFormat format = MovieLensFormat.detect(path);
        if (format == MovieLensFormat.JOINED_CSV) {
            return joinedCsv(path);
        }
        Path ratings = Files.isDirectory(path) ? format.ratingsIn(path).orElseThrow() : path;
        Path folder = ratings.toAbsolutePath().getParent();
        Path items = format.itemsIn(folder).orElse(null);
        return switch (format) {
            case ML_100K -> ml100k(ratings, items);
            case ML_1M -> ml1m(ratings, items);
            default -> latest(ratings, items);
        };
    }

    /** ml-100k: {@code u.data} (user, item, rating, timestamp; tabs) and {@code u.item}, or {@code null} for none. */
    public static RecordReader<InteractionEvent> ml100k(Path uData, Path uItem) {
        MovieCatalog items = uItem == null ? null
                : MovieCatalog.load(uItem, StandardCharsets.ISO_8859_1, 0, MovieLensReaders::ml100kItem);
        return ratings(uData, items, StandardCharsets.US_ASCII, line -> Fields.split(line, "\t", 4, "u.data"));
    }

    /** ml-1m: {@code ratings.dat} ({@code UserID::MovieID::Rating::Timestamp}) and {@code movies.dat}, or null. */
    public static RecordReader<InteractionEvent> ml1m(Path ratingsDat, Path moviesDat) {
        MovieCatalog items = moviesDat == null ? null
                : MovieCatalog.load(moviesDat, StandardCharsets.ISO_8859_1, 0, MovieLensReaders::ml1mItem);
        return ratings(ratingsDat, items, StandardCharsets.ISO_8859_1,
                line -> Fields.split(line, "::", 4, "ratings.dat"));
    }

    /** ml-latest: {@code ratings.csv} (userId,movieId,rating,timestamp) and {@code movies.csv}, or null. */
    public static RecordReader<InteractionEvent> latest(Path ratingsCsv, Path moviesCsv) {
        MovieCatalog items = moviesCsv == null ? null : latestItems(moviesCsv);
        TextLines in = SourceFiles.lines(ratingsCsv, StandardCharsets.UTF_8);
        Csv.Header header = header(in, ratingsCsv, "userId", "movieId", "rating", "timestamp");
        int[] col = header.columns();
        int width = header.width();
        return interactions(in, ratingsCsv, 1, items, line -> {
            List<String> f = Csv.parse(line, false);
            header.requireWidth(f.size());
            return List.of(Csv.field(f, col[0], width), Csv.field(f, col[1], width), Csv.field(f, col[2], width),
                    Csv.field(f, col[3], width));
        });
    }

    /**
     * The joined CSV of {@code scripts/fetch-data.sh}: one row per rating with the movie's title (without year),
     * year and pipe-separated genres. A bare {@code NA} (R's missing value) in title or year means unknown.
     */
    public static RecordReader<InteractionEvent> joinedCsv(Path csv) {
        TextLines in = SourceFiles.lines(csv, StandardCharsets.UTF_8);
        Csv.Header header = header(in, csv, JoinedCsvRows.columns());
        LineParser<InteractionEvent> parser = new JoinedCsvRows(header);
        return LineRecordReader.continuing(csv.toString(), in, csv, 1, skipBlank(parser));
    }

    /** Splits a ratings line into user, item, rating, timestamp (in that order). */
    @FunctionalInterface
    private interface RatingSplitter {
        List<String> split(String line) throws RowException;
    }

    private static RecordReader<InteractionEvent> ratings(Path ratings, MovieCatalog items, Charset charset,
                                                          RatingSplitter splitter) {
        return interactions(SourceFiles.lines(ratings, charset), ratings, 0, items, splitter);
    }

    private static RecordReader<InteractionEvent> interactions(TextLines in, Path ratings, long headerLines,
                                                               MovieCatalog items, RatingSplitter splitter) {
        String source = items == null ? ratings.toString() : ratings + " + " + items.file();
        LineParser<InteractionEvent> parser = (line, n) -> {
            List<String> f = splitter.split(line);
            return event(Fields.required(f.get(0), "userId"), Fields.required(f.get(1), "itemId"),
                    Fields.rating(f.get(2)), Fields.epochSeconds(f.get(3), "timestamp"), items);
        };
        var reader = LineRecordReader.continuing(source, in, ratings, headerLines, skipBlank(parser));
        if (items != null) {
            reader.emitFirst(items.rejected());
        }
        return reader;
    }

    private static InteractionEvent event(String user, String item, float rating, Instant time, MovieCatalog items)
            throws RowException {
        InteractionEvent.Builder event = InteractionEvent.builder(user, item, rating, time);
        if (items != null) {
            Movie movie = items.require(item);
            event.title(movie.title()).releaseYear(movie.year()).genres(movie.genres());
        }
        return event.build();
    }

    private static Map.Entry<String, Movie> ml100kItem(String line) throws RowException {
        List<String> f = Fields.split(line, "|", ML_100K_FIXED_COLUMNS + Genres.ML_100K_FLAGS.size(), "u.item");
        List<String> genres = new java.util.ArrayList<>();
        for (int k = 0; k < Genres.ML_100K_FLAGS.size(); k++) {
            String flag = f.get(ML_100K_FIXED_COLUMNS + k).strip();
            if (!flag.equals("0") && !flag.equals("1")) {
                throw new RowException(RejectReason.UNPARSEABLE, "genre flag " + Genres.ML_100K_FLAGS.get(k)
                        + " was '" + flag + "' but must be 0 or 1");
            }
            String genre = Genres.normalise(Genres.ML_100K_FLAGS.get(k));
            if (flag.equals("1") && genre != null) {
                genres.add(genre);
            }
        }
        String title = f.get(1).strip().equals("unknown") ? null : f.get(1);
        return Map.entry(Fields.required(f.get(0), "movie id"), Movie.fromTitle(title, releaseDateYear(f.get(2)), genres));
    }

    private static Map.Entry<String, Movie> ml1mItem(String line) throws RowException {
        List<String> f = Fields.split(line, "::", 3, "movies.dat");
        return Map.entry(Fields.required(f.get(0), "MovieID"),
                Movie.fromTitle(f.get(1), null, Genres.pipeSeparated(f.get(2))));
    }

    private static MovieCatalog latestItems(Path moviesCsv) {
        Csv.Header header;
        try (TextLines in = SourceFiles.lines(moviesCsv, StandardCharsets.UTF_8)) {
            header = header(in, moviesCsv, "movieId", "title", "genres");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + moviesCsv, e);
        }
        int[] col = header.columns();
        int width = header.width();
        return MovieCatalog.load(moviesCsv, StandardCharsets.UTF_8, 1, line -> {
            List<String> f = Csv.parse(line, false);
            header.requireWidth(f.size());
            return Map.entry(Fields.required(Csv.field(f, col[0], width), "movieId"),
                    Movie.fromTitle(Csv.field(f, col[1], width), null, Genres.pipeSeparated(Csv.field(f, col[2], width))));
        });
    }

    /** ml-100k's release date, {@code 01-Jan-1995}: its last four characters, when they are a year. */
    private static Integer releaseDateYear(String date) {
        String d = date.strip();
        if (d.length() >= 4 && d.substring(d.length() - 4).chars().allMatch(Character::isDigit)) {
            return Integer.valueOf(d.substring(d.length() - 4));
        }
        return null;
    }

    private static <T> LineParser<T> skipBlank(LineParser<T> parser) {
        return (line, n) -> line.isBlank() ? null : parser.parse(line, n);
    }

    /** Reads the header line and finds the columns; closes {@code in} when the header is not as required. */
    private static Csv.Header header(TextLines in, Path file, String... columns) {
        try {
            return Csv.header(in.readLine(), file.toString(), columns);
        } catch (IOException | RuntimeException e) {
            closeQuietly(in, e);
            if (e instanceof IOException) {
                throw new InvalidSourceException(file + " could not be read: " + e.getMessage(), e);
            }
            throw (RuntimeException) e;
        }
    }

    private static void closeQuietly(TextLines in, Exception failure) {
        try {
            in.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

}
