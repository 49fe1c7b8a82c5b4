package org.levistream.trainer.batching;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.levistream.model.features.HashedRatingFeatures;
import org.levistream.model.levi.Batch;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.SchemaRegistryClient;

/**
 * The stateless featurizer over interactions: {@link HashedRatingFeatures}'s backbone row and hashed ids (the very
 * features the evaluator scores held-out records with), the rating as label. Each record's features depend on that
 * record alone, so no state needs saving or rebuilding.
 */
public final class HashedFeatures implements BatchBuilder<InteractionEvent> {
    private final HashedRatingFeatures features;

    /**
     * Creates the featurizer.
     *
     * @param buckets rows of g's id tables ({@code model.small.buckets})
     */
    public HashedFeatures(int buckets) {
        this.features = new HashedRatingFeatures(buckets);
    }

    /**
     * Returns the row width for MovieLens genres.
     *
     * @return genres + 2
     */
    public static int width() {
        return HashedRatingFeatures.width();
    }

    @Override
    public Batch training(List<InteractionEvent> events, NDManager manager) {
        return scoring(events, manager);
    }

    @Override
    public Batch scoring(List<InteractionEvent> events, NDManager manager) {
        int n = events.size();
        int w = width();
        int f = HashedRatingFeatures.ID_FIELDS;
        float[] rows = new float[n * w];
        long[] ids = new long[n * f];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            InteractionEvent e = events.get(i);
            features.rowInto(e.genres(), e.releaseYear(), rows, i * w);
            features.idsInto(e.userId(), e.itemId(), ids, i * f);
            labels[i] = e.rating();
        }
        return Batch.of(new NDList(manager.create(rows, new Shape(n, w))),
                new NDList(manager.create(ids, new Shape(n, f))), manager.create(labels)).withIdRows(ids, f, manager);
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
