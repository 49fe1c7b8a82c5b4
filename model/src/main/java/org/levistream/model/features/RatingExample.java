package org.levistream.model.features;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One rating as the featurizers see it, free of any wire format: callers map their own records (Avro, CSV rows)
 * to this.
 *
 * @param userId      the user's id as the source spells it
 * @param itemId      the item's id as the source spells it
 * @param rating      the rating (MovieLens: 0.5 to 5); the label, and, once recorded, part of the user's history
 * @param eventTime   when the user rated the item
 * @param title       the item's title, when known
 * @param genres      the item's genres, in any order; empty when unknown
 * @param releaseYear the item's release year, when known
 */
public record RatingExample(String userId, String itemId, float rating, Instant eventTime, Optional<String> title,
                            List<String> genres, OptionalInt releaseYear) {
    /** Checks ids, rating and nulls; copies the genres. */
    public RatingExample {
        if (userId == null || userId.isBlank() || itemId == null || itemId.isBlank()) {
            throw new IllegalArgumentException("userId and itemId must be non-blank, were '" + userId + "' and '"
                    + itemId + "'");
        }
        if (!Float.isFinite(rating)) {
            throw new IllegalArgumentException("rating was " + rating + " but must be finite");
        }
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(releaseYear, "releaseYear");
        genres = List.copyOf(genres);
    }
}
