package org.levistream.evaluator.testing;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.levistream.model.checkpoint.CheckpointStore;
import org.levistream.model.features.HashedRatingFeatures;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.optim.OptimizerSpec;
import org.levistream.model.task.SmallModelSpec;
import org.levistream.schemas.domain.InteractionEvent;

/**
 * Rating data and model versions for evaluator tests: interactions whose rating follows the item and the user, and
 * checkpoints of a small-only model trained on them (or on corrupted labels, for a worse version), written as the
 * trainer writes them, with the settings the evaluator rebuilds the model from.
 */
public final class RatingVersions {
    /** Buckets of the id tables. */
    public static final int BUCKETS = 512;
    private static final List<String> GENRES = List.of("Action", "Comedy", "Drama", "Horror", "Romance");

    private RatingVersions() {}

    /**
     * A checkpoint written for a version.
     *
     * @param dir         its directory
     * @param contentHash the SHA-256 of its manifest, as a trainer announces it
     * @param step        its step
     */
    public record Written(Path dir, String contentHash, long step) {}

    /** The settings of every test version: small-only over hashed ids, Adam. */
    public static ModelSpec spec(long seed) {
        return ModelSpec.builder().method(Method.SMALL_ONLY).small(SmallModelSpec.hashedIds(2, BUCKETS, 8, 16))
                .headHidden(16).optimizer(OptimizerSpec.adam(0.05f)).seed(seed).build();
    }

    /**
     * Interactions of 40 users and 80 items.
     *
     * @param seed   the data seed
     * @param count  how many
     * @param offset added to every item number, so that an OOD set can hold other items
     * @return the interactions
     */
    public static List<InteractionEvent> interactions(long seed, int count, int offset) {
        return interactions(seed, count, offset, 1_000_000L);
    }

    /**
     * As {@link #interactions(long, int, int)}, the k-th at {@code startSecond + k} seconds.
     *
     * @param seed        the data seed
     * @param count       how many
     * @param offset      added to every item number
     * @param startSecond the first one's event time, in epoch seconds
     * @return the interactions
     */
    public static List<InteractionEvent> interactions(long seed, int count, int offset, long startSecond) {
        Random r = new Random(seed);
        List<InteractionEvent> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int u = r.nextInt(40);
            int i = offset + r.nextInt(80);
            float rating = Math.round(2 * Math.max(0.5f, Math.min(5f, 1.5f + (i % 7) * 0.5f + (u % 3) * 0.3f
                    + (float) r.nextGaussian() * 0.3f))) / 2f;
            out.add(InteractionEvent.builder("u" + u, "i" + i, rating, Instant.ofEpochSecond(startSecond + k))
                    .genres(List.of(GENRES.get(i % GENRES.size()))).releaseYear(1980 + i % 30).build());
        }
        return out;
    }

    /**
     * Trains a version and writes its checkpoint under {@code root/experiment}.
     *
     * @param root       the checkpoint root
     * @param experiment the experiment
     * @param seed       the model's seed
     * @param data       what it trains on
     * @param steps      steps of 50 examples
     * @param labelShift added to every training label (clipped to the scale): 0 for a good version
     * @return the checkpoint
     * @throws IOException if writing fails
     */
    public static Written train(Path root, String experiment, long seed, List<InteractionEvent> data, int steps,
                                float labelShift) throws IOException {
        return train(root, experiment, seed, data, steps, labelShift, "levi.interactions");
    }

    /**
     * As {@link #train(Path, String, long, List, int, float)}, for a trainer that read another live topic.
     *
     * @param stream the live topic the version was "trained" on: its held-out topics are {@code stream.holdout} ...
     */
    public static Written train(Path root, String experiment, long seed, List<InteractionEvent> data, int steps,
                                float labelShift, String stream) throws IOException {
        HashedRatingFeatures features = new HashedRatingFeatures(BUCKETS);
        CheckpointStore store = new CheckpointStore(root.resolve(experiment));
        try (LeviModel model = LeviModel.create(spec(seed), null, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            for (int s = 0; s < steps; s++) {
                try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                    trainer.trainStep(batch(features, data, s * 50, 50, labelShift, m));
                }
            }
            String metadata = "{\"settings\":{\"trainer.features\":\"hashed\","
                    + "\"trainer.input.topics\":\"" + stream + "\"}}";
            Path dir = store.save(trainer, Map.of(), metadata);
            return new Written(dir, sha256(dir.resolve(CheckpointStore.MANIFEST_JSON)), trainer.step());
        }
    }

    private static Batch batch(HashedRatingFeatures features, List<InteractionEvent> data, int from, int n,
                               float labelShift, NDManager m) {
        int w = HashedRatingFeatures.width();
        float[] rows = new float[n * w];
        long[] ids = new long[n * 2];
        float[] labels = new float[n];
        for (int k = 0; k < n; k++) {
            InteractionEvent e = data.get((from + k) % data.size());
            features.rowInto(e.genres(), e.releaseYear(), rows, k * w);
            features.idsInto(e.userId(), e.itemId(), ids, k * 2);
            labels[k] = Math.max(0.5f, Math.min(5f, e.rating() + labelShift));
        }
        return Batch.of(new NDList(m.create(rows, new Shape(n, w))), new NDList(m.create(ids, new Shape(n, 2))),
                m.create(labels)).withIdRows(ids, 2, m);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
