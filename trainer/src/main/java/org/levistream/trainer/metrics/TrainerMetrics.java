package org.levistream.trainer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The trainer's meters. Names start with {@code levi.trainer.}; tags are the experiment and the device, both fixed
 * for a run, and the dead-letter reason, a small fixed set.
 *
 * <table>
 *   <caption>Meters (Prometheus names in brackets)</caption>
 *   <tr><td>levi.trainer.samples</td><td>records trained on (rate: samples/s) [levi_trainer_samples_total]</td></tr>
 *   <tr><td>levi.trainer.step</td><td>time per training step [levi_trainer_step_seconds]</td></tr>
 *   <tr><td>levi.trainer.feed.wait</td><td>time the training step waited for a ready batch: a starved trainer</td></tr>
 *   <tr><td>levi.trainer.loss</td><td>the last step's loss</td></tr>
 *   <tr><td>levi.trainer.steps</td><td>the model version being trained</td></tr>
 *   <tr><td>levi.trainer.lag</td><td>records in the input partitions not yet trained on</td></tr>
 *   <tr><td>levi.trainer.checkpoint.age</td><td>seconds since the last durable checkpoint</td></tr>
 *   <tr><td>levi.trainer.checkpoint.duration</td><td>time to write a checkpoint</td></tr>
 *   <tr><td>levi.trainer.device</td><td>1, tagged with the device the model trains on</td></tr>
 *   <tr><td>levi.records.dead.lettered</td><td>poison records, by reason (service=trainer)</td></tr>
 * </table>
 */
public final class TrainerMetrics {
    private final MeterRegistry registry;
    private final String experiment;
    private final Counter samples;
    private final Timer step;
    private final Timer checkpoint;
    private final Timer feedWait;
    private final AtomicLong lossBits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
    private final AtomicLong steps = new AtomicLong();
    private final AtomicLong lastCheckpointNanos = new AtomicLong(System.nanoTime());

    /**
     * Registers the meters.
     *
     * @param registry   the registry
     * @param experiment the experiment id, a tag on every meter
     * @param device     the device, e.g. {@code cpu()} or {@code gpu(0)}
     * @param lag        reads the current lag, -1 when unknown
     */
    public TrainerMetrics(MeterRegistry registry, String experiment, String device, LongSupplier lag) {
        this.registry = registry;
        this.experiment = experiment;
        samples = Counter.builder("levi.trainer.samples").description("Records trained on")
                .tag("experiment", experiment).register(registry);
        step = Timer.builder("levi.trainer.step").description("One optimisation step")
                .tag("experiment", experiment).tag("device", device).register(registry);
        feedWait = Timer.builder("levi.trainer.feed.wait").description("Waiting for the next ready batch")
                .tag("experiment", experiment).register(registry);
        checkpoint = Timer.builder("levi.trainer.checkpoint.duration").description("Writing one checkpoint")
                .tag("experiment", experiment).register(registry);
        Gauge.builder("levi.trainer.loss", lossBits, b -> Double.longBitsToDouble(b.get()))
                .description("The last step's loss").tag("experiment", experiment).register(registry);
        Gauge.builder("levi.trainer.steps", steps, AtomicLong::get).description("Steps trained: the model version")
                .tag("experiment", experiment).register(registry);
        // Micrometer holds a gauge's object weakly; the lag supplier is usually a lambda no one else keeps, so
        // without a strong reference the gauge read NaN once the first garbage collection had run.
        Gauge.builder("levi.trainer.lag", lag, l -> l.getAsLong() < 0 ? Double.NaN : l.getAsLong())
                .description("Records in the input partitions not yet trained on").tag("experiment", experiment)
                .strongReference(true).register(registry);
        Gauge.builder("levi.trainer.checkpoint.age", lastCheckpointNanos,
                        t -> (System.nanoTime() - t.get()) / 1e9)
                .description("Seconds since the last durable checkpoint (or the start)").baseUnit("seconds")
                .tag("experiment", experiment).register(registry);
        Gauge.builder("levi.trainer.device", () -> 1).description("The device the model trains on")
                .tag("experiment", experiment).tag("device", device).register(registry);
    }

    /**
     * Records a step.
     *
     * @param records the batch size
     * @param loss    its loss
     * @param version the steps trained after it
     * @param time    how long it took
     */
    public void stepped(int records, float loss, long version, Duration time) {
        samples.increment(records);
        lossBits.set(Double.doubleToLongBits(loss));
        steps.set(version);
        step.record(time);
    }

    /**
     * Records how long the training thread waited for a batch.
     *
     * @param time the wait
     */
    public void waited(Duration time) {
        feedWait.record(time);
    }

    /**
     * Records a durable checkpoint.
     *
     * @param time how long writing it took
     */
    public void checkpointed(Duration time) {
        checkpoint.record(time);
        lastCheckpointNanos.set(System.nanoTime());
    }

    /**
     * Counts a dead letter.
     *
     * @param reason its reason tag
     */
    public void deadLettered(String reason) {
        registry.counter("levi.records.dead.lettered", "service", "trainer", "reason", reason,
                "experiment", experiment).increment();
    }

    /** Counts a skipped turn of a silent partition. */
    public void skipped() {
        registry.counter("levi.trainer.partition.skips", "experiment", experiment).increment();
    }
}
