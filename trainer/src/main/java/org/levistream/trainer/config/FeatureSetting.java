package org.levistream.trainer.config;

import java.nio.file.Path;

/**
 * How records become model inputs: which record type the trainer reads, and how it featurizes it.
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
        MOVIELENS,
        /**
         * Images ({@code ImageRecord}, e.g. {@code levi.images}): grey 28x28 pixels normalized with MNIST's
         * statistics feed both the backbone and the small CNN; the label is the class. Stateless.
         */
        IMAGE
    }

    /**
     * Names the featurizer as {@code trainer.features} does.
     *
     * @return e.g. {@code hashed}
     */
    public String settingName() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
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
