package org.levistream.bench.trainer;

import static org.levistream.bench.trainer.ThroughputBenchmark.CPU_GROUPS;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.levistream.bench.measure.ThreadCpu;
import org.levistream.trainer.loop.TrainerListener;

/**
 * Times a trainer from the listener, on the training thread, doing as little as it can per step: samples/s over
 * the timed steps, and the step and wait meters' means over the same steps.
 */
final class LoopTiming implements TrainerListener {
    /**
     * Steps between CPU snapshots besides the one at the last step: reading every thread's counters costs the
     * training thread about 1.5 ms.
     */
    private static final int CPU_SNAPSHOT_STEPS = 1000;
    final AtomicReference<MeterRegistry> meters = new AtomicReference<>();
    private final AtomicLong checkpoints = new AtomicLong();
    private volatile long firstNanos;
    private volatile long firstRecords;
    private volatile long lastNanos;
    private volatile long lastRecords;
    private volatile double[] metersAtFirst = new double[3];
    private volatile ThreadCpu cpuAtFirst;
    private volatile ThreadCpu cpuAtLast;
    private volatile long cpuLastNanos;
    private final int warmupSteps;

    /**
     * Times from a step on.
     *
     * @param warmupSteps the untimed steps first
     */
    LoopTiming(int warmupSteps) {
        this.warmupSteps = warmupSteps;
    }

    @Override
    public void stepped(Progress p) {
        if (p.step() == warmupSteps) {
            firstNanos = System.nanoTime();
            firstRecords = p.records();
            metersAtFirst = readMeters(meters.get());
            cpuAtFirst = ThreadCpu.snapshot();
        } else if (p.step() > warmupSteps) {
            lastNanos = System.nanoTime();
            lastRecords = p.records();
            if (p.remaining() == 0 || p.step() % CPU_SNAPSHOT_STEPS == 0) {
                cpuAtLast = ThreadCpu.snapshot();
                cpuLastNanos = lastNanos;
            }
        }
    }

    @Override
    public void checkpointed(CheckpointWritten c) {
        checkpoints.incrementAndGet();
    }

    ThroughputResult.Run result(double[] metersAtLast) {
        double steps = Math.max(1, metersAtLast[0] - metersAtFirst[0]);
        double cpuSeconds = (cpuLastNanos - firstNanos) / 1e9;
        return new ThroughputResult.Run((lastRecords - firstRecords) / ((lastNanos - firstNanos) / 1e9),
                (metersAtLast[1] - metersAtFirst[1]) / steps, (metersAtLast[2] - metersAtFirst[2]) / steps,
                (int) checkpoints.get(),
                cpuAtLast == null ? "" : cpuAtLast.coresSince(cpuAtFirst, cpuSeconds, CPU_GROUPS),
                cpuAtLast == null ? 0 : cpuAtLast.compilerCoresSince(cpuAtFirst, cpuSeconds));
    }

    /** Step count, step time and wait time so far (ms); zeros before the registry is known. */
    static double[] readMeters(MeterRegistry m) {
        if (m == null) {
            return new double[3];
        }
        Timer step = m.get("levi.trainer.step").timer();
        return new double[] {step.count(), step.totalTime(TimeUnit.MILLISECONDS),
            m.get("levi.trainer.feed.wait").timer().totalTime(TimeUnit.MILLISECONDS)};
    }
}
