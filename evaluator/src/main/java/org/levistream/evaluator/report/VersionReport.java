package org.levistream.evaluator.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.levistream.evaluator.alerts.AlertBook;
import org.levistream.evaluator.alerts.AlertSettings;
import org.levistream.evaluator.alerts.Degradation;
import org.levistream.evaluator.alerts.DegradationCheck;
import org.levistream.model.metrics.ExampleLosses;
import org.levistream.model.metrics.Metrics;
import org.levistream.schemas.avro.AlertStatus;
import org.levistream.schemas.avro.MetricRecord;
import org.levistream.schemas.avro.OodAlert;
import org.levistream.schemas.avro.Split;

/**
 * What the evaluator says about one finished version: every topic's metrics with intervals, the ID–OOD gap of each
 * metric against the worst OOD topic, and the alerts that the comparison with the reference version opens or
 * resolves. A pure function of the scorings, so a restarted evaluator says the same.
 *
 * @param metrics    the metric records, keyed as {@link #key} says
 * @param alerts     alerts opened or resolved by this version
 * @param open       the experiment's open conditions after this version
 * @param clean      whether no condition is open after it: then it may serve as the next reference
 */
public record VersionReport(List<MetricRecord> metrics, List<OodAlert> alerts, Set<String> open, boolean clean) {

    /**
     * Reports a version.
     *
     * @param experiment the experiment
     * @param version    the version
     * @param scores     every held-out topic's scoring, ID first
     * @param reference  the reference version and its scorings by topic; empty when there is none yet
     * @param open       the conditions open before this version
     * @param settings   the degradation rule
     * @param now        the wall clock, stamped on the records
     * @return the report
     */
    public static VersionReport of(String experiment, long version, List<TopicScore> scores,
                                   Optional<Reference> reference, Set<String> open, AlertSettings settings,
                                   Instant now) {
        List<MetricRecord> records = new ArrayList<>();
        List<TopicMetrics> all = new ArrayList<>();
        for (TopicScore s : scores) {
            List<MetricInterval> m = MetricIntervals.of(s.losses(), settings.resamples(),
                    settings.seed() ^ s.topic().topic().hashCode());
            all.add(new TopicMetrics(s, m));
            m.forEach(i -> records.add(record(experiment, version, s.topic().topic(), s.topic().split(), i, now)));
        }
        gaps(experiment, version, all, now).forEach(records::add);
        if (reference.isEmpty()) {
            return new VersionReport(records, List.of(), Set.copyOf(open), open.isEmpty());
        }
        AlertBook book = new AlertBook(open);
        List<DegradationCheck.TopicComparison> comparisons = comparisons(scores, reference.get());
        List<DegradationCheck.Verdict> verdicts = DegradationCheck.check(comparisons, settings);
        String holm = "; Holm over " + verdicts.size() + " tests at alpha " + settings.alpha();
        List<OodAlert> alerts = new ArrayList<>();
        for (AlertBook.Transition t : book.apply(verdicts)) {
            alerts.add(alert(experiment, version, reference.get().version(), t, holm, now));
        }
        return new VersionReport(records, alerts, book.open(), !book.anyOpen());
    }

    /**
     * The reference a version is compared with.
     *
     * @param version its version
     * @param scores  its scorings by topic name
     */
    public record Reference(long version, Map<String, TopicScore> scores) {}

    /**
     * The key of a metric record: experiment, version, topic and metric, so that a compacted topic keeps one value
     * each and a consumer can tell a duplicate.
     *
     * @param r the record
     * @return {@code experiment/version/topic/metric}
     */
    public static String key(MetricRecord r) {
        return r.getExperiment() + "/" + r.getVersion() + "/" + r.getTopic() + "/" + r.getMetric()
                + (r.getSplit() == Split.GAP ? "/gap" : "");
    }

    private record TopicMetrics(TopicScore score, List<MetricInterval> metrics) {}

