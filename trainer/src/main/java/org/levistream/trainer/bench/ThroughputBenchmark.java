package org.levistream.trainer.bench;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.levistream.model.levi.Batch;
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
 * steps over the same batches, built in memory beforehand, measured before and after the Kafka run (the faster
 * counts). The first {@value #WARMUP_STEPS} steps of each are not timed.
 */
public final class ThroughputBenchmark {
    /** Untimed steps at the start of each run. */
    public static final int WARMUP_STEPS = 20;

    /**
     * The outcome.
     *
     * @param records       records trained on per run
     * @param kafkaPerSec   samples/s of the trainer consuming from Kafka
     * @param memoryPerSec  samples/s of the in-memory loop
     * @param checkpoints   checkpoints the Kafka run wrote
     * @param device        the device
     * @param stepMillis    the Kafka run's mean step time
     * @param waitMillis    the Kafka run's mean wait for a ready batch, per step
     */
    public record Result(long records, double kafkaPerSec, double memoryPerSec, int checkpoints, String device,
                         double stepMillis, double waitMillis) {
        /**
         * Returns Kafka over memory.
         *
         * @return the ratio; the goal is at least 0.95
         */
        public double ratio() {
            return kafkaPerSec / memoryPerSec;
        }
    }

    private static volatile double floorStepMillis;

    private ThroughputBenchmark() {}

    /**
     * Returns the last in-memory run's mean step time.
     *
     * @return milliseconds per step
     */
    public static double floorStepMillis() {
        return floorStepMillis;
    }

    /**
     * Runs both measurements.
     *
     * @param bootstrap   Kafka
     * @param registryUrl the registry
     * @param workDir     where checkpoints and the backbone go
     * @param overrides   trainer and model settings over the defaults (batch size, model, device)
     * @param records     records to produce and train on
     * @param partitions  partitions of the topic
     * @return the result
     * @throws Exception if Kafka or the model fails
     */
    public static Result run(String bootstrap, String registryUrl, Path workDir, Map<String, String> overrides,
                             int records, int partitions) throws Exception {
        String topic = "levi.bench.throughput." + System.currentTimeMillis();
        SyntheticStream.createTopic(bootstrap, topic, partitions);
        try (SyntheticStream stream = new SyntheticStream(registryUrl, 42);
             KafkaProducer<byte[], byte[]> producer = SyntheticStream.producer(bootstrap)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, null, stream.next(topic)));
            }
        }
        TrainerConfig config = TrainerSettings.toConfig(BenchSettings.settings(bootstrap, registryUrl, workDir, topic,
                "bench-throughput", overrides, "end"));
        double memoryBefore = memoryFloor(config);
        AtomicLong firstTimed = new AtomicLong();
        AtomicLong recordsAtFirst = new AtomicLong();
        AtomicLong lastStep = new AtomicLong();
        AtomicLong lastRecords = new AtomicLong();
        AtomicLong checkpoints = new AtomicLong();
        TrainerListener listener = new TrainerListener() {
            @Override public void stepped(Progress p) {
                if (p.step() == WARMUP_STEPS) {
                    firstTimed.set(System.nanoTime());
                    recordsAtFirst.set(p.records());
                } else if (p.step() > WARMUP_STEPS) {
                    lastStep.set(System.nanoTime());
                    lastRecords.set(p.records());
                }
            }

            @Override public void checkpointed(CheckpointWritten c) {
                checkpoints.incrementAndGet();
            }
        };
        double stepMillis;
        double waitMillis;
        try (TrainerService trainer = TrainerService.start(config, listener)) {
            TrainerService.Outcome outcome = trainer.awaitTermination();
            if (outcome != TrainerService.Outcome.FINISHED) {
                throw new IllegalStateException("the trainer ended " + outcome, trainer.failure().orElse(null));
            }
            var step = trainer.meterRegistry().get("levi.trainer.step").timer();
            stepMillis = step.mean(java.util.concurrent.TimeUnit.MILLISECONDS);
            waitMillis = trainer.meterRegistry().get("levi.trainer.feed.wait").timer()
                    .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) / Math.max(1, step.count());
        }
        double kafka = (lastRecords.get() - recordsAtFirst.get()) / ((lastStep.get() - firstTimed.get()) / 1e9);
        // The floor runs before and after, and the faster counts: neither warm-up order nor drift flatters Kafka.
        double memory = Math.max(memoryBefore, memoryFloor(config));
        return new Result(records, kafka, memory, (int) checkpoints.get(), config.device().resolve().toString(),
                stepMillis, waitMillis);
    }

    /**
     * Builds every batch first, then times the steps over them, on a thread of its own as the trainer does (libtorch
     * keeps settings per thread, and the engine's own thread trains at another speed).
     */
    private static double memoryFloor(TrainerConfig config) throws Exception {
        java.util.concurrent.atomic.AtomicReference<Object> result = new java.util.concurrent.atomic.AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(timeInMemory(config));
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
        return (Double) result.get();
    }

    private static double timeInMemory(TrainerConfig config) throws Exception {
        try (ModelSetup setup = ModelSetup.open(config)) {
            List<List<InteractionEvent>> batches = compose(config);
            List<NDManager> managers = new ArrayList<>();
            List<Batch> built = new ArrayList<>();
            for (List<InteractionEvent> events : batches) {
                NDManager m = NDManager.newBaseManager(setup.device());
                managers.add(m);
                built.add(setup.builder().training(events, m));
            }
            try {
                long start = 0;
                long timed = 0;
                for (int i = 0; i < built.size(); i++) {
                    if (i == WARMUP_STEPS) {
                        start = System.nanoTime();
                    }
                    setup.trainer().trainStep(built.get(i));
                    if (i >= WARMUP_STEPS) {
                        timed += batches.get(i).size();
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                floorStepMillis = seconds * 1000 / Math.max(1, built.size() - WARMUP_STEPS);
                return timed / seconds;
            } finally {
                managers.forEach(NDManager::close);
            }
        }
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
