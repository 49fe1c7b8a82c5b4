package org.levistream.bench.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.levistream.bench.trainer.ThroughputResult.BareRun;
import org.levistream.bench.trainer.ThroughputResult.Round;
import org.levistream.bench.trainer.ThroughputResult.Run;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.trainer.batching.ComposedBatch;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.loop.TrainerService;

/**
 * Training samples/s when consuming from Kafka (the whole trainer: read_committed consumer, decoding, rotation,
 * featurizing on the feed thread, checkpoints at the configured cadence) against the floor: the same loop over the
 * same batches in memory. The floor is the trainer itself, started with {@link InMemoryBatches} as its batch source,
 * whose loop takes batches composed and featurized beforehand instead of reading Kafka; checkpoints and their events
 * are the loop's own, on both sides. A third side, the bare steps over the same batches with no loop around them (no
 * checkpoints, {@link BareSteps}), shows what the loop itself costs.
 *
 * <p>It compares warm steady states, alternately: each round times the bare steps, the floor and a fresh trainer over
 * the whole topic from Kafka, in that order in odd rounds and in the reverse order in even ones, and the medians of
 * the rounds are compared. Alternating keeps drift (the heap growing, the machine's speed) from favouring either side,
 * and medians keep one lucky or unlucky run from deciding. The first steps of every run are not timed (500 for
 * interactions, 20 for images: {@link BenchStream#warmupSteps()}), and each run starts from a collected heap.
 *
 * <p>It runs on generated interactions (the recommendation recipe over the stateless featurizer) or generated images
 * (the digits recipe of {@code config/trainer-digits.yaml}: LEVI over a CNN backbone, batch 512), see
 * {@link BenchStream}.
 *
 * <p>Untimed warm-up rounds come first, until the JIT is quiet: until a round in which the compiler threads used
 * under {@value #QUIET_JIT_CORES} of a core during every side's timed steps, at most {@value #MAX_WARMUP_ROUNDS}
 * rounds. On two cores the JIT compiling the Kafka path (client, broker, feed, checkpoint writer) takes the second
 * core from the feed and slows the step; it went on for four or five whole-topic runs, far longer than a long-running
 * trainer notices. The rule looks only at the warm-up, so the timed rounds that follow are not chosen by their
 * speed.
 */
public final class ThroughputBenchmark {
    /** Warm-up rounds end once the JIT used less than this many cores over every side's timed steps. */
    public static final double QUIET_JIT_CORES = 0.03;

    /** Warm-up rounds at most, quiet or not. */
    public static final int MAX_WARMUP_ROUNDS = 6;

    /** Thread groups named in the CPU breakdowns. */
    static final int CPU_GROUPS = 7;

    /** Told of each round as it ends. */
    @FunctionalInterface
    public interface RoundListener {
        /**
         * A round ended.
         *
         * @param round  the round
         * @param number its number from 1, among the warm-up rounds or among the timed ones
         * @param timed  false for a warm-up round, which does not count
         */
        void ended(Round round, int number, boolean timed);
    }

    private ThroughputBenchmark() {}

    /**
     * Runs the warm-up and the rounds.
     *
     * @param bootstrap   Kafka
     * @param registryUrl the registry
     * @param stream      the records and recipe: {@code interactions} or {@code images}
     * @param workDir     where checkpoints and the backbone go
     * @param overrides   trainer and model settings over the defaults (batch size, model, device)
     * @param records     records to produce and train on
     * @param partitions  partitions of the topic
     * @param rounds      timed rounds of both sides
     * @param bare        whether each round also times the bare steps with a {@link BareConsumer} beside them
     * @param progress    told of each round as it ends, warm-up rounds included
     * @return the result
     * @throws Exception if Kafka or the model fails
     */
    public static ThroughputResult run(String bootstrap, String registryUrl, String stream, Path workDir,
                                       Map<String, String> overrides, int records, int partitions, int rounds,
                                       boolean bare, RoundListener progress) throws Exception {
        BenchStream<?> kind;
        try {
            kind = BenchStream.named(stream);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(List.of("stream was " + e.getMessage()));
        }
        return run(bootstrap, registryUrl, kind, workDir, overrides, records, partitions, rounds, bare, progress);
    }

