package org.levistream.model.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.levistream.common.config.InvalidConfigException;

/**
 * Settings of the small task model g.
 *
 * @param kind         {@link Kind#HASHED_IDS} for recommendation, {@link Kind#CNN} for images, {@link Kind#HASHED_TEXT}
 *                     for text
 * @param idFields     id columns per example (e.g. 2: user and item); {@code HASHED_IDS} only
 * @param buckets      rows per id table; ids are hashed into them ({@link IdHasher}); for {@code HASHED_TEXT}, the
 *                     width of the hashed word and bigram bag
 * @param embeddingDim features per id; for {@code HASHED_TEXT}, the hidden layer's width
 * @param width        features g hands to the adapting layers
 * @param inputShape   one image's shape {@code (channels, height, width)}; {@code CNN} only
 * @param filters      the filters of each 3x3 convolution, each followed by 2x2 max-pooling; {@code CNN} only
 */
public record SmallModelSpec(Kind kind, int idFields, int buckets, int embeddingDim, int width, List<Long> inputShape,
                             List<Integer> filters) {
    /** Key prefix of these settings. */
    public static final String PREFIX = "model.small.";
    /** The CNN's filters unless {@code model.small.filters} says otherwise: two convolutions, 8 and 16 filters. */
    public static final List<Integer> DEFAULT_FILTERS = List.of(8, 16);

    /**
     * A spec with the default CNN filters.
     *
     * @param kind         which small model
     * @param idFields     id columns per example
     * @param buckets      rows per id table, or the text bag's width
     * @param embeddingDim features per id, or the text MLP's hidden width
     * @param width        features g hands to the adapting layers
     * @param inputShape   one image's shape; {@code CNN} only
     */
    public SmallModelSpec(Kind kind, int idFields, int buckets, int embeddingDim, int width, List<Long> inputShape) {
        this(kind, idFields, buckets, embeddingDim, width, inputShape, DEFAULT_FILTERS);
    }

    /** The kinds of small model. */
    public enum Kind {
        /** One hashed embedding table per id field, concatenated, then Linear + ReLU. */
        HASHED_IDS,
        /** Two 3x3 convolutions with max-pooling, then Linear + ReLU. */
        CNN,
        /**
         * A hashed bag of words and bigrams ({@code [batch, buckets]} floats, see
         * {@link org.levistream.model.features.TextBag}), then Linear + ReLU to {@code embeddingDim} and Linear + ReLU
         * to {@code width}.
         */
        HASHED_TEXT
    }

    /** Validates every field, reporting all problems at once. */
    public SmallModelSpec {
        Objects.requireNonNull(kind, "kind");
        inputShape = List.copyOf(inputShape);
        filters = List.copyOf(filters);
        List<String> problems = new ArrayList<>();
        atLeast(problems, "width", width, 1);
        if (kind == Kind.HASHED_IDS) {
            atLeast(problems, "id.fields", idFields, 1);
            atLeast(problems, "buckets", buckets, 1);
            atLeast(problems, "embedding.dim", embeddingDim, 1);
        } else if (kind == Kind.HASHED_TEXT) {
            atLeast(problems, "buckets", buckets, 1);
            atLeast(problems, "embedding.dim", embeddingDim, 1);
        } else if (inputShape.size() != 3 || inputShape.get(0) < 1 || inputShape.get(1) < 4 || inputShape.get(2) < 4) {
            problems.add(PREFIX + "input.shape was " + inputShape
                    + " but a CNN needs (channels, height, width) with at least 1 channel and height and width at least 4");
        } else if (filters.isEmpty() || filters.size() > 4 || filters.stream().anyMatch(f -> f < 1)) {
            problems.add(PREFIX + "filters was " + filters + " but a CNN needs 1 to 4 convolutions (each halves the "
                    + "image), each with at least 1 filter, e.g. 8,16 (the default) or 32,64");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    /**
     * Hashed id embeddings for recommendation.
     *
     * @param idFields     id columns per example
     * @param buckets      rows per table
     * @param embeddingDim features per id
     * @param width        output features
     * @return the spec
     */
    public static SmallModelSpec hashedIds(int idFields, int buckets, int embeddingDim, int width) {
        return new SmallModelSpec(Kind.HASHED_IDS, idFields, buckets, embeddingDim, width, List.of());
    }

    /**
     * A small CNN over single-channel 28x28 images.
     *
     * @param width output features
     * @return the spec
     */
    public static SmallModelSpec cnn28(int width) {
        return new SmallModelSpec(Kind.CNN, 0, 0, 0, width, List.of(1L, 28L, 28L));
    }

    /**
     * A hashed word and bigram bag for text, then a two-layer MLP.
     *
     * @param buckets width of the bag
     * @param hidden  the first layer's units
     * @param width   output features
     * @return the spec
     */
    public static SmallModelSpec hashedText(int buckets, int hidden, int width) {
        return new SmallModelSpec(Kind.HASHED_TEXT, 0, buckets, hidden, width, List.of());
    }

    private static void atLeast(List<String> problems, String key, int value, int min) {
        if (value < min) {
            problems.add(PREFIX + key + " was " + value + " but must be at least " + min);
        }
    }
}