    private static List<DegradationCheck.TopicComparison> comparisons(List<TopicScore> scores, Reference reference) {
        List<DegradationCheck.TopicComparison> out = new ArrayList<>();
        for (TopicScore s : scores) {
            TopicScore ref = reference.scores().get(s.topic().topic());
            if (ref != null) {
                ExampleLosses[] pair = TopicScore.paired(s, ref);
                if (pair[0].size() >= 2) {
                    out.add(new DegradationCheck.TopicComparison(s.topic().topic(), pair[0], pair[1]));
                }
            }
        }
        return out;
    }

    /** For each metric: the worst OOD topic's value against the ID value, oriented so that positive is worse OOD. */
    private static List<MetricRecord> gaps(String experiment, long version, List<TopicMetrics> all, Instant now) {
        Optional<TopicMetrics> id = all.stream().filter(t -> t.score().topic().split() == Split.ID).findFirst();
        List<TopicMetrics> ood = all.stream().filter(t -> t.score().topic().split() == Split.OOD).toList();
        if (id.isEmpty() || ood.isEmpty()) {
            return List.of();
        }
        List<MetricRecord> out = new ArrayList<>();
        for (int m = 0; m < id.get().metrics().size(); m++) {
            int metric = m;
            MetricInterval idValue = id.get().metrics().get(metric);
            double sign = Metrics.lowerIsBetter(idValue.metric()) ? 1 : -1;
            TopicMetrics worst = ood.stream()
                    .max(Comparator.comparingDouble(t -> sign * t.metrics().get(metric).value())).orElseThrow();
            MetricInterval oodValue = worst.metrics().get(metric);
            double gap = sign * (oodValue.value() - idValue.value());
            double se = Math.hypot(idValue.standardError(), oodValue.standardError());
            MetricInterval g = new MetricInterval(idValue.metric(), gap, gap - 1.959964 * se, gap + 1.959964 * se,
                    oodValue.count());
            out.add(record(experiment, version, worst.score().topic().topic(), Split.GAP, g, now));
        }
        return out;
    }

    private static MetricRecord record(String experiment, long version, String topic, Split split, MetricInterval m,
                                       Instant now) {
        return MetricRecord.newBuilder().setExperiment(experiment).setVersion(version).setTopic(topic).setSplit(split)
                .setMetric(m.metric()).setValue(m.value()).setCount(m.count())
                .setLow(m.hasInterval() ? m.low() : null).setHigh(m.hasInterval() ? m.high() : null)
                .setWindowStart(null).setWindowEnd(null).setComputedAt(now).build();
    }

    private static OodAlert alert(String experiment, long version, long reference, AlertBook.Transition t,
                                  String holm, Instant now) {
        Degradation d = t.verdict().degradation();
        boolean opened = t.change() == AlertBook.Change.OPENED;
        // The tests compare losses (error rates for accuracy); an alert states the metric as it is reported.
        boolean accuracy = d.metric().equals(Metrics.ACCURACY);
        double value = accuracy ? 1 - d.candidate() : d.candidate();
        double referenceValue = accuracy ? 1 - d.reference() : d.reference();
        String reason = opened
                ? String.format("%s on %s is worse than version %d by %.4g (95%% CI %.4g to %.4g), beyond the "
                        + "margin %.4g (p = %.3g)", d.metric(), t.verdict().topic(), reference, d.difference(), d.low(),
                        d.high(), d.margin(), d.pValue())
                : String.format("%s on %s is back within the margin %.4g of version %d (difference %.4g)", d.metric(),
                        t.verdict().topic(), d.margin(), reference, d.difference());
        return OodAlert.newBuilder().setExperiment(experiment).setVersion(version).setReferenceVersion(reference)
                .setTopic(t.verdict().topic()).setMetric(d.metric()).setValue(value)
                .setReferenceValue(referenceValue).setThreshold(d.margin()).setPValue(d.pValue()).setReason(reason)
                .setRaisedAt(now).setStatus(opened ? AlertStatus.OPEN : AlertStatus.RESOLVED)
                .setDifference(d.difference()).setDifferenceLow(d.low()).setDifferenceHigh(d.high())
                .setExamples((long) d.n()).setRule(d.rule() + holm).build();
    }
}
