package org.levistream.model.features;

import java.util.List;
import java.util.OptionalInt;
import org.levistream.model.task.IdHasher;

/**
 * The stateless rating featurizer: the backbone row is {@code [genre multi-hot | (year - 1990) / 20 | year known]}
 * (MovieLens genres), the small model's input is the hashed {@code [user, item]} ids. Each example's features depend
 * on that example alone, so the trainer and the evaluator featurize a record the same way with nothing to share but
 * the bucket count. The trainer's {@code hashed} features and the evaluator's scoring both use this class.
 */
public final class HashedRatingFeatures {
    /** The id fields per example: user, item. */
    public static final int ID_FIELDS = 2;
    private static final float YEAR_CENTRE = 1990f;
    private static final float YEAR_SCALE = 20f;

    private final GenreVocabulary genres = GenreVocabulary.MOVIELENS;
    private final int buckets;

    /**
     * Creates the featurizer.
     *
     * @param buckets rows of the small model's id tables ({@code model.small.buckets})
     */
    public HashedRatingFeatures(int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets was " + buckets + " but must be at least 1");
        }
        this.buckets = buckets;
    }

    /**
     * Returns the row width for MovieLens genres.
     *
     * @return genres + 2
     */
    public static int width() {
        return GenreVocabulary.MOVIELENS.size() + 2;
    }

    /**
     * Writes one example's backbone row.
     *
     * @param itemGenres  the item's genres
     * @param releaseYear the item's release year, if known
     * @param into        the destination, zero where the row goes
     * @param offset      where the {@link #width()} floats start
     */
    public void rowInto(List<String> itemGenres, OptionalInt releaseYear, float[] into, int offset) {
        int w = width();
        genres.multiHotInto(itemGenres, into, offset);
        if (releaseYear.isPresent()) {
            into[offset + w - 2] = (releaseYear.getAsInt() - YEAR_CENTRE) / YEAR_SCALE;
            into[offset + w - 1] = 1f;
        }
    }

    /**
     * Writes one example's hashed ids.
     *
     * @param userId the user
     * @param itemId the item
     * @param into   the destination
     * @param offset where the {@link #ID_FIELDS} ids start
     */
    public void idsInto(String userId, String itemId, long[] into, int offset) {
        into[offset] = IdHasher.bucket("user-", userId, buckets);
        into[offset + 1] = IdHasher.bucket("item-", itemId, buckets);
    }
}
