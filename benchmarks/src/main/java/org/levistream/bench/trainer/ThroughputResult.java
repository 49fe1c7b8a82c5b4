package org.levistream.bench.trainer;

import static org.levistream.bench.trainer.ThroughputBenchmark.QUIET_JIT_CORES;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.levistream.bench.measure.Medians;

/**
 * What the throughput benchmark measured: every timed round of its three sides, and their medians.
 *
 * @param records records trained on per run
 * @param device  the device
 * @param warmups untimed warm-up rounds run first
 * @param rounds  the timed rounds, in order
 */
public record ThroughputResult(long records, String device, int warmups, List<ThroughputResult.Round> rounds) {
    /** Copies the rounds. */
    public ThroughputResult {
        rounds = List.copyOf(rounds);
    }

    /**
     * Returns the median of one side's runs.
     *
     * @param side which side of a round, e.g. {@code Round::kafka}
     * @return samples/s
     */
    public double medianPerSec(Function<Round, Run> side) {
        return Medians.of(rounds.stream().mapToDouble(r -> side.apply(r).perSec()).toArray());
    }

    /**
     * Returns the medians' ratio, Kafka over the floor.
     *
     * @return the ratio; the goal is at least 0.95
     */
    public double ratio() {
        return medianPerSec(Round::kafka) / medianPerSec(Round::floor);
    }

    /**
     * Returns the median of the rounds' own ratios: each pairs runs made seconds apart, so it leans less on a
     * machine whose speed drifts over the minutes of the benchmark.
     *
     * @return the median ratio
     */
    public double medianRoundRatio() {
        return Medians.of(rounds.stream().mapToDouble(Round::ratio).toArray());
    }

    /**
     * Returns the medians' ratio, Kafka over the bare steps.
     *
     * @return the ratio
     */
    public double stepsRatio() {
        return medianPerSec(Round::kafka) / medianPerSec(Round::steps);
    }

    /**
     * Returns the median of the rounds' ratios of Kafka over the bare steps.
     *
     * @return the median ratio
     */
    public double medianRoundStepsRatio() {
        return Medians.of(rounds.stream().mapToDouble(Round::stepsRatio).toArray());
    }

    /**
     * Returns the median over the rounds of the bare steps with a bare consumer beside them, over the bare steps
     * of the same round: what the unavoidable Kafka work alone leaves of their speed.
     *
     * @return the median ratio, or empty when the rounds ran no bare consumer
     */
    public OptionalDouble medianBareRatio() {
        double[] ratios = rounds.stream().filter(r -> r.bare().isPresent())
                .mapToDouble(r -> r.bare().get().perSec() / r.steps().perSec()).toArray();
        return ratios.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(Medians.of(ratios));
    }

    /**
     * One side's timed steps in one round.
     *
     * @param perSec      samples/s
     * @param stepMillis  mean time of a training step
     * @param waitMillis  mean wait for a ready batch per step; 0 for the bare steps
     * @param checkpoints checkpoints written during the run; 0 for the bare steps
     * @param cpu         where the cores went ({@link org.levistream.bench.measure.ThreadCpu})
     * @param jitCores    cores the JIT's compiler threads used
     */
    public record Run(double perSec, double stepMillis, double waitMillis, int checkpoints, String cpu,
                      double jitCores) {
    }

    /**
     * One round.
     *
     * @param steps the bare steps over the batches in memory
     * @param floor the trainer's loop over the same batches in memory
     * @param kafka the trainer consuming from Kafka
     * @param bare  the bare steps again with a {@link BareConsumer} beside them, when asked for
     */
    public record Round(Run steps, Run floor, Run kafka, Optional<BareRun> bare) {
        /**
         * Returns Kafka over the floor in this round.
         *
         * @return the ratio
         */
        public double ratio() {
            return kafka.perSec() / floor.perSec();
        }

        /**
         * Returns Kafka over the bare steps in this round.
         *
         * @return the ratio
         */
        public double stepsRatio() {
            return kafka.perSec() / steps.perSec();
        }

        /**
         * Tells whether the JIT was quiet on every side.
         *
         * @return true once the compiler threads used under {@value ThroughputBenchmark#QUIET_JIT_CORES} of a core on
         *         each
         */
        public boolean jitQuiet() {
            return steps.jitCores() < QUIET_JIT_CORES && floor.jitCores() < QUIET_JIT_CORES
                    && kafka.jitCores() < QUIET_JIT_CORES;
        }
    }

    /**
     * The bare steps with a {@link BareConsumer} reading the topic beside them at their own pace.
     *
     * @param perSec   samples/s of the steps
     * @param consumed records the bare consumer read meanwhile
     * @param cpu      where the cores went ({@link org.levistream.bench.measure.ThreadCpu})
     */
    public record BareRun(double perSec, long consumed, String cpu) {
    }
}
