package org.levistream.trainer.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.common.config.SettingDefs;
import org.levistream.common.config.SettingType;
import org.levistream.common.config.Validator;
import org.levistream.model.device.DeviceChoice;
import org.levistream.model.levi.ModelSpec;
import org.levistream.schemas.deadletter.DeadLetterTopic;
import org.levistream.trainer.position.EndPoint;
import org.levistream.trainer.position.StartPoint;

/**
 * Settings the trainer reads once at start-up. Build it with {@link TrainerSettings#toConfig} from a settings map;
 * the compact constructor checks every rule and reports all problems at once. Each setting is declared once, with
 * its type, default and rule, in {@link #DEFINITIONS}; the constructor checks the same declared rules.
 *
 * @param experiment           the experiment id: names the checkpoint folder, group and {@code levi.checkpoints} key
 * @param bootstrapServers     Kafka's bootstrap servers
 * @param registry             {@code schema.registry.*} and {@code basic.auth.*} settings for the registry client
 * @param inputTopics          the topics trained on (interactions or images, as {@code trainer.features} says)
 * @param groupId              the consumer group whose committed offsets show the trainer's lag
 * @param checkpointDir        this experiment's checkpoint folder
 * @param batchSize            examples per step
 * @param checkpointEverySteps checkpoint after this many steps; 0 for never by count
 * @param checkpointEvery      checkpoint when this much time has passed since the last; zero for never by time
 * @param retainLast           newest checkpoints kept
 * @param retainBest           best checkpoints (lowest ID-validation RMSE) kept besides the newest
 * @param deadLetterTopic      where poison records go
 * @param checkpointsTopic     where {@code CheckpointEvent}s go (compacted, keyed by experiment)
 * @param holdoutTopic         the ID held-out topic validated on at each checkpoint; empty for none
 * @param holdoutSample        how many held-out records are read and scored
 * @param queueDepth           featurized batches prepared ahead of the training step (the default is deep enough
 *                             that the feed refills half of it per wake-up, and the other half covers the feed's
 *                             waits for a core)
 * @param idleSkip             a live trainer waits this long for a silent partition before skipping its turn (one
 *                             known to be at its end offset is skipped at once while others have records)
 * @param metricsPort          the Prometheus {@code /metrics} port; -1 for none, 0 for a free one
 * @param device               where the model trains
 * @param backbone             the frozen backbone
 * @param features             the featurizer
 * @param model                the model and optimizer
 * @param start                where a run without a checkpoint of its own starts
 * @param end                  where the run stops
 * @param epochs               passes over the stretch from the start to the end point (1 for one pass); more than
 *                             one needs a bounded end
 * @param consumer             extra Kafka consumer settings ({@code trainer.consumer.*}, prefix removed)
 * @param producer             extra Kafka producer settings ({@code trainer.producer.*}, prefix removed)
 */
