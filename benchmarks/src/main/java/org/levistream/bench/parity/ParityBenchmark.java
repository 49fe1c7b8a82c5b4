package org.levistream.bench.parity;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.levistream.bench.parity.ParityResult.ArmRun;
import org.levistream.bench.parity.ParityResult.MethodRuns;
import org.levistream.bench.parity.ParityResult.ParamDiff;
import org.levistream.experiment.offline.ExampleSet;
import org.levistream.experiment.offline.ImageSet;
import org.levistream.experiment.offline.ModelRun;
import org.levistream.experiment.offline.MovieLensSplits;
import org.levistream.experiment.offline.OfflineSplits;
import org.levistream.experiment.offline.RatingSet;
import org.levistream.experiment.offline.Recipes;
import org.levistream.experiment.protocol.OfflineExperiment;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.model.backbone.BackboneCatalog;
import org.levistream.model.backbone.BackboneSource;
import org.levistream.model.checkpoint.CheckpointStore;
import org.levistream.model.features.GloveVectors;
import org.levistream.model.features.RecommendationFeaturizer;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.metrics.Metrics;
import org.levistream.model.tensor.NamedTensor;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;
import org.levistream.trainer.config.TrainerConfig;

/**
 * {@code levi bench parity}: does training from a topic give the model that {@code levi experiment} gives?
 *
 * <p>The benchmark's sets are loaded exactly as {@code levi experiment} loads them (same split file, caps and
 * validation slice), and its training set is written to topics of the given Kafka. For each method, with the seed,
 * epochs, batch size and learning rate the offline protocol chose, four arms train a model, and each final model is
 * scored on the ID test and OOD sets by the offline scorer ({@link ModelRun#evaluate}):
 * <ol>
 *   <li>{@value ParityResult#OFFLINE}: the offline protocol's own training ({@link ModelRun#train}), which reshuffles
 *       the examples every epoch with the seed;</li>
 *   <li>{@value ParityResult#STREAM}: the trainer over a topic holding the training set once, {@code trainer.epochs}
 *       passes; a topic replays one order, so every pass has the batches of the first;</li>
 *   <li>{@value ParityResult#OFFLINE_TOPIC_ORDER}: the offline training with every epoch in the topic's order, the
 *       same batches as the stream arm;</li>
 *   <li>{@value ParityResult#STREAM_EPOCH_ORDERS} (stateless featurizers only): the trainer over a topic holding one
 *       copy of the set per epoch, copy k in the offline run's epoch-k order, one bounded run per copy, each started
 *       from the previous run's checkpoint: the offline run's batches, from Kafka;</li>
 *   <li>{@value ParityResult#OFFLINE_STREAM_FEATURES} (the stateful MovieLens featurizer only): the offline training
 *       in the topic's order over the training ratings featurized as the trainer featurizes its stream, each rating's
 *       user context from the training ratings before it, where the offline sets take it from every earlier rating
 *       (pre-training period, validation and held-out ratings included).</li>
 * </ol>
 * The topic order of the stream arm is the offline run's first-epoch order for images and the event-time order for
 * MovieLens, whose featurizer builds each rating's user context from the ratings before it in the stream.
 */
public final class ParityBenchmark {
    /** The tap-cache bound of {@code levi experiment}'s runs. */
    private static final int CACHE_ENTRIES = 400_000;

    /**
     * What to run.
     *
     * @param benchmark  {@code movielens} or {@code digits}
     * @param data       the fetch script's data folder (or generated data)
     * @param backbones  {@code levi pretrain}'s output folder
     * @param splitFile  the benchmark's split file
     * @param reference  the offline protocol's settings and results
     * @param methods    the methods compared
     * @param seed       the runs' seed
     * @param partitions partitions of the training topics
     * @param quick      whether {@code data} is {@code --quick}'s generated data (smaller caps)
     */
    public record Options(String benchmark, Path data, Path backbones, Path splitFile, OfflineReference reference,
                          List<Method> methods, long seed, int partitions, boolean quick) {
        /** Copies the methods. */
        public Options {
            methods = List.copyOf(methods);
        }
    }

    private final Options options;
    private final String bootstrap;
    private final String registryUrl;
    private final Path work;
    private final PrintWriter out;

    private ParityBenchmark(Options options, String bootstrap, String registryUrl, Path work, PrintWriter out) {
        this.options = options;
        this.bootstrap = bootstrap;
        this.registryUrl = registryUrl;
        this.work = work;
        this.out = out;
    }

