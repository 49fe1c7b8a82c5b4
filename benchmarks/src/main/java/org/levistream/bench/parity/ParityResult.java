package org.levistream.bench.parity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.levistream.model.levi.Method;
import org.levistream.model.metrics.Metrics;

/**
 * What {@code levi bench parity} measured for one benchmark: every arm's scores per method, the parameter comparisons,
 * and the parity checks with their criteria.
 *
 * <p>Arms: {@value #OFFLINE} is {@code levi experiment}'s own training for the seed (the examples reshuffled every
 * epoch); {@value #OFFLINE_TOPIC_ORDER} is the same offline training with every epoch in the one order the topic
 * holds; {@value #STREAM} is the trainer over that topic with {@code trainer.epochs}; {@value #STREAM_EPOCH_ORDERS} is
 * the trainer over a topic holding every epoch's offline order, one bounded run per epoch, each started from the
 * previous run's checkpoint; {@value #OFFLINE_STREAM_FEATURES} (stateful featurizers) is the offline training, in the
 * topic's order, over the training set featurized as the trainer featurizes its stream.
 *
 * @param benchmark    {@code movielens} or {@code digits}
 * @param epochs       passes over the training set
 * @param batchSize    examples per step
 * @param seed         the runs' seed
 * @param partitions   partitions of the training topics
 * @param topicOrder   the order the {@value #STREAM} arm's topic holds, for people
 * @param sameFeatures whether the trainer's featurizer gives every example the offline set's features (a stateless
 *                     one), so that the same batches must give the same model
 * @param sets         the sets' sizes
 * @param methods      each method's runs
 * @param reference    the protocol's results
 */
