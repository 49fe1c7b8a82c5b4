package org.levistream.evaluator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.common.config.SettingDefs;
import org.levistream.common.config.SettingType;
import org.levistream.common.config.SettingValues;
import org.levistream.common.config.Validator;
import org.levistream.evaluator.alerts.AlertSettings;
import org.levistream.evaluator.alerts.Margin;
import org.levistream.evaluator.dashboard.DashboardSettings;
import org.levistream.model.device.DeviceChoice;
import org.levistream.schemas.deadletter.DeadLetterTopic;

/**
 * Settings {@code levi evaluate} reads once at start-up, each declared once in {@link #DEFINITIONS}; build it with
 * {@link #from} from layered settings ({@code SettingsLayers}). Every problem is reported at once, naming the key, the
 * value and the rule.
 *
 * @param applicationId     the Kafka Streams application id: names the consumer group, the transactional ids and
 *                          the changelog topics, so two evaluators with one id share the work
 * @param bootstrapServers  Kafka's bootstrap servers
 * @param registry          {@code schema.registry.*} and {@code basic.auth.*} settings for the registry client
 * @param checkpointsTopic  where trainers announce versions
 * @param holdoutTopics     the held-out topics scored, each {@code <stream>.holdout} (ID) or {@code <stream>.ood.<name>}
 * @param experiments       the experiments followed; empty for every one
 * @param metricsTopic      where {@code MetricRecord}s go
 * @param alertsTopic       where {@code OodAlert}s go
 * @param workTopic         the evaluator's own topic, where held-out records and versions meet
 * @param workPartitions    the work topic's partitions: how many instances can share the work (by experiment)
 * @param deadLetterTopic   where records that cannot be read go
 * @param checkpointRoot    the folder every checkpoint must lie in; a version elsewhere is refused
 * @param backboneStore     the backbone store checkpoints name their backbones in by hash
 * @param glove             the GloVe vectors of versions trained with {@code movielens} features
 * @param sampleSize        held-out records kept per topic (a seeded sample)
 * @param sampleSeed        the sample's seed
 * @param sliceRecords      held-out records scored per punctuation
 * @param punctuateEvery    how often the scoring punctuator runs (wall clock)
 * @param startQuiet        a version's scoring starts once no held-out record has joined the sample for this long
 * @param startWaitMax      ... or once it has waited this long
 * @param queueMax          versions waiting per experiment; beyond it the oldest waiting one is skipped
 * @param prequentialWindow the event-time window of prequential scoring; zero for none
 * @param alerts            the degradation rule's margin, alpha and bootstrap settings
 * @param pinnedReference   the reference version, or -1 for the last version that raised no alert
 * @param device            where versions are scored
 * @param stateDir          Kafka Streams' state folder
 * @param dashboardPort     the dashboard's and {@code /metrics}' port; -1 for none, 0 for a free one
 * @param dashboardHost     the address the dashboard listens on
 * @param streams           extra Kafka Streams settings ({@code evaluator.streams.*}, prefix removed)
 */
