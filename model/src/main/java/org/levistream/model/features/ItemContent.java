package org.levistream.model.features;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An item's content as one float row of fixed width, from the item's own metadata only (never from who rated it or
 * when): {@link ItemContentFeaturizer}'s GloVe, genre and year columns, or {@link ItemTextViews}' frozen MiniLM views
 * of the item's text. {@link RecommendationFeaturizer} puts it first in the backbone row and averages it over a
 * user's recent items for the user context.
 */
public interface ItemContent {
    /**
     * Returns the row's width.
     *
     * @return floats per item
     */
    int width();

    /**
     * Writes an item's content row.
     *
     * @param title       the title, when known
     * @param itemGenres  the genres
     * @param releaseYear the release year, when known
     * @param into        the destination
     * @param offset      where the {@link #width()} floats start
     */
    void featurize(Optional<String> title, List<String> itemGenres, OptionalInt releaseYear, float[] into, int offset);
}
