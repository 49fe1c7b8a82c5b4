package org.levistream.bench.evaluator;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.levistream.evaluator.alerts.AlertSettings;
import org.levistream.evaluator.config.EvaluatorConfig;
import org.levistream.model.metrics.Metrics;
import org.levistream.schemas.avro.AlertStatus;
import org.levistream.schemas.avro.OodAlert;
import org.levistream.schemas.domain.InteractionEvent;

/**
 * {@code levi bench alerts}: the evaluator's degradation alerts measured, not assumed. On the embedded stack, with
 * one ID and two OOD held-out topics, the running {@code EvaluatorService} is sent
 * <ol>
 *   <li>versions that are no worse: the same training (data, order, steps) under other seeds. The share that raise
 *       an {@code OPEN} alert is the false-alarm rate, goal at most alpha;</li>
 *   <li>per effect size, versions trained on labels shifted by that much, each after a clean version (so the
 *       reference, the last version that raised no alert, stays a clean one, and the clean version resolves what
 *       the bad one opened). The share that raise an alert is the detection rate.</li>
 * </ol>
 * Each version's true metrics are measured in memory on a large set of each topic's population that was never
 * produced, so that the report can say how much worse the bad versions truly are and whether a "no worse" version
 * truly was within the margin of its reference.
 */
public final class AlertsBenchmark {
    private static final String NULL_EXPERIMENT = "no-worse";
    private static final List<String> METRICS = List.of(Metrics.RMSE, Metrics.MAE);
    private static final Duration DRAIN = Duration.ofMinutes(5);

    private AlertsBenchmark() {}

    /**
     * What to run.
     *
     * @param noWorse   versions that differ only by seed
     * @param effects   label shifts of the worse versions
     * @param perEffect worse versions per effect (each after a clean one)
     * @param seed      data and model seeds derive from it
     * @param sample    records per held-out topic
     * @param truth     records per truth set
     * @param steps     training steps per version
     * @param margin    {@code evaluator.alert.margin}
     * @param alpha     {@code evaluator.alert.alpha}
     */
    public record Options(int noWorse, List<Double> effects, int perEffect, long seed, int sample, int truth,
                          int steps, String margin, String alpha) {
        /** Copies the effects. */
        public Options {
            effects = List.copyOf(effects);
        }

        /**
         * The smoke test's sizes: a minute on two cores.
         *
         * @param seed the seed
         * @return 10 no-worse versions, 3 per effect of +0.25 and +1.0, 500 records per topic
         */
        public static Options quick(long seed) {
            return new Options(10, List.of(0.25, 1.0), 3, seed, 500, 1_000, 100, "5%", "0.05");
        }

        /**
         * The sizes: under ten minutes on two cores.
         *
         * @param seed the seed
         * @return 200 no-worse versions, 40 per effect of +0.2, +0.3 and +0.5 (true OOD RMSE about +2%, +8% and
         *         +25%), 2,000 records per topic
         */
        public static Options defaults(long seed) {
            return new Options(200, List.of(0.2, 0.3, 0.5), 40, seed, 2_000, 10_000, Versions.STEPS, "5%", "0.05");
        }
    }

    /**
     * One kind of version's outcome.
     *
     * @param label         what the versions were
     * @param shift         the label shift, 0 for no-worse versions
     * @param raised        versions that raised an OPEN alert
     * @param leftOpen      versions after which a condition was open (raised, or kept open from before)
     * @param trulyWorse    versions truly worse than their reference by more than the margin, on some topic and
     *                      metric of the truth sets
     * @param raisedWhenNot versions raising an alert among those that were not truly worse
     * @param raisedWhenWorse versions raising an alert among those that were truly worse
     * @param oodRmseDiff   mean true OOD RMSE (both OOD topics) minus the reference's, relative to the reference's
     * @param oodRmseSd     its standard deviation across the versions
     */
    public record Row(String label, double shift, Proportion raised, Proportion leftOpen, Proportion trulyWorse,
                      Proportion raisedWhenNot, Proportion raisedWhenWorse, double oodRmseDiff, double oodRmseSd) {}

    /**
     * The outcome.
     *
     * @param settings    the alert rule's settings
     * @param noWorse     the no-worse versions
     * @param effects     one row per effect
     * @param between     the clean versions between the worse ones
     * @param references  alerts whose reference was not the one the rule names (0 when the evaluator is right)
     * @param seconds     wall time of the whole run
     */
    public record Result(AlertSettings settings, Row noWorse, List<Row> effects, Row between, int references,
                         double seconds) {
        /** Copies the rows. */
        public Result {
            effects = List.copyOf(effects);
        }
    }

    private record Planned(String experiment, long version, double shift) {}

    private record Outcome(Planned planned, boolean raised, boolean leftOpen, boolean trulyWorse, double oodDiff) {}