    /**
     * Runs every arm of every method.
     *
     * @param options     what to run
     * @param bootstrap   Kafka
     * @param registryUrl the schema registry
     * @param work        where checkpoints go
     * @param out         progress lines
     * @return the result
     * @throws Exception if data, Kafka or a trainer fails
     */
    public static ParityResult run(Options options, String bootstrap, String registryUrl, Path work, PrintWriter out)
            throws Exception {
        return new ParityBenchmark(options, bootstrap, registryUrl, work, out).run();
    }

    private ParityResult run() throws Exception {
        boolean images = options.benchmark().equals(OfflineExperiment.DIGITS);
        List<InteractionEvent> ratings = new ArrayList<>();
        OfflineSplits splits = load(ratings);
        int n = splits.train().size();
        OfflineReference ref = options.reference();
        say("%s: %s", options.benchmark(), splits.summary());
        int[][] epochOrders = ModelRun.epochOrders(n, ref.epochs(), options.seed());
        int[] topicOrder = images ? epochOrders[0] : identity(n);
        BackboneCatalog catalog = BackboneCatalog.read(options.backbones());
        String backboneName = OfflineExperiment.backboneName(options.benchmark());
        BackboneSource source = catalog.source(backboneName, Device.cpu());
        StreamingTrainer trainer = new StreamingTrainer(bootstrap, registryUrl, work.resolve("checkpoints"),
                catalog.storeDir(), catalog.entry(backboneName).sha256(), features(images), ref.batchSize());

        String prefix = "levi.parity." + options.benchmark() + "." + System.currentTimeMillis();
        long t0 = System.nanoTime();
        TrainingTopic once;
        TrainingTopic perEpoch = null;
        try (SchemaRegistryClient registry = HttpSchemaRegistryClient.create(Map.of(TrainerConfig.REGISTRY_URL,
                registryUrl))) {
            once = TrainingTopic.create(bootstrap, prefix + ".once", options.partitions());
            IntFunction<byte[]> values = values(registry, once.name(), splits.train(), ratings);
            once.append(topicOrder, values);
            if (images) {
                perEpoch = TrainingTopic.create(bootstrap, prefix + ".epochs", options.partitions());
                IntFunction<byte[]> perEpochValues = values(registry, perEpoch.name(), splits.train(), ratings);
                for (int[] order : epochOrders) {
                    perEpoch.append(order, perEpochValues);
                }
            }
        }
        say("wrote the training topics in %.1f s", (System.nanoTime() - t0) / 1e9);

        RatingSet streamFeatures = images ? null : streamFeatures(ratings);
        List<MethodRuns> runs = new ArrayList<>();
        for (Method method : options.methods()) {
            runs.add(method(method, splits, streamFeatures, source, trainer, topicOrder, once, perEpoch));
        }
        Map<String, Integer> sets = new LinkedHashMap<>();
        sets.put("train", n);
        sets.put(splits.idTest().name(), splits.idTest().size());
        splits.ood().forEach((name, set) -> sets.put(name, set.size()));
        return new ParityResult(options.benchmark(), ref.epochs(), ref.batchSize(), options.seed(),
                options.partitions(), images ? "the offline run's first-epoch order (ModelRun.epochOrders)"
                : "event time, as levi ingest publishes ratings (the training set's own order)", images, sets, runs,
                ref);
    }

