package org.levistream.trainer.bench;

import ai.djl.ndarray.NDManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.levistream.model.levi.Batch;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.trainer.batching.ComposedBatch;
import org.levistream.trainer.batching.Fetched;
import org.levistream.trainer.batching.PartitionRotation;
import org.levistream.trainer.batching.PoisonRecordException;
import org.levistream.trainer.batching.RecordDecoder;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.loop.ModelSetup;
import org.levistream.trainer.loop.TrainerListener;
import org.levistream.trainer.loop.TrainerService;

/**
 * Training samples/s when consuming from Kafka (the whole trainer: read_committed consumer, decoding, rotation,
 * featurizing on the feed thread, checkpoints at the configured cadence) against the floor: the same loop over the
 * same batches in memory. The floor is the trainer itself ({@link TrainerService#startInMemory}), whose loop takes
 * batches composed and featurized beforehand instead of reading Kafka; checkpoints and their events are the loop's
 * own, on both sides. A third side, the bare steps over the same batches with no loop around them (no checkpoints),
 * shows what the loop itself costs.
 *
 * <p>It compares warm steady states, alternately: each round times the bare steps, the floor and a fresh trainer over
 * the whole topic from Kafka, in that order in odd rounds and in the reverse order in even ones, and the medians of
 * the rounds are compared. Alternating keeps drift (the heap growing, the machine's speed) from favouring either side,
 * and medians keep one lucky or unlucky run from deciding. The first
 * {@value #WARMUP_STEPS} steps of every run are not timed, and each run starts from a collected heap.
 *
 * <p>Untimed warm-up rounds come first, until the JIT is quiet: until a round in which the compiler threads used
 * under {@value #QUIET_JIT_CORES} of a core during every side's timed steps, at most {@value #MAX_WARMUP_ROUNDS}
 * rounds. On two cores the JIT compiling the Kafka path (client, broker, feed, checkpoint writer) takes the second
 * core from the feed and slows the step; it went on for four or five whole-topic runs, far longer than a long-running
 * trainer notices. The rule looks only at the warm-up, so the timed rounds that follow are not chosen by their
 * speed.
 */
public final class ThroughputBenchmark {
    /** Untimed steps at the start of each run. */
    public static final int WARMUP_STEPS = 500;

    /** Warm-up rounds end once the JIT used less than this many cores over every side's timed steps. */
    public static final double QUIET_JIT_CORES = 0.03;

    /** Warm-up rounds at most, quiet or not. */
    public static final int MAX_WARMUP_ROUNDS = 6;

    /** Timed steps needed at least, so that a run says something. */
    public static final int MIN_TIMED_STEPS = 500;

    /** Thread groups named in the CPU breakdowns. */
    private static final int CPU_GROUPS = 7;