public record ParityResult(String benchmark, int epochs, int batchSize, long seed, int partitions, String topicOrder,
                           boolean sameFeatures, Map<String, Integer> sets, List<MethodRuns> methods,
                           OfflineReference reference) {
    /** {@code levi experiment}'s training. */
    public static final String OFFLINE = "offline";
    /** Offline, every epoch in the topic's order. */
    public static final String OFFLINE_TOPIC_ORDER = "offline-topic-order";
    /** Offline, in the topic's order, over the features the trainer computes from the stream. */
    public static final String OFFLINE_STREAM_FEATURES = "offline-stream-features";
    /** The trainer, {@code trainer.epochs} passes over one copy. */
    public static final String STREAM = "stream";
    /** The trainer, one bounded run per epoch over copies in the offline epochs' orders. */
    public static final String STREAM_EPOCH_ORDERS = "stream-epoch-orders";
    /** The relative tolerance where both sides train on the same batches. */
    public static final double SAME_BATCHES_TOLERANCE = 0.01;

    /** Copies the collections. */
    public ParityResult {
        sets = Map.copyOf(sets);
        methods = List.copyOf(methods);
    }

    /**
     * One arm's run.
     *
     * @param arm     the arm's name
     * @param scores  the final model's metrics per set, ID test first
     * @param seconds wall time of training (and, for the streaming arms, the trainer's start-up)
     */
    public record ArmRun(String arm, Map<String, Metrics> scores, double seconds) {}

    /**
     * Two arms' final trainable parameters compared.
     *
     * @param arm      one arm
     * @param against  the other
     * @param bitEqual whether every parameter has the same bits
     * @param maxAbs   the largest absolute difference of one value
     */
    public record ParamDiff(String arm, String against, boolean bitEqual, double maxAbs) {}

    /**
     * One method's arms.
     *
     * @param method       the method
     * @param learningRate its rate
     * @param arms         the arms' runs by name
     * @param diffs        parameter comparisons
     */
    public record MethodRuns(Method method, float learningRate, Map<String, ArmRun> arms, List<ParamDiff> diffs) {}

    /**
     * One parity check.
     *
     * @param method    the method
     * @param set       the set
     * @param metric    the metric
     * @param arm       the streaming arm checked
     * @param value     its value
     * @param reference what it is held against
     * @param rule      the criterion, for people
     * @param pass      whether it holds
     */
    public record Check(Method method, String set, String metric, String arm, double value, double reference,
                        String rule, boolean pass) {}

    /**
     * The checks whose criterion applies: where both sides train on the same batches (and features), the streaming
     * metric within {@value #SAME_BATCHES_TOLERANCE} (relative) of the offline one; where the order necessarily
     * differs, the streaming metric within one standard deviation of the offline seeds of the offline run with the
     * same seed. The reference is that run, not the seeds' mean: both start from the same initialisation and differ
     * in the order of batches alone, a part of what differs between seeds; and with three seeds a single run is
     * easily more than one deviation from their mean (on digits, LEVI's seed-1 run is, on every metric).
     *
     * @return every check
     */
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        for (MethodRuns m : methods) {
            forEachScore(m, (set, metric) -> {
                for (List<String> pair : sameBatchPairs()) {
                    sameBatches(m, set, metric, pair.get(0), pair.get(1)).ifPresent(checks::add);
                }
                orderDiffers(m, set, metric).ifPresent(checks::add);
            });
        }
        return checks;
    }

    /**
     * The pairs of arms that train on the same batches with the same features: a streaming arm and its offline twin.
     *
     * @return {@code [arm, offline arm]} pairs
     */
    public List<List<String>> sameBatchPairs() {
        return sameFeatures ? List.of(List.of(STREAM_EPOCH_ORDERS, OFFLINE), List.of(STREAM, OFFLINE_TOPIC_ORDER))
                : List.of(List.of(STREAM, OFFLINE_STREAM_FEATURES));
    }

    /**
     * Tells whether every check holds.
     *
     * @return true when all pass (and there is at least one)
     */
    public boolean passed() {
        List<Check> checks = checks();
        return !checks.isEmpty() && checks.stream().allMatch(Check::pass);
    }

    /**
     * Returns an arm's score.
     *
     * @param m      the method's runs
     * @param arm    the arm
     * @param set    the set
     * @param metric the metric
     * @return the value, or empty when the arm did not run
     */
    public static Optional<Double> value(MethodRuns m, String arm, String set, String metric) {
        ArmRun run = m.arms().get(arm);
        if (run == null || !run.scores().containsKey(set)) {
            return Optional.empty();
        }
        return Optional.ofNullable(run.scores().get(set).values().get(metric));
    }

    /**
     * Relative difference of a value from a reference.
     *
     * @param value     the value
     * @param reference the reference
     * @return {@code (value - reference) / |reference|}
     */
    public static double relative(double value, double reference) {
        return (value - reference) / Math.abs(reference);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%+.2f%%", 100 * v);
    }

    /** Calls back once per (set, metric) that the offline arm scored, ID test first. */
    static void forEachScore(MethodRuns m, BiConsumer<String, String> each) {
        ArmRun offline = m.arms().get(OFFLINE);
        offline.scores().forEach((set, metrics) -> metrics.values().keySet().forEach(metric -> each.accept(set,
                metric)));
    }

    private Optional<Check> orderDiffers(MethodRuns m, String set, String metric) {
        Optional<Double> v = value(m, STREAM, set, metric);
        Optional<Double> r = value(m, OFFLINE, set, metric);
        Optional<OfflineReference.Stat> seeds = reference.stat(m.method(), set, metric);
        if (v.isEmpty() || r.isEmpty() || seeds.isEmpty()) {
            return Optional.empty();
        }
        double std = seeds.get().std();
        return Optional.of(new Check(m.method(), set, metric, STREAM, v.get(), r.get(), "within the offline seeds' "
                + "std (" + fmt(std) + ") of offline seed " + seed, Math.abs(v.get() - r.get()) <= std));
    }

    private Optional<Check> sameBatches(MethodRuns m, String set, String metric, String arm, String against) {
        Optional<Double> v = value(m, arm, set, metric);
        Optional<Double> r = value(m, against, set, metric);
        if (v.isEmpty() || r.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Check(m.method(), set, metric, arm, v.get(), r.get(), "within 1% of " + against
                + " (same batches)", Math.abs(relative(v.get(), r.get())) <= SAME_BATCHES_TOLERANCE));
    }
}