    private MethodRuns method(Method method, OfflineSplits splits, RatingSet streamFeatures, BackboneSource source,
                              StreamingTrainer trainer, int[] topicOrder, TrainingTopic once, TrainingTopic perEpoch)
            throws Exception {
        OfflineReference ref = options.reference();
        float lr = ref.learningRate(method);
        long stepsPerEpoch = (splits.train().size() + ref.batchSize() - 1) / ref.batchSize();
        // As the protocol sets it: LP-FT unfreezes half-way through training.
        ModelSpec spec = Recipes.spec(splits.train().task(), method, lr, options.seed(),
                stepsPerEpoch * ref.epochs() / 2, Map.of());
        Map<String, ArmRun> arms = new LinkedHashMap<>();
        Map<String, List<NamedTensor>> parameters = new LinkedHashMap<>();
        String name = method.settingName();

        try (ModelRun run = ModelRun.create(spec, source, Device.cpu(), CACHE_ENTRIES, false)) {
            long t0 = System.nanoTime();
            run.train(splits.train(), ref.epochs(), ref.batchSize(), options.seed(), null);
            arms.put(ParityResult.OFFLINE, arm(ParityResult.OFFLINE, run, splits, t0));
            parameters.put(ParityResult.OFFLINE, run.parameters());
        }
        try (ModelRun run = ModelRun.create(spec, source, Device.cpu(), CACHE_ENTRIES, false)) {
            long t0 = System.nanoTime();
            for (int epoch = 0; epoch < ref.epochs(); epoch++) {
                for (int from = 0; from < topicOrder.length; from += ref.batchSize()) {
                    run.step(splits.train(), topicOrder, from, Math.min(topicOrder.length, from + ref.batchSize()));
                }
            }
            arms.put(ParityResult.OFFLINE_TOPIC_ORDER, arm(ParityResult.OFFLINE_TOPIC_ORDER, run, splits, t0));
            parameters.put(ParityResult.OFFLINE_TOPIC_ORDER, run.parameters());
        }
        if (streamFeatures != null) {
            try (ModelRun run = ModelRun.create(spec, source, Device.cpu(), CACHE_ENTRIES, false)) {
                long t0 = System.nanoTime();
                for (int epoch = 0; epoch < ref.epochs(); epoch++) {
                    for (int from = 0; from < topicOrder.length; from += ref.batchSize()) {
                        run.step(streamFeatures, topicOrder, from, Math.min(topicOrder.length,
                                from + ref.batchSize()));
                    }
                }
                arms.put(ParityResult.OFFLINE_STREAM_FEATURES, arm(ParityResult.OFFLINE_STREAM_FEATURES, run, splits,
                        t0));
                parameters.put(ParityResult.OFFLINE_STREAM_FEATURES, run.parameters());
            }
        }
        long t0 = System.nanoTime();
        Path passes = trainer.passes(name + "-passes", once.name(), spec, ref.epochs());
        arms.put(ParityResult.STREAM, scored(ParityResult.STREAM, passes, spec, source, splits, t0));
        parameters.put(ParityResult.STREAM, CheckpointStore.read(passes).parameters());
        List<ParamDiff> diffs = new ArrayList<>();
        diffs.add(diff(ParityResult.STREAM, streamFeatures == null ? ParityResult.OFFLINE_TOPIC_ORDER
                : ParityResult.OFFLINE_STREAM_FEATURES, parameters));
        if (perEpoch != null) {
            t0 = System.nanoTime();
            Path chained = trainer.chain(name + "-epoch", perEpoch.name(), spec, perEpoch.stretchEnds());
            arms.put(ParityResult.STREAM_EPOCH_ORDERS, scored(ParityResult.STREAM_EPOCH_ORDERS, chained, spec, source,
                    splits, t0));
            parameters.put(ParityResult.STREAM_EPOCH_ORDERS, CheckpointStore.read(chained).parameters());
            diffs.add(0, diff(ParityResult.STREAM_EPOCH_ORDERS, ParityResult.OFFLINE, parameters));
        }
        return new MethodRuns(method, lr, arms, diffs);
    }