    /**
     * One side's timed steps in one round.
     *
     * @param perSec      samples/s
     * @param stepMillis  mean time of a training step
     * @param waitMillis  mean wait for a ready batch per step; 0 for the bare steps
     * @param checkpoints checkpoints written during the run; 0 for the bare steps
     * @param cpu         where the cores went ({@link ThreadCpu})
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
         * @return true once the compiler threads used under {@value #QUIET_JIT_CORES} of a core on each
         */
        public boolean jitQuiet() {
            return steps.jitCores() < QUIET_JIT_CORES && floor.jitCores() < QUIET_JIT_CORES
                    && kafka.jitCores() < QUIET_JIT_CORES;
        }
    }

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

    /**
     * The bare steps with a {@link BareConsumer} reading the topic beside them at their own pace.
     *
     * @param perSec   samples/s of the steps
     * @param consumed records the bare consumer read meanwhile
     * @param cpu      where the cores went ({@link ThreadCpu})
     */
    public record BareRun(double perSec, long consumed, String cpu) {
    }

    /**
     * The outcome.
     *
     * @param records records trained on per run
     * @param device  the device
     * @param warmups untimed warm-up rounds run first
     * @param rounds  the timed rounds, in order
     */
    public record Result(long records, String device, int warmups, List<Round> rounds) {
        /** Copies the rounds. */
        public Result {
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
    }

    /** Batches built in memory: each one's manager, its model batch and its record count. */
    private record Prebuilt(List<NDManager> managers, List<Batch> batches, int[] sizes) {}

    private ThroughputBenchmark() {}

    /**
     * Runs the warm-up and the rounds.
     *
     * @param bootstrap   Kafka
     * @param registryUrl the registry
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
    public static Result run(String bootstrap, String registryUrl, Path workDir, Map<String, String> overrides,
                             int records, int partitions, int rounds, boolean bare, RoundListener progress)
            throws Exception {
        String topic = "levi.bench.throughput." + System.currentTimeMillis();
        TrainerConfig config = TrainerSettings.toConfig(BenchSettings.settings(bootstrap, registryUrl, workDir, topic,
                "bench-throughput", overrides, "end"));
        long steps = (records + config.batchSize() - 1) / config.batchSize();
        if (steps < WARMUP_STEPS + MIN_TIMED_STEPS) {
            throw new InvalidConfigException(List.of("records was " + records + ", " + steps + " steps of "
                    + config.batchSize() + ", but the benchmark needs at least " + (WARMUP_STEPS + MIN_TIMED_STEPS)
                    + " steps (" + WARMUP_STEPS + " untimed)"));
        }
        if (rounds < 1) {
            throw new InvalidConfigException(List.of("rounds was " + rounds + " but must be at least 1"));
        }
        SyntheticStream.createTopic(bootstrap, topic, partitions);
        try (SyntheticStream stream = new SyntheticStream(registryUrl, 42);
             KafkaProducer<byte[], byte[]> producer = SyntheticStream.producer(bootstrap)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, null, stream.next(topic)));
            }
        }
        Sides sides = new Sides(bootstrap, registryUrl, workDir, overrides, topic, config);
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
        return new Result(records, config.device().resolve().toString(), warmups, timed);
    }

    /** What every round runs over; each run gets an experiment (and checkpoint folder) of its own. */
    private record Sides(String bootstrap, String registryUrl, Path workDir, Map<String, String> overrides,
                         String topic, TrainerConfig config) {

        /**
         * Times the three sides: in memory first and Kafka last, or, with {@code kafkaFirst}, the other way round, so
         * that alternate rounds cancel whatever the order does (the machine speeding up or slowing down over a round).
         */
        Round round(String name, boolean bare, boolean kafkaFirst) throws Exception {
            Run kafka = kafkaFirst ? timeTrainer(config("kafka-" + name), null) : null;
            List<ComposedBatch> composed = compose(config);
            Run steps;
            Run floor;
            Optional<BareRun> bareRun = Optional.empty();
            if (kafkaFirst) {
                floor = timeTrainer(config("memory-" + name), composed);
                steps = onOwnThread(() -> timeSteps(config, composed));
            } else {
                steps = onOwnThread(() -> timeSteps(config, composed));
                floor = timeTrainer(config("memory-" + name), composed);
            }
            if (bare) {
                bareRun = Optional.of(timeBeside(bootstrap, topic, steps.perSec(), config, composed));
            }
            if (!kafkaFirst) {
                kafka = timeTrainer(config("kafka-" + name), null);
            }
            return new Round(steps, floor, kafka, bareRun);
        }

        private TrainerConfig config(String name) throws IOException {
            return TrainerSettings.toConfig(BenchSettings.settings(bootstrap, registryUrl, workDir, topic,
                    "bench-throughput-" + name, overrides, "end"));
        }
    }

    /** The bare steps again, with a bare consumer reading the topic at {@code pace} beside them. */
    private static BareRun timeBeside(String bootstrap, String topic, double pace, TrainerConfig config,
                                      List<ComposedBatch> composed) throws Exception {
        try (BareConsumer consumer = BareConsumer.start(bootstrap, topic, pace)) {
            Run t = onOwnThread(() -> timeSteps(config, composed));
            return new BareRun(t.perSec(), consumer.consumed(), t.cpu());
        }
    }

    /**
     * Runs a whole trainer over the topic, from Kafka or (given {@code inMemory}) over batches in memory, and times
     * it from step {@value #WARMUP_STEPS} to its last step.
     */
    private static Run timeTrainer(TrainerConfig config, List<ComposedBatch> inMemory) throws Exception {
        collectGarbage();
        LoopTiming timing = new LoopTiming();
        try (TrainerService trainer = inMemory == null ? TrainerService.start(config, timing)
                : TrainerService.startInMemory(config, timing, inMemory)) {
            timing.meters.set(trainer.meterRegistry());
            TrainerService.Outcome outcome = trainer.awaitTermination();
            if (outcome != TrainerService.Outcome.FINISHED) {
                throw new IllegalStateException("the trainer ended " + outcome, trainer.failure().orElse(null));
            }
            // A bounded run ends right after its last step: the meters now read as they did then.
            return timing.result(readMeters(trainer.meterRegistry()));
        }
    }

    /** Step count, step time and wait time so far (ms); zeros before the registry is known. */
    private static double[] readMeters(MeterRegistry m) {
        if (m == null) {
            return new double[3];
        }
        Timer step = m.get("levi.trainer.step").timer();
        return new double[] {step.count(), step.totalTime(TimeUnit.MILLISECONDS),
            m.get("levi.trainer.feed.wait").timer().totalTime(TimeUnit.MILLISECONDS)};
    }

    /**
     * Times a trainer from the listener, on the training thread, doing as little as it can per step: samples/s over
     * the timed steps, and the step and wait meters' means over the same steps.
     */
    private static final class LoopTiming implements TrainerListener {
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

        @Override
        public void stepped(Progress p) {
            if (p.step() == WARMUP_STEPS) {
                firstNanos = System.nanoTime();
                firstRecords = p.records();
                metersAtFirst = readMeters(meters.get());
                cpuAtFirst = ThreadCpu.snapshot();
            } else if (p.step() > WARMUP_STEPS) {
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

        Run result(double[] metersAtLast) {
            double steps = Math.max(1, metersAtLast[0] - metersAtFirst[0]);
            double cpuSeconds = (cpuLastNanos - firstNanos) / 1e9;
            return new Run((lastRecords - firstRecords) / ((lastNanos - firstNanos) / 1e9),
                    (metersAtLast[1] - metersAtFirst[1]) / steps, (metersAtLast[2] - metersAtFirst[2]) / steps,
                    (int) checkpoints.get(),
                    cpuAtLast == null ? "" : cpuAtLast.coresSince(cpuAtFirst, cpuSeconds, CPU_GROUPS),
                    cpuAtLast == null ? 0 : cpuAtLast.compilerCoresSince(cpuAtFirst, cpuSeconds));
        }
    }

    /**
     * Runs on a thread of its own, as the trainer does (libtorch keeps settings per thread, and the engine's own
     * thread trains at another speed).
     */
    private static Run onOwnThread(Callable<Run> run) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(run.call());
            } catch (Exception | Error e) {
                result.set(e);
            }
        }, "levi-bench-steps");
        thread.start();
        thread.join();
        if (result.get() instanceof Exception e) {
            throw e;
        }
        if (result.get() instanceof Error e) {
            throw e;
        }
        return (Run) result.get();
    }

    /**
     * The bare steps: builds every batch first, then times the steps over them, freeing each batch after its step as
     * the trainer does, with nothing else around them.
     */
    private static Run timeSteps(TrainerConfig config, List<ComposedBatch> composed) throws Exception {
        try (ModelSetup setup = ModelSetup.open(config)) {
            Prebuilt prebuilt = build(setup, composed);
            int stepped = 0;
            try {
                collectGarbage();
                long start = 0;
                long timed = 0;
                ThreadCpu cpuAtStart = null;
                for (; stepped < prebuilt.batches().size(); stepped++) {
                    if (stepped == WARMUP_STEPS) {
                        cpuAtStart = ThreadCpu.snapshot();
                        start = System.nanoTime();
                    }
                    setup.trainer().trainStep(prebuilt.batches().get(stepped));
                    prebuilt.managers().get(stepped).close();
                    if (stepped >= WARMUP_STEPS) {
                        timed += prebuilt.sizes()[stepped];
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                ThreadCpu cpuAtEnd = ThreadCpu.snapshot();
                return new Run(timed / seconds, seconds * 1000 / Math.max(1, stepped - WARMUP_STEPS), 0, 0,
                        cpuAtEnd.coresSince(cpuAtStart, seconds, CPU_GROUPS),
                        cpuAtEnd.compilerCoresSince(cpuAtStart, seconds));
            } finally {
                prebuilt.managers().subList(Math.min(stepped, prebuilt.managers().size()), prebuilt.managers().size())
                        .forEach(NDManager::close);
            }
        }
    }

    /** Featurizes every batch with records. */
    private static Prebuilt build(ModelSetup setup, List<ComposedBatch> composed) {
        List<NDManager> managers = new ArrayList<>(composed.size());
        List<Batch> batches = new ArrayList<>(composed.size());
        List<Integer> sizes = new ArrayList<>(composed.size());
        for (ComposedBatch c : composed) {
            if (c.size() == 0) {
                continue;
            }
            NDManager m = NDManager.newBaseManager(setup.device());
            managers.add(m);
            batches.add(setup.builder().training(c.records().stream().map(Fetched::event).toList(), m));
            sizes.add(c.size());
        }
        return new Prebuilt(managers, batches, sizes.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Collects the previous phase's garbage (a decoded copy of the topic, say) so that it is not collected during,
     * and charged to, the next phase.
     */
    private static void collectGarbage() {
        System.gc();
    }

    /**
     * The batches the trainer composes, read once from the topic, the end marker included. Each round reads them
     * afresh and drops them before its Kafka run, so that the Kafka run does not carry them in the old generation.
     */
    static List<ComposedBatch> compose(TrainerConfig config) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (SchemaRegistryClient registry = HttpSchemaRegistryClient.create(config.registry());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            RecordDecoder decoder = new RecordDecoder(registry);
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(config.inputTopics().get(0)).forEach(i -> partitions.add(
                    new TopicPartition(i.topic(), i.partition())));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> start = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            partitions.forEach(tp -> start.put(tp, 0L));
            PartitionRotation rotation = new PartitionRotation(partitions, start, null, end);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ComposedBatch> batches = new ArrayList<>();
            while (true) {
                PartitionRotation.Fill fill = rotation.fill(config.batchSize());
                if (fill.state() == PartitionRotation.State.WAITING) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        rotation.add(decode(decoder, r));
                    }
                    partitions.forEach(tp -> rotation.fetchedThrough(tp, consumer.position(tp)));
                    continue;
                }
                ComposedBatch b = rotation.take(fill.state() == PartitionRotation.State.FINISHED);
                batches.add(b);
                if (b.last()) {
                    return batches;
                }
            }
        }
    }

    private static Fetched decode(RecordDecoder decoder, ConsumerRecord<byte[], byte[]> r) {
        try {
            return decoder.decode(r);
        } catch (PoisonRecordException e) {
            return new Fetched(new TopicPartition(r.topic(), r.partition()), r.offset(), r.timestamp(), -1, null);
        }
    }
}
