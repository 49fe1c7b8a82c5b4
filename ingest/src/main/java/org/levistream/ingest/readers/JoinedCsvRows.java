package org.levistream.ingest.readers;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.levistream.schemas.domain.InteractionEvent;

/**
 * The rows of the joined MovieLens CSV ({@link MovieLensReaders#joinedCsv}): one rating with its movie's title
 * (without year), year and pipe-separated genres; a bare {@code NA} in title or year means unknown.
 *
 * <p>This is the hot loop of a MovieLens ingest, so a row is split in place ({@link CsvLine}), numbers are read from
 * the line, and genre lists are shared between the rows that spell them alike. Fields are checked in a fixed order
 * (user, movie, rating, timestamp, year, title, genres), so a row with several faults is always rejected for the
 * first one. Not thread-safe: one per reader.
 */
final class JoinedCsvRows implements LineParser<InteractionEvent> {
    private static final String[] COLUMNS = {"movieId", "title", "year", "genres", "userId", "rating", "timestamp"};
    private static final int MOVIE = 0;
    private static final int TITLE = 1;
    private static final int YEAR = 2;
    private static final int GENRES = 3;
    private static final int USER = 4;
    private static final int RATING = 5;
    private static final int TIME = 6;
    /** Distinct genre lists remembered; MovieLens has about a thousand. */
    private static final int GENRE_LISTS = 2048;

    private final int[] col;
    private final Csv.Header header;
    private final int width;
    private final CsvLine row = new CsvLine(true);
    private final FieldCache<List<String>> genres =
            new FieldCache<>(GENRE_LISTS, text -> List.copyOf(Genres.pipeSeparated(text)));

    /**
     * @param header the file's header: the index of each of {@link #columns()} and how many fields a row must have
     */
    JoinedCsvRows(Csv.Header header) {
        this.col = header.columns().clone();
        this.header = header;
        this.width = header.width();
    }

    /** The columns the header must name, in the order {@code col} gives their indices. */
    static String[] columns() {
        return COLUMNS.clone();
    }

    @Override
    public InteractionEvent parse(String line, long lineNumber) throws RowException {
        row.split(line);
        header.requireWidth(row.size());
        String user = row.required(col[USER], width, "userId");
        String movie = row.required(col[MOVIE], width, "movieId");
        float rating = row.rating(col[RATING], width);
        Instant time = Fields.epochSeconds(row.wholeNumber(col[TIME], width, "timestamp"), "timestamp");
        row.require(col[YEAR], width);   // checked before the title, as ever: a short row fails on the same field
        String title = blankToNull(row.field(col[TITLE], width));
        OptionalInt year = row.isNull(col[YEAR]) ? OptionalInt.empty()
                : OptionalInt.of(row.intNumber(col[YEAR], width, "year"));
        row.require(col[GENRES], width);
        return new InteractionEvent(user, movie, rating, time, Optional.ofNullable(title), genres.get(row, col[GENRES]),
                year, Optional.empty(), Map.of());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