    /** Scores a trained offline run. */
    private ArmRun arm(String arm, ModelRun run, OfflineSplits splits, long t0) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        ArmRun scored = new ArmRun(arm, score(run, splits), seconds);
        say("  %s %s: %.1f s; %s", run.model().spec().method().settingName(), arm, seconds, brief(scored.scores()));
        return scored;
    }

    /** Scores a streaming run's final checkpoint with a fresh offline run of the same model. */
    private ArmRun scored(String arm, Path checkpoint, ModelSpec spec, BackboneSource source, OfflineSplits splits,
                          long t0) throws IOException {
        double seconds = (System.nanoTime() - t0) / 1e9;
        try (ModelRun run = ModelRun.create(spec, source, Device.cpu(), CACHE_ENTRIES, false)) {
            run.loadParameters(checkpoint);
            ArmRun scored = new ArmRun(arm, score(run, splits), seconds);
            say("  %s %s: %.1f s; %s (%s)", spec.method().settingName(), arm, seconds, brief(scored.scores()),
                    checkpoint.getFileName());
            return scored;
        }
    }

    /** One line: every set's metrics, four decimals. */
    private static String brief(Map<String, Metrics> scores) {
        StringBuilder s = new StringBuilder();
        scores.forEach((set, m) -> {
            s.append(s.length() == 0 ? "" : "; ").append(set);
            m.values().forEach((k, v) -> s.append(' ').append(k).append(' ').append(String.format(Locale.ROOT, "%.4f",
                    v)));
        });
        return s.toString();
    }

    private static Map<String, Metrics> score(ModelRun run, OfflineSplits splits) {
        Map<String, Metrics> scores = new LinkedHashMap<>();
        scores.put(splits.idTest().name(), run.evaluate(splits.idTest()));
        splits.ood().forEach((name, set) -> scores.put(name, run.evaluate(set)));
        return scores;
    }

    private static ParamDiff diff(String arm, String against, Map<String, List<NamedTensor>> parameters) {
        Map<String, NamedTensor> other = new LinkedHashMap<>();
        parameters.get(against).forEach(t -> other.put(t.name(), t));
        boolean equal = parameters.get(arm).size() == other.size();
        double max = 0;
        for (NamedTensor t : parameters.get(arm)) {
            NamedTensor o = other.get(t.name());
            if (o == null || !o.shape().equals(t.shape())) {
                return new ParamDiff(arm, against, false, Double.POSITIVE_INFINITY);
            }
            equal &= t.bitEquals(o);
            float[] a = t.toArray();
            float[] b = o.toArray();
            for (int i = 0; i < a.length; i++) {
                max = Math.max(max, Math.abs((double) a[i] - b[i]));
            }
        }
        return new ParamDiff(arm, against, equal, max);
    }

    private OfflineSplits load(List<InteractionEvent> ratings) throws IOException {
        SplitPlan plan = SplitPlan.load(options.splitFile());
        var limits = OfflineExperiment.limits(options.benchmark(), 0.1, -1, -1, options.quick());
        if (options.benchmark().equals(OfflineExperiment.MOVIELENS)) {
            return MovieLensSplits.load(options.data().resolve("movielens/movielens.csv"),
                    options.data().resolve("glove/glove-100d.bin"), plan, limits, ratings::add);
        }
        return OfflineExperiment.load(options.benchmark(), options.data(), plan, limits);
    }

    /**
     * The training ratings featurized as the trainer's MovieLens featurizer does over the stream: in the stream's
     * order (event time), each rating's user context from the training ratings before it only.
     */
    private RatingSet streamFeatures(List<InteractionEvent> ratings) throws IOException {
        RecommendationFeaturizer featurizer = MovieLensSplits.featurizer(GloveVectors.read(
                options.data().resolve("glove/glove-100d.bin")));
        RatingSet set = new RatingSet("train-stream-features", featurizer.backboneWidth());
        float[] row = new float[featurizer.backboneWidth()];
        long[] ids = new long[RecommendationFeaturizer.ID_FIELDS];
        for (int i = 0; i < ratings.size(); i++) {
            featurizer.next(MovieLensSplits.example(ratings.get(i)), row, 0, ids, 0);
            set.add(row, 0, ids, 0, ratings.get(i).rating(), "stream-" + i);
        }
        return set;
    }

    private Map<String, String> features(boolean images) {
        if (images) {
            return Map.of(TrainerConfig.FEATURES, "image");
        }
        // The offline sets' featurizer (MovieLensSplits.featurizer): GloVe titles, 20 recent items per user.
        return Map.of(TrainerConfig.FEATURES, "movielens",
                TrainerConfig.FEATURES_GLOVE, options.data().resolve("glove/glove-100d.bin").toString(),
                TrainerConfig.FEATURES_RECENT_ITEMS, Integer.toString(MovieLensSplits.RECENT_ITEMS),
                TrainerConfig.FEATURES_MAX_USERS, "1000000");
    }

    /** The Avro value of a training example: the image as ingest publishes it, or the rating itself. */
    private static IntFunction<byte[]> values(SchemaRegistryClient registry, String topic, ExampleSet train,
                                              List<InteractionEvent> ratings) {
        AvroSerializer<Object> serializer = new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);
        if (train instanceof ImageSet set) {
            Instant t = Instant.parse("2020-01-01T00:00:00Z");
            return i -> serializer.serialize(topic, AvroMapping.toAvro(ImageEvent.grey(set.key(i), (int) set.label(i),
                    28, 28, set.pixels(i), "mnist", t.plusMillis(i))));
        }
        if (ratings.size() != train.size()) {
            throw new IllegalStateException(ratings.size() + " training ratings were handed on for a training set of "
                    + train.size());
        }
        return i -> serializer.serialize(topic, AvroMapping.toAvro(ratings.get(i)));
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private void say(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
