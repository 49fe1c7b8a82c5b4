package org.levistream.trainer.bench;

import ai.djl.ndarray.NDManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.levistream.model.levi.Batch;
import org.levistream.schemas.config.InvalidConfigException;
import org.levistream.schemas.domain.InteractionEvent;
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
 * featurizing on the feed thread, checkpoints at the configured cadence) against the floor: the same model and
 * steps over the same batches, built in memory beforehand.
 *
 * <p>It compares warm steady states, alternately: each round times the floor and then a fresh trainer over the whole
 * topic, and the medians of the rounds are compared. Alternating keeps drift (the heap growing, the machine's speed)
 * from favouring either side, and medians keep one lucky or unlucky run from deciding. The first
 * {@value #WARMUP_STEPS} steps of every run are not timed, and each run starts from a collected heap. Checkpoints stay
 * in: every one after the untimed steps is timed.
 *
 * <p>Untimed warm-up rounds come first, until the JIT is quiet: until a round in which the compiler threads used
 * under {@value #QUIET_JIT_CORES} of a core during either side's timed steps, at most {@value #MAX_WARMUP_ROUNDS}
 * rounds. On two cores the JIT compiling the Kafka path (client, broker, feed, checkpoint writer) takes the second
 * core from the feed and slows the step; it went on for four or five whole-topic runs, far longer than a long-running
 * trainer notices. The rule looks only at the warm-up, so the timed rounds that follow are not chosen by their
 * speed.
 */
public final class ThroughputBenchmark {
    /** Untimed steps at the start of each run. */
    public static final int WARMUP_STEPS = 500;

    /** Warm-up rounds end once the JIT used less than this many cores over both sides' timed steps. */
    public static final double QUIET_JIT_CORES = 0.03;

    /** Warm-up rounds at most, quiet or not. */
    public static final int MAX_WARMUP_ROUNDS = 6;

    /** Timed steps needed at least, so that a run says something. */
    public static final int MIN_TIMED_STEPS = 500;

    /** Thread groups named in the CPU breakdowns. */
    private static final int CPU_GROUPS = 7;

    /**
     * One round: the floor, then the trainer from Kafka.
     *
     * @param memoryPerSec    samples/s of the in-memory loop
     * @param kafkaPerSec     samples/s of the trainer consuming from Kafka
     * @param checkpoints     checkpoints the Kafka run wrote
     * @param stepMillis      the Kafka run's mean step time, over the timed steps
     * @param waitMillis      the Kafka run's mean wait for a ready batch per timed step
     * @param floorStepMillis the in-memory run's mean time per step
     * @param kafkaCpu        where the cores went over the Kafka run's timed steps ({@link ThreadCpu})
     * @param floorCpu        the same for the in-memory run
     * @param floorJitCores   cores the JIT used over the in-memory run's timed steps
     * @param kafkaJitCores   the same over the Kafka run's
     * @param bare            the in-memory loop again with a {@link BareConsumer} beside it, when asked for
     */
    public record Round(double memoryPerSec, double kafkaPerSec, int checkpoints, double stepMillis,
                       double waitMillis, double floorStepMillis, String kafkaCpu, String floorCpu,
                       double floorJitCores, double kafkaJitCores, Optional<BareRun> bare) {
        /**
         * Returns Kafka over memory in this round.
         *
         * @return the ratio
         */
        public double ratio() {
            return kafkaPerSec / memoryPerSec;
        }

        /**
         * Tells whether the JIT was quiet on both sides.
         *
         * @return true once the compiler threads used under {@value #QUIET_JIT_CORES} of a core on either side
         */
        public boolean jitQuiet() {
            return floorJitCores < QUIET_JIT_CORES && kafkaJitCores < QUIET_JIT_CORES;
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
     * The in-memory loop with a {@link BareConsumer} reading the topic beside it at the floor's pace.
     *
     * @param perSec   samples/s of the loop
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
         * Returns the median of the in-memory runs.
         *
         * @return samples/s
         */
        public double memoryPerSec() {
            return Medians.of(rounds.stream().mapToDouble(Round::memoryPerSec).toArray());
        }

        /**
         * Returns the median of the Kafka runs.
         *
         * @return samples/s
         */
        public double kafkaPerSec() {
            return Medians.of(rounds.stream().mapToDouble(Round::kafkaPerSec).toArray());
        }

        /**
         * Returns the medians' ratio, Kafka over memory.
         *
         * @return the ratio; the goal is at least 0.95
         */
        public double ratio() {
            return kafkaPerSec() / memoryPerSec();
        }

        /**
         * Returns the median of the rounds' own ratios: each pairs two runs made seconds apart, so it leans less on
         * a machine whose speed drifts over the minutes of the benchmark.
         *
         * @return the median ratio
         */
        public double medianRoundRatio() {
            return Medians.of(rounds.stream().mapToDouble(Round::ratio).toArray());
        }

        /**
         * Returns the median over the rounds of the loop with a bare consumer beside it, over the floor of the same
         * round: what the unavoidable Kafka work alone leaves of the floor's speed.
         *
         * @return the median ratio, or empty when the rounds ran no bare consumer
         */
        public OptionalDouble medianBareRatio() {
            double[] ratios = rounds.stream().filter(r -> r.bare().isPresent())
                    .mapToDouble(r -> r.bare().get().perSec() / r.memoryPerSec()).toArray();
            return ratios.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(Medians.of(ratios));
        }
    }

    private record Timed(double perSec, double stepMillis, String cpu, double jitCores) {}

    private record KafkaRun(double perSec, int checkpoints, double stepMillis, double waitMillis, String cpu,
                            double jitCores) {}

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
     * @param bare        whether each round also times the in-memory loop with a {@link BareConsumer} beside it
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
        int warmups = 0;
        boolean quiet = false;
        while (!quiet && warmups < MAX_WARMUP_ROUNDS) {
            warmups++;
            Round round = round(bootstrap, registryUrl, workDir, overrides, topic, config, "warmup-" + warmups,
                    false);
            quiet = round.jitQuiet();
            progress.ended(round, warmups, false);
        }
        List<Round> timed = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            Round round = round(bootstrap, registryUrl, workDir, overrides, topic, config, Integer.toString(r), bare);
            timed.add(round);
            progress.ended(round, r, true);
        }
        return new Result(records, config.device().resolve().toString(), warmups, timed);
    }

    /** The floor, then a fresh trainer over the whole topic (its experiment suffixed {@code name}). */
    private static Round round(String bootstrap, String registryUrl, Path workDir, Map<String, String> overrides,
                               String topic, TrainerConfig config, String name, boolean bare) throws Exception {
        Timed floor = onOwnThread(() -> timeInMemory(config));
        Optional<BareRun> bareRun = bare
                ? Optional.of(timeBeside(bootstrap, topic, floor.perSec(), config))
                : Optional.empty();
        KafkaRun kafka = timeKafka(TrainerSettings.toConfig(BenchSettings.settings(bootstrap, registryUrl,
                workDir, topic, "bench-throughput-" + name, overrides, "end")));
        return new Round(floor.perSec(), kafka.perSec(), kafka.checkpoints(), kafka.stepMillis(),
                kafka.waitMillis(), floor.stepMillis(), kafka.cpu(), floor.cpu(), floor.jitCores(),
                kafka.jitCores(), bareRun);
    }

    /** The in-memory loop again, with a bare consumer reading the topic at {@code pace} beside it. */
    private static BareRun timeBeside(String bootstrap, String topic, double pace, TrainerConfig config)
            throws Exception {
        try (BareConsumer consumer = BareConsumer.start(bootstrap, topic, pace)) {
            Timed t = onOwnThread(() -> timeInMemory(config));
            return new BareRun(t.perSec(), consumer.consumed(), t.cpu());
        }
    }

    /** Runs the whole trainer over the topic and times it from step {@value #WARMUP_STEPS} to its last step. */
    private static KafkaRun timeKafka(TrainerConfig config) throws Exception {
        collectGarbage();
        KafkaTiming timing = new KafkaTiming();
        try (TrainerService trainer = TrainerService.start(config, timing)) {
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
    private static final class KafkaTiming implements TrainerListener {
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

        KafkaRun result(double[] metersAtLast) {
            double steps = Math.max(1, metersAtLast[0] - metersAtFirst[0]);
            double cpuSeconds = (cpuLastNanos - firstNanos) / 1e9;
            return new KafkaRun((lastRecords - firstRecords) / ((lastNanos - firstNanos) / 1e9),
                    (int) checkpoints.get(), (metersAtLast[1] - metersAtFirst[1]) / steps,
                    (metersAtLast[2] - metersAtFirst[2]) / steps,
                    cpuAtLast == null ? "" : cpuAtLast.coresSince(cpuAtFirst, cpuSeconds, CPU_GROUPS),
                    cpuAtLast == null ? 0 : cpuAtLast.compilerCoresSince(cpuAtFirst, cpuSeconds));
        }
    }

    /**
     * Runs on a thread of its own, as the trainer does (libtorch keeps settings per thread, and the engine's own
     * thread trains at another speed).
     */
    private static Timed onOwnThread(Callable<Timed> run) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(run.call());
            } catch (Exception | Error e) {
                result.set(e);
            }
        }, "levi-bench-floor");
        thread.start();
        thread.join();
        if (result.get() instanceof Exception e) {
            throw e;
        }
        if (result.get() instanceof Error e) {
            throw e;
        }
        return (Timed) result.get();
    }

    /**
     * Builds every batch first, then times the steps over them, freeing each batch after its step as the
     * trainer does.
     */
    private static Timed timeInMemory(TrainerConfig config) throws Exception {
        try (ModelSetup setup = ModelSetup.open(config)) {
            Prebuilt prebuilt = build(setup, compose(config));
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
                return new Timed(timed / seconds, seconds * 1000 / Math.max(1, stepped - WARMUP_STEPS),
                        cpuAtEnd.coresSince(cpuAtStart, seconds, CPU_GROUPS),
                        cpuAtEnd.compilerCoresSince(cpuAtStart, seconds));
            } finally {
                prebuilt.managers().subList(Math.min(stepped, prebuilt.managers().size()), prebuilt.managers().size())
                        .forEach(NDManager::close);
            }
        }
    }

    /**
     * Featurizes every batch the trainer composes; the decoded records are garbage once this returns, so that the
     * Kafka runs do not carry them in the old generation.
     */
    private static Prebuilt build(ModelSetup setup, List<List<InteractionEvent>> composed) {
        List<NDManager> managers = new ArrayList<>(composed.size());
        List<Batch> batches = new ArrayList<>(composed.size());
        int[] sizes = new int[composed.size()];
        for (int i = 0; i < composed.size(); i++) {
            NDManager m = NDManager.newBaseManager(setup.device());
            managers.add(m);
            batches.add(setup.builder().training(composed.get(i), m));
            sizes[i] = composed.get(i).size();
        }
        return new Prebuilt(managers, batches, sizes);
    }

    /**
     * Collects the previous phase's garbage (a decoded copy of the topic, say) so that it is not collected during,
     * and charged to, the next phase.
     */
    private static void collectGarbage() {
        System.gc();
    }

    /** The batches the trainer composes, read once from the topic. */
    private static List<List<InteractionEvent>> compose(TrainerConfig config) throws Exception {
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
            List<List<InteractionEvent>> batches = new ArrayList<>();
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
                if (b.size() > 0) {
                    batches.add(b.records().stream().map(Fetched::event).toList());
                }
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