public record EvaluatorConfig(String applicationId, String bootstrapServers, Map<String, String> registry,
                              String checkpointsTopic, List<String> holdoutTopics, List<String> experiments,
                              String metricsTopic, String alertsTopic, String workTopic, int workPartitions,
                              String deadLetterTopic, Path checkpointRoot, Path backboneStore, Path glove, int sampleSize,
                              long sampleSeed, int sliceRecords, Duration punctuateEvery, Duration startQuiet,
                              Duration startWaitMax, int queueMax, Duration prequentialWindow,
                              AlertSettings alerts, long pinnedReference,
                              DeviceChoice device, Path stateDir, int dashboardPort, String dashboardHost,
                              Map<String, String> streams) {

    /** Streams application id. */
    public static final String APPLICATION_ID = "evaluator.application.id";
    /** Kafka bootstrap servers. */
    public static final String BOOTSTRAP_SERVERS = "evaluator.bootstrap.servers";
    /** The schema registry's URL. */
    public static final String REGISTRY_URL = "schema.registry.url";
    /** Checkpoint-event topic. */
    public static final String CHECKPOINTS_TOPIC = "evaluator.checkpoints.topic";
    /** Held-out topics. */
    public static final String HOLDOUT_TOPICS = "evaluator.holdout.topics";
    /** Experiments followed. */
    public static final String EXPERIMENTS = "evaluator.experiments";
    /** Metric topic. */
    public static final String METRICS_TOPIC = DashboardSettings.METRICS_TOPIC;
    /** Alert topic. */
    public static final String ALERTS_TOPIC = DashboardSettings.ALERTS_TOPIC;
    /** Work topic. */
    public static final String WORK_TOPIC = "evaluator.work.topic";
    /** Work topic partitions. */
    public static final String WORK_PARTITIONS = "evaluator.work.partitions";
    /** Dead-letter topic, one key for every service. */
    public static final String DEAD_LETTER_TOPIC = DeadLetterTopic.KEY;
    /** Checkpoint root. */
    public static final String CHECKPOINT_ROOT = "evaluator.checkpoint.root";
    /** Backbone store. */
    public static final String BACKBONE_STORE = "evaluator.backbone.store";
    /** GloVe vectors of movielens features. */
    public static final String GLOVE = "evaluator.features.glove";
    /** Sample size per held-out topic. */
    public static final String SAMPLE_SIZE = "evaluator.sample.size";
    /** Sample seed. */
    public static final String SAMPLE_SEED = "evaluator.sample.seed";
    /** Records per scoring slice. */
    public static final String SLICE_RECORDS = "evaluator.slice.records";
    /** Punctuation interval. */
    public static final String PUNCTUATE_EVERY = "evaluator.punctuate.every";
    /** Quiet time before a version starts. */
    public static final String START_QUIET = "evaluator.start.quiet";
    /** Longest wait before a version starts. */
    public static final String START_WAIT_MAX = "evaluator.start.wait.max";
    /** Versions waiting per experiment. */
    public static final String QUEUE_MAX = "evaluator.queue.max";
    /** Prequential window. */
    public static final String PREQUENTIAL_WINDOW = "evaluator.prequential.window";
    /** Alert margin. */
    public static final String ALERT_MARGIN = "evaluator.alert.margin";
    /** Prefix of one metric's own alert margin, e.g. {@code evaluator.alert.margin.ece}. */
    public static final String ALERT_METRIC_MARGIN_PREFIX = ALERT_MARGIN + ".";
    /** The metrics that may have their own alert margin. */
    public static final List<String> ALERT_METRICS = List.of("rmse", "mae", "accuracy", "nll", "ece");
    /** Alert family-wise error rate. */
    public static final String ALERT_ALPHA = "evaluator.alert.alpha";
    /** Alert reference. */
    public static final String ALERT_REFERENCE = "evaluator.alert.reference";
    /** Bootstrap resamples for ECE. */
    public static final String ALERT_RESAMPLES = "evaluator.alert.resamples";
    /** Device. */
    public static final String DEVICE = "evaluator.device";
    /** State folder. */
    public static final String STATE_DIR = "evaluator.state.dir";
    /** Dashboard port. */
    public static final String DASHBOARD_PORT = DashboardSettings.PORT;
    /** Dashboard address. */
    public static final String DASHBOARD_HOST = DashboardSettings.HOST;
    /** Prefix of pass-through Kafka Streams settings. */
    public static final String STREAMS_PREFIX = "evaluator.streams.";

    private static final Pattern MARGIN = Pattern.compile("(\\d+(\\.\\d+)?)(%?)");
    private static final Pattern MARGIN_OR_EMPTY = Pattern.compile("|" + MARGIN.pattern());
    private static final Pattern DECIMAL = Pattern.compile("0?\\.\\d+");

    /** Every evaluator setting with its type, default and rule. */
    public static final SettingDefs DEFINITIONS = new SettingDefs()
            .define(APPLICATION_ID, SettingType.STRING, "levi-evaluator",
                    Validator.matches(Pattern.compile("[A-Za-z0-9._-]{1,120}"), "must be 1-120 letters, digits, '.', '_' or '-'"),
                    "The Kafka Streams application id (group, transactional ids, changelogs).")
            .define(BOOTSTRAP_SERVERS, SettingType.STRING, "localhost:9092",
                    Validator.nonBlank("must name at least one host:port"), "Kafka's bootstrap servers.")
            .define(REGISTRY_URL, SettingType.STRING, "http://localhost:8081", "The Confluent-compatible schema registry.")
            .define(CHECKPOINTS_TOPIC, SettingType.STRING, "levi.checkpoints", Validator.topicName(false),
                    "Where trainers announce versions.")
            .define(HOLDOUT_TOPICS, SettingType.LIST, "levi.interactions.holdout",
                    Validator.nonEmptyList("must name at least one topic", Validator.topicName(false)),
                    "Held-out topics, each <stream>.holdout (ID) or <stream>.ood.<name> (OOD); a version of a trainer "
                            + "reading <stream> is scored on that stream's topics.")
            .define(EXPERIMENTS, SettingType.LIST, "", "Experiments followed, comma-separated; empty for every one.")
            .define(METRICS_TOPIC, SettingType.STRING, "levi.metrics", Validator.topicName(false), "Where metrics go.")
            .define(ALERTS_TOPIC, SettingType.STRING, "levi.alerts", Validator.topicName(false), "Where alerts go.")
            .define(WORK_TOPIC, SettingType.STRING, "levi.evaluator.work", Validator.topicName(false),
                    "The evaluator's own topic, where held-out records and versions meet.")
            .define(WORK_PARTITIONS, SettingType.INT, "1", Validator.between(1, 1_000),
                    "Partitions of the work topic: how many instances can share the experiments.")
            .include(DeadLetterTopic.DEFINITIONS)
            .define(CHECKPOINT_ROOT, SettingType.STRING, "checkpoints",
                    "Every checkpoint must lie in this folder; a version elsewhere is refused.")
            .define(BACKBONE_STORE, SettingType.STRING, "data/backbones/store", "The backbone store (levi pretrain's).")
            .define(GLOVE, SettingType.STRING, "data/glove/glove-100d.bin",
                    "The GloVe vectors that versions with movielens features were trained with.")
            .define(SAMPLE_SIZE, SettingType.INT, "10000", Validator.atLeast(1), "Held-out records kept per topic.")
            .define(SAMPLE_SEED, SettingType.LONG, "42", "The held-out sample's seed.")
            .define(SLICE_RECORDS, SettingType.INT, "2048", Validator.atLeast(1), "Records scored per punctuation.")
            .define(PUNCTUATE_EVERY, SettingType.DURATION, "50ms", Validator.positive(),
                    "How often the scoring punctuator runs.")
            .define(START_QUIET, SettingType.DURATION, "1s", Validator.notNegative(),
                    "A version starts once no held-out record joined the sample for this long...")
            .define(START_WAIT_MAX, SettingType.DURATION, "30s", Validator.notNegative(),
                    "... or once it waited this long.")
            .define(QUEUE_MAX, SettingType.INT, "100", Validator.atLeast(1),
                    "Versions waiting per experiment; beyond it the oldest waiting one is skipped (counted).")
            .define(PREQUENTIAL_WINDOW, SettingType.DURATION, "0s", Validator.notNegative(),
                    "Prequential mode: held-out records arriving after a version was scored are scored by the "
                            + "current version, summed per tumbling event-time window of this length; 0 for off.")
            .define(ALERT_MARGIN, SettingType.STRING, "5%",
                    Validator.matches(MARGIN, "must be an absolute margin such as 0.01 or a relative one such as 2%"),
                    "How much worse than the reference a metric may be before it counts.")
            .define(ALERT_METRIC_MARGIN_PREFIX + "rmse", SettingType.STRING, "", metricMargin(),
                    "RMSE's own margin; empty for evaluator.alert.margin.")
            .define(ALERT_METRIC_MARGIN_PREFIX + "mae", SettingType.STRING, "", metricMargin(),
                    "MAE's own margin; empty for evaluator.alert.margin.")
            .define(ALERT_METRIC_MARGIN_PREFIX + "accuracy", SettingType.STRING, "", metricMargin(),
                    "Accuracy's own margin; empty for evaluator.alert.margin.")
            .define(ALERT_METRIC_MARGIN_PREFIX + "nll", SettingType.STRING, "", metricMargin(),
                    "NLL's own margin; empty for evaluator.alert.margin.")
            .define(ALERT_METRIC_MARGIN_PREFIX + "ece", SettingType.STRING, "", metricMargin(),
                    "ECE's own margin; empty for evaluator.alert.margin. ECE is small (often 0.01-0.05) and noisy, "
                            + "so a relative margin is a hair trigger: an absolute one such as 0.02 suits it.")
            .define(ALERT_ALPHA, SettingType.STRING, "0.05", Validator.matches(DECIMAL, "must be a number in (0, 1)"),
                    "Family-wise error rate across a version's topics and metrics (Holm).")
            .define(ALERT_REFERENCE, SettingType.STRING, "last-clean",
                    Validator.matches(Pattern.compile("last-clean|\\d+"), "must be last-clean or a version number"),
                    "The version compared against: the last one that raised no alert, or a pinned one.")
            .define(ALERT_RESAMPLES, SettingType.INT, "1000", Validator.atLeast(1), "Bootstrap resamples for ECE.")
            .define(DEVICE, SettingType.STRING, "auto", "Where versions are scored: auto, cpu or gpu.")
            .define(STATE_DIR, SettingType.STRING, "state/evaluator", "Kafka Streams' state folder.")
            .define(DASHBOARD_PORT, SettingType.INT, "8090", Validator.between(-1, 65_535),
                    "The dashboard's and /metrics' port; -1 for none, 0 for a free one.")
            .define(DASHBOARD_HOST, SettingType.STRING, "127.0.0.1", Validator.nonBlank("must name an address"),
                    "The address the dashboard listens on (0.0.0.0 for every interface).")
            .owns("evaluator.")
            .passThrough(STREAMS_PREFIX).passThrough("schema.registry.").passThrough("basic.auth.");

    /** Copies collections. */
    public EvaluatorConfig {
        registry = Map.copyOf(registry);
        holdoutTopics = List.copyOf(holdoutTopics);
        experiments = List.copyOf(experiments);
        streams = Map.copyOf(streams);
    }

    /**
     * Builds the config from merged settings.
     *
     * @param settings dotted keys to values; absent keys take their defaults
     * @return the validated config
     * @throws InvalidConfigException listing every problem
     */
    public static EvaluatorConfig from(Map<String, String> settings) {
        SettingValues v = DEFINITIONS.parse(settings);
        List<String> holdout = v.list(HOLDOUT_TOPICS);
        for (String topic : holdout == null ? List.<String>of() : holdout) {
            if (HeldOutTopic.parse(topic).isEmpty()) {
                v.addProblem(HOLDOUT_TOPICS + " was '" + String.join(",", holdout) + "' but '" + topic
                        + "' is neither <stream>.holdout nor <stream>.ood.<name>");
            }
        }
        DeviceChoice device = null;
        try {
            device = DeviceChoice.parse(DEVICE, v.string(DEVICE));
        } catch (InvalidConfigException e) {
            v.addProblems(e.problems());
        }
        v.throwIfInvalid();
        String reference = v.string(ALERT_REFERENCE);
        double alpha = Double.parseDouble(v.string(ALERT_ALPHA));
        Map<String, Margin> metricMargins = new TreeMap<>();
        for (String metric : ALERT_METRICS) {
            String own = v.string(ALERT_METRIC_MARGIN_PREFIX + metric);
            if (!own.isEmpty()) {
                metricMargins.put(metric, margin(own));
            }
        }
        AlertSettings alerts = new AlertSettings(margin(v.string(ALERT_MARGIN)), metricMargins, alpha,
                v.integer(ALERT_RESAMPLES), v.longValue(SAMPLE_SEED));
        return new EvaluatorConfig(v.string(APPLICATION_ID), v.string(BOOTSTRAP_SERVERS), registry(v),
                v.string(CHECKPOINTS_TOPIC), holdout, v.list(EXPERIMENTS), v.string(METRICS_TOPIC),
                v.string(ALERTS_TOPIC), v.string(WORK_TOPIC), v.integer(WORK_PARTITIONS), v.string(DEAD_LETTER_TOPIC),
                Path.of(v.string(CHECKPOINT_ROOT)), Path.of(v.string(BACKBONE_STORE)), Path.of(v.string(GLOVE)),
                v.integer(SAMPLE_SIZE),
                v.longValue(SAMPLE_SEED), v.integer(SLICE_RECORDS), v.duration(PUNCTUATE_EVERY),
                v.duration(START_QUIET), v.duration(START_WAIT_MAX), v.integer(QUEUE_MAX),
                v.duration(PREQUENTIAL_WINDOW), alerts,
                reference.equals("last-clean") ? -1 : Long.parseLong(reference), device, Path.of(v.string(STATE_DIR)),
                v.integer(DASHBOARD_PORT), v.string(DASHBOARD_HOST), v.withPrefix(STREAMS_PREFIX));
    }

    /**
     * The client settings the dashboard reads {@code levi.metrics} and {@code levi.alerts} back with: the bootstrap
     * servers and the registry's settings.
     *
     * @return a new map
     */
    public Map<String, String> dashboardClient() {
        Map<String, String> client = new java.util.TreeMap<>(registry);
        client.put("bootstrap.servers", bootstrapServers);
        return client;
    }

    /**
     * The dashboard's settings.
     *
     * @return where it listens and which topics it shows; empty when {@link #dashboardPort()} is -1
     */
    public java.util.Optional<DashboardSettings> dashboard() {
        return dashboardPort < 0 ? java.util.Optional.empty()
                : java.util.Optional.of(new DashboardSettings(dashboardHost, dashboardPort, metricsTopic, alertsTopic));
    }

    /**
     * Tells whether an experiment is followed.
     *
     * @param experiment the experiment id
     * @return true when {@link #experiments()} is empty or names it
     */
    public boolean follows(String experiment) {
        return experiments.isEmpty() || experiments.contains(experiment);
    }

    private static Validator metricMargin() {
        return Validator.matches(MARGIN_OR_EMPTY,
                "must be empty (the common evaluator.alert.margin), an absolute margin such as 0.02 or a relative one "
                        + "such as 10%");
    }

    private static Margin margin(String text) {
        var m = MARGIN.matcher(text);
        if (!m.matches()) {
            throw new IllegalStateException("checked by the definition: " + text);
        }
        double value = Double.parseDouble(m.group(1));
        return m.group(3).isEmpty() ? Margin.absolute(value) : Margin.relative(value / 100);
    }

    private static Map<String, String> registry(SettingValues v) {
        Map<String, String> registry = new TreeMap<>();
        v.raw().forEach((k, value) -> {
            if (k.startsWith("schema.registry.") || k.startsWith("basic.auth.")) {
                registry.put(k, value);
            }
        });
        registry.put(REGISTRY_URL, v.string(REGISTRY_URL));
        return registry;
    }
}