    private static <E> ThroughputResult run(String bootstrap, String registryUrl, BenchStream<E> stream, Path workDir,
                                            Map<String, String> overrides, int records, int partitions, int rounds,
                                            boolean bare, RoundListener progress) throws Exception {
        String topic = "levi.bench.throughput." + System.currentTimeMillis();
        TrainerConfig config = TrainerSettings.toConfig(stream.settings(bootstrap, registryUrl, workDir, topic,
                "bench-throughput", overrides, "end"));
        long steps = (records + config.batchSize() - 1) / config.batchSize();
        int needed = stream.warmupSteps() + stream.minTimedSteps();
        if (steps < needed) {
            throw new InvalidConfigException(List.of("records was " + records + ", " + steps + " steps of "
                    + config.batchSize() + ", but the benchmark needs at least " + needed + " steps ("
                    + stream.warmupSteps() + " untimed) of " + stream.name()));
        }
        if (rounds < 1) {
            throw new InvalidConfigException(List.of("rounds was " + rounds + " but must be at least 1"));
        }
        SyntheticStream.createTopic(bootstrap, topic, partitions);
        try (BenchStream.RecordSource generated = stream.records(registryUrl, 42);
             KafkaProducer<byte[], byte[]> producer = SyntheticStream.producer(bootstrap)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, null, generated.next(topic)));
            }
        }
        Sides<E> sides = new Sides<>(bootstrap, registryUrl, stream, workDir, overrides, topic, config);
        int warmups = 0;
        boolean quiet = false;
        while (!quiet && warmups < MAX_WARMUP_ROUNDS) {
            warmups++;
            Round round = sides.round("warmup-" + warmups, false, warmups % 2 == 0);
            quiet = round.jitQuiet();
            progress.ended(round, warmups, false);
        }
        List<Round> timed = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            Round round = sides.round(Integer.toString(r), bare, r % 2 == 0);
            timed.add(round);
            progress.ended(round, r, true);
        }
        return new ThroughputResult(records, config.device().resolve().toString(), warmups, timed);
    }

    /** What every round runs over; each run gets an experiment (and checkpoint folder) of its own. */
    private record Sides<E>(String bootstrap, String registryUrl, BenchStream<E> stream, Path workDir,
                            Map<String, String> overrides, String topic, TrainerConfig config) {

        /**
         * Times the three sides: in memory first and Kafka last, or, with {@code kafkaFirst}, the other way round, so
         * that alternate rounds cancel whatever the order does (the machine speeding up or slowing down over a round).
         */
        Round round(String name, boolean bare, boolean kafkaFirst) throws Exception {
            Run kafka = kafkaFirst ? timeTrainer(config("kafka-" + name), stream, null) : null;
            List<ComposedBatch<E>> composed = InMemoryBatches.compose(config, stream);
            Run steps;
            Run floor;
            Optional<BareRun> bareRun = Optional.empty();
            if (kafkaFirst) {
                floor = timeTrainer(config("memory-" + name), stream, composed);
                steps = BareSteps.onOwnThread(() -> BareSteps.timeSteps(config, stream, composed));
            } else {
                steps = BareSteps.onOwnThread(() -> BareSteps.timeSteps(config, stream, composed));
                floor = timeTrainer(config("memory-" + name), stream, composed);
            }
            if (bare) {
                bareRun = Optional.of(timeBeside(bootstrap, topic, steps.perSec(), config, stream, composed));
            }
            if (!kafkaFirst) {
                kafka = timeTrainer(config("kafka-" + name), stream, null);
            }
            return new Round(steps, floor, kafka, bareRun);
        }

        private TrainerConfig config(String name) throws IOException {
            return TrainerSettings.toConfig(stream.settings(bootstrap, registryUrl, workDir, topic,
                    "bench-throughput-" + name, overrides, "end"));
        }
    }

    /** The bare steps again, with a bare consumer reading the topic at {@code pace} beside them. */
    private static <E> BareRun timeBeside(String bootstrap, String topic, double pace, TrainerConfig config,
                                          BenchStream<E> stream, List<ComposedBatch<E>> composed) throws Exception {
        try (BareConsumer consumer = BareConsumer.start(bootstrap, topic, pace)) {
            Run t = BareSteps.onOwnThread(() -> BareSteps.timeSteps(config, stream, composed));
            return new BareRun(t.perSec(), consumer.consumed(), t.cpu());
        }
    }

    /**
     * Runs a whole trainer over the topic, from Kafka or (given {@code inMemory}) over batches in memory, and times
     * it from the stream's last untimed step to its last step.
     */
    private static <E> Run timeTrainer(TrainerConfig config, BenchStream<E> stream, List<ComposedBatch<E>> inMemory)
            throws Exception {
        collectGarbage();
        LoopTiming timing = new LoopTiming(stream.warmupSteps());
        try (TrainerService trainer = inMemory == null ? TrainerService.start(config, timing)
                : TrainerService.start(config, timing, InMemoryBatches.source(inMemory, stream.type()))) {
            timing.meters.set(trainer.meterRegistry());
            TrainerService.Outcome outcome = trainer.awaitTermination();
            if (outcome != TrainerService.Outcome.FINISHED) {
                throw new IllegalStateException("the trainer ended " + outcome, trainer.failure().orElse(null));
            }
            // A bounded run ends right after its last step: the meters now read as they did then.
            return timing.result(LoopTiming.readMeters(trainer.meterRegistry()));
        }
    }

    /**
     * Collects the previous phase's garbage (a decoded copy of the topic, say) so that it is not collected during,
     * and charged to, the next phase.
     */
    static void collectGarbage() {
        System.gc();
    }
}