    /**
     * Runs the benchmark on a Kafka and registry.
     *
     * @param o           what to run
     * @param bootstrap   Kafka
     * @param registryUrl the registry
     * @param work        an empty folder for checkpoints and state
     * @param progress    where progress lines go
     * @return the result
     * @throws Exception if Kafka or the evaluator fails
     */
    public static Result run(Options o, String bootstrap, String registryUrl, Path work, PrintWriter progress)
            throws Exception {
        long started = System.nanoTime();
        List<HeldOutSet> sets = HeldOutSet.standard(o.seed(), o.sample(), o.truth());
        Map<String, List<InteractionEvent>> truth = new LinkedHashMap<>();
        sets.forEach(s -> truth.put(s.topic(), s.truth()));
        List<InteractionEvent> training = Versions.interactions(o.seed(), 2_000, Versions.Population.ID);
        List<Planned> plan = plan(o);
        Map<Planned, Versions.Written> written = new LinkedHashMap<>();
        try (EvaluatorHarness evaluator = EvaluatorHarness.start(bootstrap, registryUrl, work, sets,
                Map.of(EvaluatorConfig.ALERT_MARGIN, o.margin(), EvaluatorConfig.ALERT_ALPHA, o.alpha()));
             Reports reports = new Reports(evaluator.config(), evaluator.registry())) {
            int expected = sets.size() * METRICS.size() + METRICS.size(); // each topic's, and the ID-OOD gaps
            int k = 0;
            for (Planned p : plan) {
                Path dir = evaluator.config().checkpointRoot().resolve(p.experiment())
                        .resolve("v%05d".formatted(p.version()));
                Versions.Written w = Versions.train(dir, o.seed() * 100_003 + k, training, o.steps(), p.shift(),
                        truth);
                written.put(p, w);
                evaluator.announce(p.experiment(), p.version(), w);
                reports.poll(Duration.ZERO);
                if (++k % 50 == 0) {
                    progress.printf(Locale.ROOT, "  trained and announced %d of %d versions (%.0f s)%n", k,
                            plan.size(), (System.nanoTime() - started) / 1e9);
                    progress.flush();
                }
            }
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (plan.stream().anyMatch(p -> reports.metricCount(id(p)) < expected)) {
                evaluator.checkRunning();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the evaluator reported "
                            + plan.stream().filter(p -> reports.metricCount(id(p)) >= expected).count() + " of "
                            + plan.size() + " versions within " + DRAIN.toMinutes() + " min of the last one");
                }
                reports.poll(Duration.ofMillis(200));
            }
            reports.poll(Duration.ofMillis(500)); // alerts come in the same transaction; nothing should be left
            return analyse(o, evaluator.config().alerts(), plan, written, reports,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * Prints the result as a table.
     *
     * @param o   the options it ran with
     * @param r   the result
     * @param out where
     */
    public static void print(Options o, Result r, PrintWriter out) {
        out.printf(Locale.ROOT, "alerts: rule = paired one-sided tests against the reference (RMSE by the delta "
                + "method, MAE by paired t), margin %s, Holm at alpha %s over 3 topics x 2 metrics; %,d records per "
                + "held-out topic; versions: small-only model, %d steps of %d; true metrics on %,d records per "
                + "topic; %.0f s%n", r.settings().margin(), r.settings().alpha(), o.sample(), o.steps(),
                Versions.BATCH, o.truth(), r.seconds());
        out.println("  versions                      n  raised OPEN (95% CI, Wilson)     left open  true OOD RMSE vs "
                + "reference  truly worse by > margin");
        row(out, r.noWorse());
        r.effects().forEach(e -> row(out, e));
        row(out, r.between());
        Proportion fa = r.noWorse().raised();
        out.printf(Locale.ROOT, "false-alarm rate %.3f, 95%% CI [%.3f, %.3f] (Wilson): goal <= alpha %s %s%n",
                fa.rate(), fa.low(), fa.high(), r.settings().alpha(),
                fa.rate() <= r.settings().alpha() ? (fa.high() <= r.settings().alpha() ? "met (CI below alpha too)"
                        : "met by the estimate (the CI reaches above alpha)") : "NOT met");
        out.printf(Locale.ROOT, "  no-worse versions truly within the margin of their reference (every topic and "
                + "metric, on the truth sets) that raised an alert: %s%n", r.noWorse().raisedWhenNot());
        out.printf(Locale.ROOT, "  no-worse versions truly worse than their reference by more than the margin "
                + "somewhere (seed-to-seed differences) that raised an alert: %s%n", r.noWorse().raisedWhenWorse());
        r.effects().forEach(e -> out.printf(Locale.ROOT, "detection at labels +%.2f (true OOD RMSE %+.1f%% vs the "
                + "reference; %d of %d truly worse by > margin somewhere): %s%n", e.shift(), 100 * e.oodRmseDiff(),
                e.trulyWorse().count(), e.trulyWorse().trials(), e.raised()));
        if (r.references() > 0) {
            out.printf("WARNING: %d alerts named a reference other than the last version that raised none%n",
                    r.references());
        }
        out.flush();
    }

    private static void row(PrintWriter out, Row r) {
        out.printf(Locale.ROOT, "  %-26s %4d  %-32s %-10s %+7.2f%% (sd %.2f%%)      %s%n", r.label(),
                r.raised().trials(), r.raised(), r.leftOpen().count() + "/" + r.leftOpen().trials(),
                100 * r.oodRmseDiff(), 100 * r.oodRmseSd(), r.trulyWorse().count() + "/" + r.trulyWorse().trials());
    }

    private static List<Planned> plan(Options o) {
        List<Planned> plan = new ArrayList<>();
        for (int v = 1; v <= o.noWorse(); v++) {
            plan.add(new Planned(NULL_EXPERIMENT, v, 0));
        }
        for (double shift : o.effects()) {
            String experiment = String.format(Locale.ROOT, "labels-plus-%.2f", shift);
            for (int i = 0; i < o.perEffect(); i++) {
                plan.add(new Planned(experiment, 2L * i + 1, 0));
                plan.add(new Planned(experiment, 2L * i + 2, shift));
            }
        }
        return plan;
    }

    private static Reports.VersionId id(Planned p) {
        return new Reports.VersionId(p.experiment(), p.version());
    }

    /** Replays the alert rule's bookkeeping from the alerts, in version order, to know each version's reference. */
    private static Result analyse(Options o, AlertSettings settings, List<Planned> plan,
                                  Map<Planned, Versions.Written> written, Reports reports, double seconds) {
        List<Outcome> outcomes = new ArrayList<>();
        int wrongReferences = 0;
        Map<String, Set<String>> open = new LinkedHashMap<>();
        Map<String, Planned> reference = new LinkedHashMap<>();
        for (Planned p : plan) {
            Set<String> conditions = open.computeIfAbsent(p.experiment(), k -> new HashSet<>());
            Planned ref = reference.get(p.experiment());
            boolean raised = false;
            for (OodAlert a : reports.alerts(id(p))) {
                String condition = a.getTopic() + "/" + a.getMetric();
                if (a.getStatus() == AlertStatus.OPEN) {
                    raised = true;
                    conditions.add(condition);
                } else {
                    conditions.remove(condition);
                }
                if (ref == null || a.getReferenceVersion() != ref.version()) {
                    wrongReferences++;
                }
            }
            if (ref != null) {
                Versions.Written v = written.get(p);
                Versions.Written r = written.get(ref);
                outcomes.add(new Outcome(p, raised, !conditions.isEmpty(), trulyWorse(v, r, settings),
                        oodDiff(v, r)));
            }
            if (conditions.isEmpty()) {
                reference.put(p.experiment(), p);
            }
        }
        Row noWorse = row("no worse (other seeds)", 0, outcomes.stream()
                .filter(x -> x.planned().experiment().equals(NULL_EXPERIMENT)).toList());
        List<Row> effects = new ArrayList<>();
        for (double shift : o.effects()) {
            effects.add(row(String.format(Locale.ROOT, "labels +%.2f", shift), shift, outcomes.stream()
                    .filter(x -> x.planned().shift() == shift).toList()));
        }
        Row between = row("clean, between worse ones", 0, outcomes.stream()
                .filter(x -> !x.planned().experiment().equals(NULL_EXPERIMENT) && x.planned().shift() == 0)
                .toList());
        return new Result(settings, noWorse, effects, between, wrongReferences, seconds);
    }

    private static Row row(String label, double shift, List<Outcome> outcomes) {
        int n = outcomes.size();
        List<Outcome> within = outcomes.stream().filter(x -> !x.trulyWorse()).toList();
        List<Outcome> beyond = outcomes.stream().filter(Outcome::trulyWorse).toList();
        double mean = outcomes.stream().mapToDouble(Outcome::oodDiff).average().orElse(Double.NaN);
        double sd = Math.sqrt(outcomes.stream().mapToDouble(x -> (x.oodDiff() - mean) * (x.oodDiff() - mean))
                .sum() / Math.max(1, n - 1));
        return new Row(label, shift, count(outcomes, Outcome::raised), count(outcomes, Outcome::leftOpen),
                count(outcomes, Outcome::trulyWorse), count(within, Outcome::raised), count(beyond, Outcome::raised),
                mean, sd);
    }

    private static Proportion count(List<Outcome> outcomes, Predicate<Outcome> p) {
        return new Proportion((int) outcomes.stream().filter(p).count(), outcomes.size());
    }

    /** Whether a version is truly worse than its reference beyond the margin on any topic's RMSE or MAE. */
    private static boolean trulyWorse(Versions.Written v, Versions.Written r, AlertSettings settings) {
        for (String topic : v.truth().keySet()) {
            for (String metric : METRICS) {
                double ref = r.truth().get(topic).get(metric);
                if (v.truth().get(topic).get(metric) - ref > settings.margin().absoluteFor(ref)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The mean relative true RMSE difference over the OOD topics. */
    private static double oodDiff(Versions.Written v, Versions.Written r) {
        return v.truth().keySet().stream().filter(t -> !t.equals(HeldOutSet.ID))
                .mapToDouble(t -> v.rmse(t) / r.rmse(t) - 1).average().orElse(Double.NaN);
    }
}
