package org.levistream.trainer.config;

import java.nio.file.Path;

/**
 * How interactions become model inputs.
 *
 * @param kind        which featurizer
 * @param glove       for {@link Kind#MOVIELENS}: the GloVe vectors file ({@code data/glove/glove-100d.bin})
 * @param recentItems for {@link Kind#MOVIELENS}: items per user in the user context
 * @param maxUsers    for {@link Kind#MOVIELENS}: users whose history is kept
 */
public record FeatureSetting(Kind kind, Path glove, int recentItems, int maxUsers) {
    /** The featurizers. */
    public enum Kind {
        /**
         * Stateless: the backbone sees the item's genres (multi-hot) and release year; g sees hashed user and item
         * ids. Each record's features depend on that record only.
         */
        HASHED,
        /**
         * The MovieLens featurizer of {@code levi pretrain}: GloVe title means, genres and year, plus the user's
         * context from items rated before, kept in a bounded per-user state.
         */
        MOVIELENS
    }

    /**
     * The stateless featurizer.
     *
     * @return the setting
     */
    public static FeatureSetting hashed() {
        return new FeatureSetting(Kind.HASHED, null, 20, 1_000_000);
    }
}
