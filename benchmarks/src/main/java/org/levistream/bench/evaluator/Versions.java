package org.levistream.bench.evaluator;

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
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.levistream.evaluator.scoring.HeldOutBatches;
import org.levistream.model.backbone.Backbone;
import org.levistream.model.backbone.BackboneArchitecture;
import org.levistream.model.backbone.BackboneStore;
import org.levistream.model.backbone.BlockBackbone;
import org.levistream.model.checkpoint.CheckpointStore;
import org.levistream.model.features.HashedRatingFeatures;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.LeviModel;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.metrics.Metrics;
import org.levistream.model.metrics.Scorer;
import org.levistream.model.optim.OptimizerSpec;
import org.levistream.model.task.SmallModelSpec;
import org.levistream.schemas.domain.InteractionEvent;

/**
 * Rating data and model versions for the evaluator benchmarks: interactions whose rating follows the item and the
 * user, and checkpoints of a small-only model trained on them, written as the trainer writes them (a
 * {@link CheckpointStore} directory whose metadata names the {@code hashed} features and {@code levi.interactions}),
 * so that the evaluator rebuilds and scores them as it would a trainer's.
 *
 * <p>A version can be trained on corrupted labels (every label shifted by a fixed amount, clipped to the scale): its
 * true loss is worse by a known amount, which {@link #train} measures on a large set of its own.
 */
public final class Versions {
    /** Buckets of the id tables. */
    public static final int BUCKETS = 512;
    /**
     * Adam's learning rate. At 0.05 over 80 steps one version's true RMSE on a held-out population varied across
     * seeds with an sd of 1-3%, as much as the evaluator's default 2% margin; at 0.01 over {@value #STEPS} steps, about
     * 1% (populations of ids training saw).
     */
    public static final float LEARNING_RATE = 0.01f;
    /** Training steps of every version: 10 passes over 2,000 records. */
    public static final int STEPS = 400;
    /** Examples per training step. */
    public static final int BATCH = 50;
    /** The live stream the versions are trained on: their held-out topics are {@code levi.interactions.*}. */
    public static final String STREAM = "levi.interactions";
    private static final String METADATA = "{\"settings\":{\"trainer.features\":\"hashed\","
            + "\"trainer.input.topics\":\"" + STREAM + "\"}}";
    private static final List<String> GENRES = List.of("Action", "Comedy", "Drama", "Horror", "Romance");

    private Versions() {}

    /**
     * A population of users and items.
     *
     * @param firstUser the first user number
     * @param users     how many users
     * @param firstItem the first item number
     * @param items     how many items
     */
    public record Population(int firstUser, int users, int firstItem, int items) {
        /** The training population, and the ID held-out topic's: 40 users, 80 items. */
        public static final Population ID = new Population(0, 40, 0, 80);
        /** Half of the items are ones training never saw. */
        public static final Population NEW_ITEMS = new Population(0, 40, 40, 80);
        /** Half of the users are ones training never saw. */
        public static final Population NEW_USERS = new Population(20, 40, 0, 80);
        /** Only the last quarter of the items: a shift of popularity among items training saw. */
        public static final Population TAIL_ITEMS = new Population(0, 40, 60, 20);
        /** Only the last quarter of the users, every item. */
        public static final Population FEW_USERS = new Population(30, 10, 0, 80);
    }

    /**
     * A written version.
     *
     * @param dir         its checkpoint directory
     * @param contentHash the SHA-256 of its manifest, as a trainer announces it
     * @param step        its training step
     * @param truth       its metrics on each truth set given to {@link #train}, by name
     */
    public record Written(Path dir, String contentHash, long step, Map<String, Metrics> truth, String backboneHash) {
        /** Copies the map. */
        public Written {
            truth = Map.copyOf(truth);
        }

        /**
         * Its RMSE on a truth set.
         *
         * @param set the set's name
         * @return the RMSE
         */
        public double rmse(String set) {
            return truth.get(set).get(Metrics.RMSE);
        }
    }

    /**
     * The settings of every version: small-only over hashed ids, Adam.
     *
     * @param seed the model's seed
     * @return the spec
     */
    public static ModelSpec spec(long seed) {
        return ModelSpec.builder().method(Method.SMALL_ONLY).small(SmallModelSpec.hashedIds(2, BUCKETS, 8, 16))
                .headHidden(16).optimizer(OptimizerSpec.adam(LEARNING_RATE)).seed(seed).build();
    }

