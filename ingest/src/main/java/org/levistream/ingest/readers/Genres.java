package org.levistream.ingest.readers;

import java.util.ArrayList;
import java.util.List;

/**
 * MovieLens genre names, made the same across formats: ml-100k and ml-1m's {@code Children's} is ml-latest's
 * {@code Children}, and the "no genre" markers ({@code (no genres listed)}, ml-100k's {@code unknown} flag) give an
 * empty list, so that one split file's genre rules work on every format.
 */
final class Genres {
    /** ml-100k's 19 genre flags, in {@code u.item} column order (columns 6 to 24). */
    static final List<String> ML_100K_FLAGS = List.of("unknown", "Action", "Adventure", "Animation", "Children's",
            "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
            "Romance", "Sci-Fi", "Thriller", "War", "Western");

    private Genres() {
    }

    /** A pipe-separated genre list, normalised. */
    static List<String> pipeSeparated(String text) {
        List<String> genres = new ArrayList<>();
        if (text == null) {
            return genres;
        }
        for (String name : Fields.split(text, "|")) {
            String genre = normalise(name);
            if (genre != null && !genres.contains(genre)) {
                genres.add(genre);
            }
        }
        return genres;
    }

    /** One genre name, normalised; {@code null} for a "no genre" marker or a blank. */
    static String normalise(String name) {
        String genre = name.strip();
        if (genre.isEmpty() || genre.equals("(no genres listed)") || genre.equals("unknown")) {
            return null;
        }
        return genre.equals("Children's") ? "Children" : genre;
    }
}
