package org.levistream.evaluator.scoring;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.levistream.model.features.HashedRatingFeatures;
import org.levistream.model.features.ImageFeaturizer;
import org.levistream.model.features.RatingExample;
import org.levistream.model.features.RecommendationFeaturizer;
import org.levistream.model.levi.Batch;
import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.domain.InteractionEvent;

/**
 * Turns decoded held-out records into a model's batches, with the featurizer the trainer used for that model, so that
 * the evaluator scores a record exactly as the trainer's own validation would.
 */
public sealed interface HeldOutBatches {
    /**
     * The batch of some records.
     *
     * @param records decoded records of the kind this featurizer takes
     * @param manager owns the arrays
     * @return the batch
     */
    Batch batch(List<Object> records, NDManager manager);

    /**
     * A record's label: its rating or its class.
     *
     * @param record a decoded record
     * @return the label
     */
    double label(Object record);

    /**
     * Whether a decoded record can be scored: an interaction for the rating featurizers, a raw grey 28x28 image
     * for images.
     *
     * @param record a decoded held-out record
     * @return false for a record of the other kind, size or encoding
     */
    default boolean accepts(Object record) {
        return record instanceof InteractionEvent;
    }

    /**
     * The backbone input of one example, to check against the version's backbone before scoring.
     *
     * @return e.g. {@code (20)} or {@code (1, 28, 28)}
     */
    Shape exampleShape();

    /** Writes one interaction's backbone row and ids. */
    @FunctionalInterface
    interface RatingRow {
        void write(InteractionEvent event, float[] rows, int rowOffset, long[] ids, int idOffset);
    }

    /** A rating batch: each interaction's row of {@code width} features and its two ids; labels are not needed. */
    private static Batch ratingBatch(List<Object> records, int width, NDManager manager, RatingRow row) {
        int n = records.size();
        int f = HashedRatingFeatures.ID_FIELDS;
        float[] rows = new float[n * width];
        long[] ids = new long[n * f];
        for (int i = 0; i < n; i++) {
            row.write((InteractionEvent) records.get(i), rows, i * width, ids, i * f);
        }
        return Batch.of(new NDList(manager.create(rows, new Shape(n, width))),
                new NDList(manager.create(ids, new Shape(n, f))), manager.create(new float[n]))
                .withIdRows(ids, f, manager);
    }

    /**
     * Interactions with {@link HashedRatingFeatures}, the trainer's {@code hashed} features.
     *
     * @param features the featurizer, with the model's bucket count
     */
    record HashedRatings(HashedRatingFeatures features) implements HeldOutBatches {
        @Override
        public Batch batch(List<Object> records, NDManager manager) {
            return ratingBatch(records, HashedRatingFeatures.width(), manager, (e, rows, row, ids, id) -> {
                features.rowInto(e.genres(), e.releaseYear(), rows, row);
                features.idsInto(e.userId(), e.itemId(), ids, id);
            });
        }

        @Override
        public double label(Object record) {
            return ((InteractionEvent) record).rating();
        }

        @Override
        public Shape exampleShape() {
            return new Shape(HashedRatingFeatures.width());
        }
    }

    /**
     * Interactions with the trainer's {@code movielens} features: the item's content row and the user's context
     * from the history the version's checkpoint carries (items rated strictly before the record), and hashed ids.
     * Scoring only reads the history: held-out records never join it.
     *
     * @param featurizer the featurizer, with the checkpoint's user histories
     */
    record MovieLens(RecommendationFeaturizer featurizer) implements HeldOutBatches {
        @Override
        public Batch batch(List<Object> records, NDManager manager) {
            return ratingBatch(records, featurizer.backboneWidth(), manager, (e, rows, row, ids, id) ->
                    featurizer.featurize(new RatingExample(e.userId(), e.itemId(), e.rating(), e.eventTime(), e.title(),
                            e.genres(), e.releaseYear()), rows, row, ids, id));
        }

        @Override
        public double label(Object record) {
            return ((InteractionEvent) record).rating();
        }

        @Override
        public Shape exampleShape() {
            return new Shape(featurizer.backboneWidth());
        }
    }

    /**
     * Grey 28x28 images, normalized as the digits models were trained (MNIST mean and deviation); the backbone and
     * the small model both read the image.
     *
     * @param featurizer the normalization
     */
    record Images(ImageFeaturizer featurizer) implements HeldOutBatches {
        @Override
        public Batch batch(List<Object> records, NDManager manager) {
            int n = records.size();
            int pixels = ImageFeaturizer.PIXELS;
            float[] x = new float[n * pixels];
            for (int i = 0; i < n; i++) {
                ImageEvent e = (ImageEvent) records.get(i);
                featurizer.normalizeInto(e.bytes(), e.height(), e.width(), e.channels(), x, i * pixels);
            }
            NDArray images = manager.create(x, new Shape(n, 1, ImageFeaturizer.SIDE, ImageFeaturizer.SIDE));
            return Batch.of(new NDList(images), new NDList(images), manager.create(new long[n]));
        }

        @Override
        public double label(Object record) {
            return ((ImageEvent) record).label();
        }

        @Override
        public boolean accepts(Object record) {
            return record instanceof ImageEvent e && fits(e);
        }

        @Override
        public Shape exampleShape() {
            return new Shape(1, ImageFeaturizer.SIDE, ImageFeaturizer.SIDE);
        }

        /**
         * Whether a record fits: a raw grey 28x28 image.
         *
         * @param e the image
         * @return false for any other size, colour or encoding
         */
        public static boolean fits(ImageEvent e) {
            return e.encoding() == ImageEvent.Encoding.RAW_U8 && e.channels() == 1
                    && e.height() == ImageFeaturizer.SIDE && e.width() == ImageFeaturizer.SIDE;
        }
    }
}