public record TrainerConfig(String experiment, String bootstrapServers, Map<String, String> registry,
                            List<String> inputTopics, String groupId, Path checkpointDir, int batchSize,
                            long checkpointEverySteps, Duration checkpointEvery, int retainLast, int retainBest,
                            String deadLetterTopic, String checkpointsTopic, String holdoutTopic, int holdoutSample,
                            int queueDepth, Duration idleSkip, int metricsPort, DeviceChoice device,
                            BackboneSetting backbone, FeatureSetting features, ModelSpec model, StartPoint start,
                            EndPoint end, int epochs, Map<String, String> consumer, Map<String, String> producer) {

    /** Experiment id. */
    public static final String EXPERIMENT = "trainer.experiment";
    /** Kafka bootstrap servers. */
    public static final String BOOTSTRAP_SERVERS = "trainer.bootstrap.servers";
    /** Comma-separated input topics. */
    public static final String INPUT_TOPICS = "trainer.input.topics";
    /** Consumer group. */
    public static final String GROUP_ID = "trainer.group.id";
    /** Checkpoint folder. */
    public static final String CHECKPOINT_DIR = "trainer.checkpoint.dir";
    /** Batch size. */
    public static final String BATCH_SIZE = "trainer.batch.size";
    /** Checkpoint every N steps. */
    public static final String CHECKPOINT_EVERY_STEPS = "trainer.checkpoint.every.steps";
    /** Checkpoint every T. */
    public static final String CHECKPOINT_EVERY = "trainer.checkpoint.every";
    /** Newest checkpoints kept. */
    public static final String RETAIN_LAST = "trainer.checkpoint.retain.last";
    /** Best checkpoints kept. */
    public static final String RETAIN_BEST = "trainer.checkpoint.retain.best";
    /** Dead-letter topic: one key for every service ({@link DeadLetterTopic}). */
    public static final String DEAD_LETTER_TOPIC = DeadLetterTopic.KEY;
    /** The schema registry's URL; the other {@code schema.registry.*} and {@code basic.auth.*} keys pass through. */
    public static final String REGISTRY_URL = "schema.registry.url";
    /** Checkpoint-event topic. */
    public static final String CHECKPOINTS_TOPIC = "trainer.checkpoints.topic";
    /** ID held-out topic. */
    public static final String HOLDOUT_TOPIC = "trainer.holdout.topic";
    /** Held-out sample size. */
    public static final String HOLDOUT_SAMPLE = "trainer.holdout.sample";
    /** Batches prepared ahead. */
    public static final String QUEUE_DEPTH = "trainer.queue.depth";
    /** Idle partition wait of a live trainer. */
    public static final String IDLE_SKIP = "trainer.idle.skip";
    /** Metrics port. */
    public static final String METRICS_PORT = "trainer.metrics.port";
    /** Device. */
    public static final String DEVICE = "trainer.device";
    /** Backbone store folder. */
    public static final String BACKBONE_STORE = "trainer.backbone.store";
    /** Backbone content hash. */
    public static final String BACKBONE_HASH = "trainer.backbone.hash";
    /** {@code levi pretrain}'s output folder ({@code backbones.json} and {@code store/}). */
    public static final String BACKBONE_CATALOG = "trainer.backbone.catalog";
    /** A backbone's name in the catalogue, e.g. {@code movielens}. */
    public static final String BACKBONE_NAME = "trainer.backbone.name";
    /** A text encoder's tokenizer file; the catalogue's entry names it for {@code minilm-l6}. */
    public static final String BACKBONE_TOKENIZER = "trainer.backbone.tokenizer";
    /** TorchScript backbone file. */
    public static final String BACKBONE_TORCHSCRIPT = "trainer.backbone.torchscript";
    /** TorchScript backbone input shape. */
    public static final String BACKBONE_INPUT_SHAPE = "trainer.backbone.input.shape";
    /** Featurizer. */
    public static final String FEATURES = "trainer.features";
    /** GloVe file. */
    public static final String FEATURES_GLOVE = "trainer.features.glove";
    /** Items per user context. */
    public static final String FEATURES_RECENT_ITEMS = "trainer.features.recent.items";
    /** Users kept. */
    public static final String FEATURES_MAX_USERS = "trainer.features.max.users";
    /** Start point. */
    public static final String START = "trainer.start";
    /** End point. */
    public static final String END = "trainer.end";
    /** Passes over the stretch. */
    public static final String EPOCHS = "trainer.epochs";
    /** Prefix of pass-through consumer settings. */
    public static final String CONSUMER_PREFIX = "trainer.consumer.";
    /** Prefix of pass-through producer settings. */
    public static final String PRODUCER_PREFIX = "trainer.producer.";

    /**
     * Every trainer setting, declared once with its type, default and rule; {@code model.*} settings are
     * {@link ModelSpec}'s. Unknown {@code trainer.*} keys are reported; {@code trainer.consumer.*},
     * {@code trainer.producer.*}, {@code schema.registry.*}, {@code basic.auth.*} and {@code model.*} pass through.
     */
    public static final SettingDefs DEFINITIONS = new SettingDefs()
            .define(EXPERIMENT, SettingType.STRING, null, Validator.matches(Pattern.compile("[A-Za-z0-9._-]{1,120}"),
                    "must be 1-120 letters, digits, '.', '_' or '-'"),
                    "The experiment id: names the checkpoint folder, group and levi.checkpoints key.")
            .define(BOOTSTRAP_SERVERS, SettingType.STRING, "localhost:9092",
                    Validator.nonBlank("must name at least one host:port"), "Kafka's bootstrap servers.")
            .define(REGISTRY_URL, SettingType.STRING, "http://localhost:8081", "The Confluent-compatible schema registry.")
            .define(INPUT_TOPICS, SettingType.LIST, "levi.interactions",
                    Validator.nonEmptyList("must name at least one topic", Validator.topicName(false)),
                    "The topics trained on, comma-separated: interactions, or images for trainer.features=image.")
            .define(GROUP_ID, SettingType.STRING, null, Validator.nonBlank("must not be blank"),
                    "The consumer group (default: levi-trainer.<experiment>).")
            .define(CHECKPOINT_DIR, SettingType.STRING, null, "The checkpoint folder (default: checkpoints/<experiment>).")
            .define(BATCH_SIZE, SettingType.INT, "200", Validator.atLeast(1), "Examples per step.")
            .define(CHECKPOINT_EVERY_STEPS, SettingType.LONG, "1000", Validator.atLeast(0),
                    "Checkpoint after this many steps; 0 for never by count.")
            .define(CHECKPOINT_EVERY, SettingType.DURATION, "5s", Validator.notNegative(),
                    "Checkpoint when this much time has passed since the last; 0 for never by time.")
            .define(RETAIN_LAST, SettingType.INT, "3", Validator.atLeast(1), "Newest checkpoints kept.")
            .define(RETAIN_BEST, SettingType.INT, "1", Validator.atLeast(0), "Best checkpoints kept besides the newest.")
            .include(DeadLetterTopic.DEFINITIONS)
            .define(CHECKPOINTS_TOPIC, SettingType.STRING, "levi.checkpoints", Validator.topicName(false),
                    "Where CheckpointEvents go (compacted, keyed by experiment).")
            .define(HOLDOUT_TOPIC, SettingType.STRING, "", Validator.topicName(true),
                    "The ID held-out topic validated on at each checkpoint; empty for none.")
            .define(HOLDOUT_SAMPLE, SettingType.INT, "1000", Validator.atLeast(1), "Held-out records read and scored.")
            .define(QUEUE_DEPTH, SettingType.INT, "16", Validator.atLeast(1),
                    "Featurized batches prepared ahead of the training step.")
            .define(IDLE_SKIP, SettingType.DURATION, "2s", Validator.positive(),
                    "How long a live trainer waits for a silent partition before skipping its turn; a partition known "
                            + "to be at its end offset is skipped at once while others have records.")
            .define(METRICS_PORT, SettingType.INT, "-1", Validator.between(-1, 65_535),
                    "The Prometheus /metrics port; -1 for none, 0 for a free one.")
            .define(DEVICE, SettingType.STRING, "auto", "Where the model trains: auto, cpu or gpu.")
            .define(BACKBONE_STORE, SettingType.STRING, "data/backbones/store", "The backbone store folder.")
            .define(BACKBONE_HASH, SettingType.STRING, null, "The backbone's content hash in the store.")
            .define(BACKBONE_CATALOG, SettingType.STRING, null, "levi pretrain's output folder (backbones.json, store/).")
            .define(BACKBONE_NAME, SettingType.STRING, null, "A backbone's name in the catalogue, e.g. movielens.")
            .define(BACKBONE_TOKENIZER, SettingType.STRING, null, "A text encoder's tokenizer file (default: the one "
                    + "the catalogue entry names, e.g. for minilm-l6).")
            .define(BACKBONE_TORCHSCRIPT, SettingType.STRING, null, "A TorchScript backbone file.")
            .define(BACKBONE_INPUT_SHAPE, SettingType.LIST, null,
                    "One example's shape for a TorchScript backbone, e.g. 1,28,28.")
            .define(FEATURES, SettingType.STRING, "hashed", Validator.oneOf("hashed", "movielens", "image"),
                    "What the input topics hold and how it is featurized: hashed or movielens (interactions), or image "
                            + "(ImageRecords, for a classification model with the small CNN).")
            .define(FEATURES_GLOVE, SettingType.STRING, null, "The GloVe vectors file (movielens features).")
            .define(FEATURES_RECENT_ITEMS, SettingType.INT, "20", Validator.atLeast(1), "Items per user context.")
            .define(FEATURES_MAX_USERS, SettingType.INT, "1000000", Validator.atLeast(1), "Users kept.")
            .define(START, SettingType.STRING, "earliest", "Where a run without a checkpoint of its own starts.")
            .define(END, SettingType.STRING, "none", "Where the run stops.")
            .define(EPOCHS, SettingType.INT, "1", Validator.atLeast(1),
                    "Passes over the stretch from the start point to the end point: after the last record before the "
                            + "end, the run reads the stretch again from its start, in the same order, until it has "
                            + "trained on it this many times. More than 1 needs a bounded trainer.end.")
            .owns("trainer.")
            .passThrough(CONSUMER_PREFIX).passThrough(PRODUCER_PREFIX)
            .passThrough("schema.registry.").passThrough("basic.auth.").passThrough("model.");

    /** Checks every rule, reporting all problems at once; copies collections. */
    public TrainerConfig {
        List<String> problems = new ArrayList<>();
        inputTopics = List.copyOf(inputTopics);
        holdoutTopic = holdoutTopic == null ? "" : holdoutTopic;
        Objects.requireNonNull(checkpointEvery, CHECKPOINT_EVERY);
        Objects.requireNonNull(idleSkip, IDLE_SKIP);
        DEFINITIONS.check(EXPERIMENT, experiment == null ? "" : experiment, problems);
        DEFINITIONS.check(BOOTSTRAP_SERVERS, bootstrapServers, problems);
        DEFINITIONS.check(INPUT_TOPICS, inputTopics, problems);
        DEFINITIONS.check(DEAD_LETTER_TOPIC, deadLetterTopic, problems);
        DEFINITIONS.check(CHECKPOINTS_TOPIC, checkpointsTopic, problems);
        DEFINITIONS.check(HOLDOUT_TOPIC, holdoutTopic, problems);
        DEFINITIONS.check(BATCH_SIZE, batchSize, problems);
        DEFINITIONS.check(CHECKPOINT_EVERY_STEPS, checkpointEverySteps, problems);
        DEFINITIONS.check(RETAIN_LAST, retainLast, problems);
        DEFINITIONS.check(RETAIN_BEST, retainBest, problems);
        DEFINITIONS.check(HOLDOUT_SAMPLE, holdoutSample, problems);
        DEFINITIONS.check(QUEUE_DEPTH, queueDepth, problems);
        DEFINITIONS.check(METRICS_PORT, metricsPort, problems);
        DEFINITIONS.check(CHECKPOINT_EVERY, checkpointEvery, problems);
        DEFINITIONS.check(IDLE_SKIP, idleSkip, problems);
        DEFINITIONS.check(EPOCHS, epochs, problems);
        if (checkpointEverySteps == 0 && checkpointEvery.isZero()) {
            problems.add(CHECKPOINT_EVERY_STEPS + " and " + CHECKPOINT_EVERY + " were both 0 but at least one must be "
                    + "positive: a trainer that never checkpoints cannot resume");
        }
        Objects.requireNonNull(device, DEVICE);
        Objects.requireNonNull(backbone, "trainer.backbone");
        Objects.requireNonNull(features, FEATURES);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(start, START);
        Objects.requireNonNull(end, END);
        Objects.requireNonNull(checkpointDir, CHECKPOINT_DIR);
        checkBackbone(backbone, model, problems);
        checkFeatures(features, backbone, problems);
        checkTextBackbone(backbone, features, model, problems);
        checkEpochs(epochs, start, end, features, problems);
        DEFINITIONS.check(GROUP_ID, groupId, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        registry = Map.copyOf(registry);
        consumer = Map.copyOf(consumer);
        producer = Map.copyOf(producer);
    }

    /**
     * Returns whether checkpoints are scored on an ID held-out sample.
     *
     * @return true when {@link #holdoutTopic()} is set
     */
    public boolean validates() {
        return !holdoutTopic.isEmpty();
    }

    /**
     * Returns the settings that decide what a step computes: batch size, inputs, featurizer, backbone hash and
     * the model's settings. Two runs with equal training settings over the same records reach equal parameters.
     *
     * @return sorted dotted keys to values
     */
    public Map<String, String> trainingSettings() {
        Map<String, String> s = new TreeMap<>(model.toSettings());
        s.put(BATCH_SIZE, Integer.toString(batchSize));
        s.put(INPUT_TOPICS, String.join(",", inputTopics));
        s.put(FEATURES, features.settingName());
        if (features.kind() == FeatureSetting.Kind.MOVIELENS) {
            s.put(FEATURES_RECENT_ITEMS, Integer.toString(features.recentItems()));
            s.put(FEATURES_MAX_USERS, Integer.toString(features.maxUsers()));
        }
        return s;
    }

    /**
     * Hashes {@link #trainingSettings()}: SHA-256 over {@code key=value\n} lines sorted by key.
     *
     * @return 64 lowercase hex digits
     */
    public String trainingSettingsHash() {
        StringBuilder canonical = new StringBuilder();
        trainingSettings().forEach((k, v) -> canonical.append(k).append('=').append(v).append('\n'));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Returns a copy that reads and writes apart from other runs: another experiment id, group and checkpoint
     * folder, as a replay does.
     *
     * @param experiment    the new experiment id
     * @param groupId       its consumer group
     * @param checkpointDir its checkpoint folder
     * @return the copy
     */
    public TrainerConfig isolatedAs(String experiment, String groupId, Path checkpointDir) {
        return new TrainerConfig(experiment, bootstrapServers, registry, inputTopics, groupId, checkpointDir, batchSize,
                checkpointEverySteps, checkpointEvery, retainLast, retainBest, deadLetterTopic, checkpointsTopic,
                holdoutTopic, holdoutSample, queueDepth, idleSkip, metricsPort, device, backbone, features, model, start,
                end, epochs, consumer, producer);
    }

    /**
     * Returns a copy with other start and end points.
     *
     * @param start where to start without a checkpoint
     * @param end   where to stop
     * @return the copy
     */
    public TrainerConfig withRange(StartPoint start, EndPoint end) {
        return new TrainerConfig(experiment, bootstrapServers, registry, inputTopics, groupId, checkpointDir, batchSize,
                checkpointEverySteps, checkpointEvery, retainLast, retainBest, deadLetterTopic, checkpointsTopic,
                holdoutTopic, holdoutSample, queueDepth, idleSkip, metricsPort, device, backbone, features, model, start,
                end, epochs, consumer, producer);
    }

    private static void checkBackbone(BackboneSetting b, ModelSpec model, List<String> problems) {
        switch (b.kind()) {
            case NONE -> {
                if (model.method().usesBackbone()) {
                    problems.add(ModelSpec.METHOD + " was " + model.method().settingName() + " but no backbone is set; set "
                            + BACKBONE_STORE + " and " + BACKBONE_HASH + ", or " + BACKBONE_TORCHSCRIPT
                            + " (only small-only runs without one)");
                }
            }
            case STORE -> {
                if (b.hash() == null || !b.hash().matches("[0-9a-f]{64}")) {
                    problems.add(BACKBONE_HASH + " was '" + b.hash() + "' but must be a SHA-256 (64 lowercase hex digits)");
                }
            }
            case TORCHSCRIPT -> {
                if (b.inputShape().isEmpty() || b.inputShape().stream().anyMatch(d -> d < 1)) {
                    problems.add(BACKBONE_INPUT_SHAPE + " was '" + b.inputShape() + "' but a TorchScript backbone needs "
                            + "one example's shape as positive sizes, e.g. 1,28,28");
                }
            }
            default -> throw new IllegalStateException(b.kind().name());
        }
    }

    /**
     * A second pass needs a stretch with an end to go back from; and a stateful featurizer, which starts every pass
     * with the state it had when the first began, can know that state only when the run began afresh: a run that
     * starts from another experiment's checkpoint inherits a state rebuilt from records before its own stretch.
     */
    private static void checkEpochs(int epochs, StartPoint start, EndPoint end, FeatureSetting features,
                                    List<String> problems) {
        if (epochs <= 1) {
            return;
        }
        if (end == null || !end.bounded()) {
            problems.add(EPOCHS + " was " + epochs + " but more than one pass needs a bounded " + END + " (end, "
                    + "offsets:... or timestamp:...), and " + END + " was " + end);
        }
        if (features != null && features.kind() == FeatureSetting.Kind.MOVIELENS
                && start instanceof StartPoint.Checkpoint) {
            problems.add(EPOCHS + " was " + epochs + " but " + FEATURES + "=movielens keeps user histories that a run "
                    + "starting from another experiment's checkpoint (" + START + " was " + start + ") cannot restore at "
                    + "each pass; start from offsets or a timestamp, or train one pass");
        }
    }

    /**
     * A text encoder reads the items of interactions as text (title, year, genres) through its frozen views, and only
     * the methods that keep the backbone frozen can use views computed once: the views are precomputed, never run on
     * tokens in a step.
     */
    private static void checkTextBackbone(BackboneSetting b, FeatureSetting f, ModelSpec model, List<String> problems) {
        if (!b.readsText()) {
            return;
        }
        if (f.kind() != FeatureSetting.Kind.MOVIELENS) {
            String instead = f.kind() == FeatureSetting.Kind.IMAGE ? "an image backbone such as fashion-mnist"
                    : "a backbone pre-trained on its rows, such as movielens";
            problems.add(b.chosenAs() + " (a text encoder) but " + FEATURES + " was " + f.settingName() + "; a text "
                    + "encoder fits interaction records only, with " + FEATURES + "=movielens (items become title, "
                    + "year and genres as text); for " + FEATURES + "=" + f.settingName() + " choose " + instead);
        }
        if (model.method().usesBackbone() && model.method().evertrainsBackbone()) {
            problems.add(ModelSpec.METHOD + " was " + model.method().settingName() + " but must keep the backbone "
                    + "frozen (levi, levi-last-layer, lp, last-layer-head or small-only) with " + b.chosenAs()
                    + ": the text encoder's views are computed once per item text, never fine-tuned");
        }
    }

    private static void checkFeatures(FeatureSetting f, BackboneSetting b, List<String> problems) {
        if (f.kind() == FeatureSetting.Kind.MOVIELENS && f.glove() == null && !b.readsText()) {
            problems.add(FEATURES_GLOVE + " was unset but " + FEATURES + "=movielens needs the GloVe vectors file (unless the backbone is a text encoder such as minilm-l6)");
        }
        DEFINITIONS.check(FEATURES_RECENT_ITEMS, f.recentItems(), problems);
        DEFINITIONS.check(FEATURES_MAX_USERS, f.maxUsers(), problems);
    }
}
