package org.levistream.ingest.readers;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an item file says about one movie; {@code title} and {@code year} are {@code null} when unknown.
 *
 * <p>Titles are kept without MovieLens' {@code " (1995)"} suffix, whose year goes to {@code year}, so that every
 * MovieLens format gives the same title and year as the joined CSV, which has them apart.
 */
record Movie(String title, Integer year, List<String> genres) {
    // "Name (1995)", also "(2006-2007)" / "(2006–)" ranges for series in ml-latest; the first year counts.
    private static final Pattern TITLE_YEAR = Pattern.compile("^(.*?)\\s*\\((\\d{4})(?:\\s*[-\u2013]\\s*(?:\\d{4})?)?\\)\\s*$");

    Movie {
        genres = List.copyOf(genres);
    }

    /** A movie from a MovieLens title ("Name (Year)"); the year in the title wins over {@code fallbackYear}. */
    static Movie fromTitle(String rawTitle, Integer fallbackYear, List<String> genres) {
        String title = rawTitle == null ? "" : rawTitle.strip();
        Integer year = fallbackYear;
        Matcher m = TITLE_YEAR.matcher(title);
        if (m.matches() && !m.group(1).isEmpty()) {
            title = m.group(1);
            year = Integer.valueOf(m.group(2));
        }
        return new Movie(title.isEmpty() ? null : title, year, genres);
    }

    Optional<String> optionalTitle() {
        return Optional.ofNullable(title);
    }

    OptionalInt optionalYear() {
        return year == null ? OptionalInt.empty() : OptionalInt.of(year);
    }
}
