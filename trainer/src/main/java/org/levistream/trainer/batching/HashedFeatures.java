package org.levistream.trainer.batching;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.levistream.model.features.GenreVocabulary;
import org.levistream.model.levi.Batch;
import org.levistream.model.task.IdHasher;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.SchemaRegistryClient;

/**
 * The stateless featurizer: the backbone row is {@code [genre multi-hot | (year - 1990) / 20 | year known]} (MovieLens
 * genres), g's input is the hashed {@code [user, item]} ids, the label is the rating. Each record's features depend
 * on that record alone, so no state needs saving or rebuilding.
 */
public final class HashedFeatures implements BatchBuilder<InteractionEvent> {
    private static final float YEAR_CENTRE = 1990f;
    private static final float YEAR_SCALE = 20f;

    private final GenreVocabulary genres = GenreVocabulary.MOVIELENS;
    private final int buckets;

    /**
     * Creates the featurizer.
     *
     * @param buckets rows of g's id tables ({@code model.small.buckets})
     */
    public HashedFeatures(int buckets) {
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

    @Override
    public Batch training(List<InteractionEvent> events, NDManager manager) {
        return scoring(events, manager);
    }

    @Override
    public Batch scoring(List<InteractionEvent> events, NDManager manager) {
        int n = events.size();
        int w = width();
        float[] rows = new float[n * w];
        long[] ids = new long[n * 2];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            InteractionEvent e = events.get(i);
            genres.multiHotInto(e.genres(), rows, i * w);
            if (e.releaseYear().isPresent()) {
                rows[i * w + w - 2] = (e.releaseYear().getAsInt() - YEAR_CENTRE) / YEAR_SCALE;
                rows[i * w + w - 1] = 1f;
            }
            ids[2 * i] = IdHasher.bucket("user-", e.userId(), buckets);
            ids[2 * i + 1] = IdHasher.bucket("item-", e.itemId(), buckets);
            labels[i] = e.rating();
        }
        return Batch.of(new NDList(manager.create(rows, new Shape(n, w))),
                new NDList(manager.create(ids, new Shape(n, 2))), manager.create(labels)).withIdRows(ids, 2, manager);
    }

    @Override
    public RecordDecoder<InteractionEvent> decoder(SchemaRegistryClient registry) {
        return new InteractionRecordDecoder(registry);
    }

    @Override
    public double label(InteractionEvent event) {
        return event.rating();
    }

    @Override
    public Shape backboneInputShape() {
        return new Shape(width());
    }

    @Override
    public Class<InteractionEvent> recordType() {
        return InteractionEvent.class;
    }

    @Override
    public String name() {
        return "hashed";
    }
}
