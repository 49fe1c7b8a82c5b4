package org.levistream.trainer.batching;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.levistream.model.features.RatingExample;
import org.levistream.model.features.RecommendationFeaturizer;
import org.levistream.model.levi.Batch;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.SchemaRegistryClient;

/**
 * The featurizer {@code levi pretrain} trains the MovieLens backbone with: {@code [item content | user context]}
 * rows (GloVe title mean, genres, year; the user's recent items rated strictly before) and hashed
 * {@code [user, item]} ids. Stateful: each training record joins its user's history after it is featurized.
 *
 * <p>Thread-safe: the feed thread builds training batches while the training thread scores the ID-validation
 * sample at a checkpoint, and both read the user histories that training batches extend.
 */
public final class MovieLensFeatures implements BatchBuilder<InteractionEvent> {
    private final RecommendationFeaturizer featurizer;

    /**
     * Wraps a featurizer.
     *
     * @param featurizer the featurizer, with an empty user history; owned by this builder from now on
     */
    public MovieLensFeatures(RecommendationFeaturizer featurizer) {
        this.featurizer = featurizer;
    }

    @Override
    public synchronized Batch training(List<InteractionEvent> events, NDManager manager) {
        return build(events, manager, true);
    }

    @Override
    public synchronized Batch scoring(List<InteractionEvent> events, NDManager manager) {
        return build(events, manager, false);
    }

    @Override
    public synchronized byte[] state() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            featurizer.writeState(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("writing to memory", e);
        }
        return bytes.toByteArray();
    }

    @Override
    public synchronized void observe(InteractionEvent event) {
        featurizer.next(example(event), new float[featurizer.backboneWidth()], 0,
                new long[RecommendationFeaturizer.ID_FIELDS], 0);
    }

    @Override
    public synchronized void reset() {
        featurizer.clearHistory();
    }

    @Override
    public boolean stateful() {
        return true;
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
        return new Shape(featurizer.backboneWidth());
    }

    @Override
    public Class<InteractionEvent> recordType() {
        return InteractionEvent.class;
    }

    @Override
    public String name() {
        return "movielens";
    }

    private Batch build(List<InteractionEvent> events, NDManager manager, boolean record) {
        int n = events.size();
        int w = featurizer.backboneWidth();
        int f = RecommendationFeaturizer.ID_FIELDS;
        float[] rows = new float[n * w];
        long[] ids = new long[n * f];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            RatingExample example = example(events.get(i));
            if (record) {
                featurizer.next(example, rows, i * w, ids, i * f);
            } else {
                featurizer.featurize(example, rows, i * w, ids, i * f);
            }
            labels[i] = example.rating();
        }
        return Batch.of(new NDList(manager.create(rows, new Shape(n, w))),
                new NDList(manager.create(ids, new Shape(n, f))), manager.create(labels)).withIdRows(ids, f, manager);
    }

    private static RatingExample example(InteractionEvent e) {
        return new RatingExample(e.userId(), e.itemId(), e.rating(), e.eventTime(), e.title(), e.genres(),
                e.releaseYear());
    }
}
