package org.levistream.model.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fixed, ordered set of genres, so that a genre multi-hot has the same layout for every item, every run and every
 * checkpoint. Names compare ignoring case; a genre outside the set sets no bit.
 */
public final class GenreVocabulary {
    /**
     * MovieLens' 19 genres (ml-latest spelling; ml-100k's and ml-1m's {@code Children's} maps to {@code Children}).
     * The order is part of the feature layout: never reorder it.
     */
    public static final GenreVocabulary MOVIELENS = new GenreVocabulary(List.of("Action", "Adventure", "Animation",
            "Children", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "IMAX",
            "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"));

    private final List<String> genres;
    private final Map<String, Integer> index = new HashMap<>();
    /** Positions by the names as spelled here, and by their keys: most records spell a genre one of these ways. */
    private final Map<String, Integer> spelled;

    /**
     * Creates a vocabulary.
     *
     * @param genres distinct genre names (ignoring case), in the order of the multi-hot's positions
     * @throws IllegalArgumentException if a name is blank or repeated
     */
    public GenreVocabulary(List<String> genres) {
        this.genres = List.copyOf(genres);
        for (int i = 0; i < this.genres.size(); i++) {
            String key = key(this.genres.get(i));
            if (key.isBlank() || index.putIfAbsent(key, i) != null) {
                throw new IllegalArgumentException("genres must be distinct and non-blank, were " + genres);
            }
        }
        Map<String, Integer> bySpelling = new HashMap<>(index);
        for (int i = 0; i < this.genres.size(); i++) {
            bySpelling.put(this.genres.get(i), i);
        }
        bySpelling.putIfAbsent("Children's", index.get("children"));   // ml-100k and ml-1m
        bySpelling.values().removeIf(java.util.Objects::isNull);
        this.spelled = Map.copyOf(bySpelling);
    }

    /**
     * Returns the genres in position order.
     *
     * @return the genres
     */
    public List<String> genres() {
        return genres;
    }

    /**
     * Counts the genres.
     *
     * @return the multi-hot's width
     */
    public int size() {
        return genres.size();
    }

    /**
     * Finds a genre's position.
     *
     * @param genre a name, any case; {@code Children's} is read as {@code Children}
     * @return its position, or -1 when it is not in the vocabulary
     */
    public int indexOf(String genre) {
        Integer i = spelled.get(genre);
        if (i != null) {
            return i;
        }
        i = index.get(key(genre));
        return i == null ? -1 : i;
    }

    /**
     * Writes a multi-hot: 1 at each listed genre's position, 0 elsewhere.
     *
     * @param itemGenres the item's genres; unknown ones are ignored
     * @param into       the destination
     * @param offset     where the {@link #size()} floats start
     * @return the genres that were not in the vocabulary
     */
    public List<String> multiHotInto(List<String> itemGenres, float[] into, int offset) {
        Arrays.fill(into, offset, offset + genres.size(), 0f);
        List<String> unknown = List.of();
        for (int g = 0; g < itemGenres.size(); g++) {
            int i = indexOf(itemGenres.get(g));
            if (i >= 0) {
                into[offset + i] = 1f;
            } else {
                unknown = unknown.isEmpty() ? new ArrayList<>() : unknown;
                unknown.add(itemGenres.get(g));
            }
        }
        return unknown;
    }

    private static String key(String genre) {
        String k = genre.strip().toLowerCase(Locale.ROOT);
        return k.equals("children's") ? "children" : k;
    }
}