    /**
     * Interactions of a population; the rating is {@code 1.5 + 0.5 (item mod 7) + 0.3 (user mod 3)} plus Gaussian
     * noise (sd 0.3), clipped to [0.5, 5] and rounded to halves.
     *
     * @param seed       the data seed
     * @param count      how many
     * @param population whose
     * @return the interactions
     */
    public static List<InteractionEvent> interactions(long seed, int count, Population population) {
        SplittableRandom r = new SplittableRandom(seed);
        List<InteractionEvent> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int u = population.firstUser() + r.nextInt(population.users());
            int i = population.firstItem() + r.nextInt(population.items());
            double rating = Math.round(2 * clip(1.5 + (i % 7) * 0.5 + (u % 3) * 0.3 + gaussian(r) * 0.3)) / 2.0;
            out.add(InteractionEvent.builder("u" + u, "i" + i, (float) rating, Instant.ofEpochSecond(1_000_000L + k))
                    .genres(List.of(GENRES.get(i % GENRES.size()))).releaseYear(1980 + i % 30).build());
        }
        return out;
    }

    /**
     * Trains a version and writes its checkpoint in a folder of its own.
     *
     * @param dir        the version's checkpoint folder (a {@link CheckpointStore} root)
     * @param seed       the model's seed
     * @param data       what it trains on, in order, wrapping around
     * @param steps      steps of {@value #BATCH} examples
     * @param labelShift added to every training label before clipping: 0 for a clean version
     * @param truth      large sets to measure the version's true metrics on, in memory, by name; empty for none
     * @return the checkpoint
     * @throws IOException if writing fails
     */
    public static Written train(Path dir, long seed, List<InteractionEvent> data, int steps, double labelShift,
                                Map<String, List<InteractionEvent>> truth) throws IOException {
        return train(dir, seed, data, steps, labelShift, truth, null);
    }

    /**
     * A frozen backbone over the hashed rows for LEVI versions: an MLP of two tapped layers of 64, put in a store.
     *
     * @param store the backbone store
     * @return its content hash
     * @throws IOException if storing fails
     */
    public static String storeBackbone(Path store) throws IOException {
        try (BlockBackbone b = BlockBackbone.create(BackboneArchitecture.mlp(HashedRatingFeatures.width(), 64, 64), 3,
                Device.cpu())) {
            return new BackboneStore(store).put(b);
        }
    }

    /**
     * As {@link #train(Path, long, List, int, double, Map)}, as LEVI over a frozen backbone when one is given: the
     * backbone's taps, adapters and the small model under one head, which is what the evaluator scores in practice.
     *
     * @param backbone the frozen backbone, or {@code null} for the small model alone
     */
    public static Written train(Path dir, long seed, List<InteractionEvent> data, int steps, double labelShift,
                                Map<String, List<InteractionEvent>> truth, Backbone backbone) throws IOException {
        HashedRatingFeatures features = new HashedRatingFeatures(BUCKETS);
        CheckpointStore store = new CheckpointStore(dir);
        ModelSpec spec = backbone == null ? spec(seed) : spec(seed).toBuilder().method(Method.LEVI)
                .projectionWidth(32).headHidden(64).build();
        try (LeviModel model = LeviModel.create(spec, backbone, Device.cpu());
             LeviTrainer trainer = new LeviTrainer(model, null)) {
            for (int s = 0; s < steps; s++) {
                try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                    trainer.trainStep(batch(features, data, s * BATCH, labelShift, m));
                }
            }
            Path written = store.save(trainer, Map.of(), METADATA);
            HeldOutBatches batches = new HeldOutBatches.HashedRatings(features);
            Map<String, Metrics> measured = new TreeMap<>();
            truth.forEach((name, records) -> measured.put(name, Scorer.score(model, null,
                    new ArrayList<Object>(records), batches::batch, batches::label, Scorer.DEFAULT_CHUNK)));
            return new Written(written, sha256(written.resolve(CheckpointStore.MANIFEST_JSON)), trainer.step(),
                    measured, backbone == null ? "" : backbone.contentHash());
        }
    }

    private static Batch batch(HashedRatingFeatures features, List<InteractionEvent> data, int from,
                               double labelShift, NDManager m) {
        int w = HashedRatingFeatures.width();
        int f = HashedRatingFeatures.ID_FIELDS;
        float[] rows = new float[BATCH * w];
        long[] ids = new long[BATCH * f];
        float[] labels = new float[BATCH];
        for (int k = 0; k < BATCH; k++) {
            InteractionEvent e = data.get((from + k) % data.size());
            features.rowInto(e.genres(), e.releaseYear(), rows, k * w);
            features.idsInto(e.userId(), e.itemId(), ids, k * f);
            labels[k] = (float) clip(e.rating() + labelShift);
        }
        return Batch.of(new NDList(m.create(rows, new Shape(BATCH, w))), new NDList(m.create(ids, new Shape(BATCH, f))),
                m.create(labels)).withIdRows(ids, f, m);
    }

    private static double clip(double rating) {
        return Math.max(0.5, Math.min(5, rating));
    }

    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
