package org.levistream.evaluator.scoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * What the scoring side tells Prometheus: versions scored, refused (by reason) and skipped, records sampled and
 * scored, how long slices take (they must stay far below the transaction timeout), and the time from a checkpoint
 * becoming durable to its last metric.
 */
public final class ScoringMetrics {
    private final MeterRegistry registry;
    private final Counter versionsScored;
    private final Counter versionsSkipped;
    private final Counter recordsSampled;
    private final Counter recordsScored;
    private final Counter recordsUnreadable;
    private final Timer sliceTime;
    private final Timer versionLatency;

    /**
     * Registers the meters.
     *
     * @param registry where they live
     */
    public ScoringMetrics(MeterRegistry registry) {
        this.registry = registry;
        versionsScored = Counter.builder("levi_evaluator_versions_scored").description("Versions fully scored and reported")
                .register(registry);
        versionsSkipped = Counter.builder("levi_evaluator_versions_skipped")
                .description("Versions passed over because more than evaluator.queue.max waited").register(registry);
        recordsSampled = Counter.builder("levi_evaluator_records_sampled")
                .description("Held-out records that joined a topic's sample").register(registry);
        recordsScored = Counter.builder("levi_evaluator_records_scored").description("Held-out records scored")
                .register(registry);
        recordsUnreadable = Counter.builder("levi_evaluator_records_unreadable")
                .description("Sampled records that could not be scored (unreadable or the wrong shape)")
                .register(registry);
        sliceTime = Timer.builder("levi_evaluator_slice")
                .description("Time scoring slices, and writing their results and cursors to the stores at the end of "
                        + "each punctuation").register(registry);
        versionLatency = Timer.builder("levi_evaluator_version_latency")
                .description("From a checkpoint becoming durable to its last metric").register(registry);
    }

    void versionScored(Duration sinceCheckpoint) {
        versionsScored.increment();
        versionLatency.record(sinceCheckpoint.isNegative() ? Duration.ZERO : sinceCheckpoint);
    }

    void versionRefused(String reason) {
        Counter.builder("levi_evaluator_versions_refused").description("Versions refused, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    void versionsSkipped(long count) {
        versionsSkipped.increment(count);
    }

    void recordSampled() {
        recordsSampled.increment();
    }

    /** The writes that make a punctuation's slices restart-safe count as scoring time too. */
    void storeWrites(Duration took) {
        sliceTime.record(took);
    }

    void slice(int scored, int unreadable, Duration took) {
        recordsScored.increment(scored);
        recordsUnreadable.increment(unreadable);
        sliceTime.record(took);
    }
}
