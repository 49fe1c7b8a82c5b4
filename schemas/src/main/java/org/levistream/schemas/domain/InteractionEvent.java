package org.levistream.schemas.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One user-item interaction (an explicit rating) from a recommendation log: the value of {@code levi.interactions}
 * and its held-out and OOD topics.
 *
 * <p>Invariants, checked here so that every construction route enforces them: ids are non-blank; the rating is in
 * [{@value #MIN_RATING}, {@value #MAX_RATING}] and never NaN; the event time is held at millisecond precision, the
 * precision of the wire format, so that a record survives an Avro round trip unchanged. Collections are copied and
 * unmodifiable; genres keep their order and hold no blanks.
 *
 * @param userId      the user's id as the source spells it
 * @param itemId      the item's id as the source spells it
 * @param rating      the rating, 0.5 to 5 (MovieLens scale)
 * @param eventTime   when the user rated the item (UTC), truncated to milliseconds
 * @param title       the item's title, when the source has one
 * @param genres      the item's genres or categories, in source order; empty when unknown
 * @param releaseYear the item's release year, when known
 * @param reviewText  free review text (Amazon-style logs), when present
 * @param context     free context features by name (e.g. a review's summary)
 */
public record InteractionEvent(String userId, String itemId, float rating, Instant eventTime, Optional<String> title,
                               List<String> genres, OptionalInt releaseYear, Optional<String> reviewText,
                               Map<String, String> context) {
    /** The lowest valid rating. */
    public static final float MIN_RATING = 0.5f;
    /** The highest valid rating. */
    public static final float MAX_RATING = 5f;

    /** Checks the invariants and copies the collections; throws {@link IllegalArgumentException} naming the field. */
    public InteractionEvent {
        requireNonBlank(userId, "userId");
        requireNonBlank(itemId, "itemId");
        if (!isValidRating(rating)) {
            throw new IllegalArgumentException("rating was " + rating + " but must be in [" + MIN_RATING + ", "
                    + MAX_RATING + "] and not NaN");
        }
        eventTime = Objects.requireNonNull(eventTime, "eventTime").truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(releaseYear, "releaseYear");
        Objects.requireNonNull(reviewText, "reviewText");
        genres = List.copyOf(Objects.requireNonNull(genres, "genres"));
        for (String genre : genres) {
            if (genre.isBlank()) {
                throw new IllegalArgumentException("genres must not hold blank names, was " + genres);
            }
        }
        // Map.copyOf rejects null keys and values, which Avro's map could not carry either.
        context = Map.copyOf(Objects.requireNonNull(context, "context"));
    }

    /** Whether {@code rating} satisfies this record's rating invariant: in [0.5, 5] and not NaN. */
    public static boolean isValidRating(float rating) {
        // Written so that NaN, which fails every comparison, is invalid.
        return rating >= MIN_RATING && rating <= MAX_RATING;
    }

    /** Starts a builder for the required fields; the optional ones default to absent or empty. */
    public static Builder builder(String userId, String itemId, float rating, Instant eventTime) {
        return new Builder(userId, itemId, rating, eventTime);
    }

    /** A builder initialised with this record's values, for deriving a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(userId, itemId, rating, eventTime).genres(genres).context(context);
        title.ifPresent(b::title);
        releaseYear.ifPresent(b::releaseYear);
        reviewText.ifPresent(b::reviewText);
        return b;
    }

    private static void requireNonBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " was " + (value == null ? "null" : "'" + value + "'")
                    + " but must be non-blank");
        }
    }

    /** Builds an {@link InteractionEvent}; not thread-safe, one per record. Validation happens in {@link #build()}. */
    public static final class Builder {
        private final String userId;
        private final String itemId;
        private final float rating;
        private final Instant eventTime;
        private String title;
        private List<String> genres = List.of();
        private Integer releaseYear;
        private String reviewText;
        private Map<String, String> context = new LinkedHashMap<>();

        private Builder(String userId, String itemId, float rating, Instant eventTime) {
            this.userId = userId;
            this.itemId = itemId;
            this.rating = rating;
            this.eventTime = eventTime;
        }

        /** The item title; {@code null} means absent. */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** The genres, in source order (copied). */
        public Builder genres(List<String> genres) {
            this.genres = new ArrayList<>(genres);
            return this;
        }

        /** The release year; {@code null} means unknown. */
        public Builder releaseYear(Integer releaseYear) {
            this.releaseYear = releaseYear;
            return this;
        }

        /** The review text; {@code null} means absent. */
        public Builder reviewText(String reviewText) {
            this.reviewText = reviewText;
            return this;
        }

        /** Replaces the context features (copied). */
        public Builder context(Map<String, String> context) {
            this.context = new LinkedHashMap<>(context);
            return this;
        }

        /** Adds one context feature. */
        public Builder context(String name, String value) {
            this.context.put(name, value);
            return this;
        }

        /** The record; throws {@link IllegalArgumentException} when an invariant does not hold. */
        public InteractionEvent build() {
            return new InteractionEvent(userId, itemId, rating, eventTime, Optional.ofNullable(title), genres,
                    releaseYear == null ? OptionalInt.empty() : OptionalInt.of(releaseYear),
                    Optional.ofNullable(reviewText), context);
        }
    }
}
