package org.levistream.bench.trainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.levistream.bench.measure.Percentiles;
import org.levistream.trainer.config.TrainerSettings;
import org.levistream.trainer.loop.TrainerListener;
import org.levistream.trainer.loop.TrainerService;

/**
 * Freshness of a live trainer at the given settings: records are produced at a steady rate, and for each one the
 * benchmark measures the time from its produce timestamp to the first durable checkpoint whose next offsets
 * include it, and to the broker's acknowledgement of that checkpoint's {@code CheckpointEvent}.
 */
public final class FreshnessBenchmark {
    /**
     * The outcome.
     *
     * @param records      records produced and measured
     * @param ratePerSec   the produce rate achieved
     * @param toCheckpoint produce time to durable checkpoint
     * @param toEvent      produce time to the checkpoint's event being acknowledged
     * @param checkpoints  checkpoints written while measuring
     */
    public record Result(int records, double ratePerSec, Percentiles toCheckpoint, Percentiles toEvent,
                         int checkpoints) {}

    private record Sent(TopicPartition partition, long offset, long timestamp) {}

    private FreshnessBenchmark() {}

    /**
     * Runs the measurement.
     *
     * @param bootstrap   Kafka
     * @param registryUrl the registry
     * @param workDir     where checkpoints and the backbone go
     * @param overrides   settings over the defaults
     * @param ratePerSec  records per second to produce
     * @param seconds     how long to produce
     * @param partitions  partitions of the topic
     * @return the result
     * @throws Exception if Kafka or the trainer fails
     */
    public static Result run(String bootstrap, String registryUrl, Path workDir, Map<String, String> overrides,
                             int ratePerSec, int seconds, int partitions) throws Exception {
        String topic = "levi.bench.freshness." + System.currentTimeMillis();
        SyntheticStream.createTopic(bootstrap, topic, partitions);
        List<TrainerListener.CheckpointWritten> checkpoints = new CopyOnWriteArrayList<>();
        Map<Long, Long> acks = new ConcurrentHashMap<>();
        CountDownLatch started = new CountDownLatch(1);
        TrainerListener listener = new TrainerListener() {
            @Override public void started(String from) {
                started.countDown();
            }

            @Override public void checkpointed(CheckpointWritten c) {
                checkpoints.add(c);
            }

            @Override public void eventAcknowledged(long step, long ackedAtMs) {
                acks.put(step, ackedAtMs);
            }
        };
        List<Sent> sent = new CopyOnWriteArrayList<>();
        long t0;
        try (TrainerService trainer = TrainerService.start(TrainerSettings.toConfig(BenchSettings.settings(bootstrap,
                registryUrl, workDir, topic, "bench-freshness", overrides, "none")), listener)) {
            if (!started.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the trainer did not start");
            }
            t0 = System.nanoTime();
            produce(bootstrap, registryUrl, topic, partitions, ratePerSec, seconds, sent);
            awaitCovered(sent, checkpoints);
        }
        double rate = sent.size() / ((System.nanoTime() - t0) / 1e9);
        return measure(sent, checkpoints, acks, rate);
    }

    private static void produce(String bootstrap, String registryUrl, String topic, int partitions, int rate,
                                int seconds, List<Sent> sent) throws InterruptedException {
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        try (SyntheticStream stream = new SyntheticStream(registryUrl, 7);
             KafkaProducer<byte[], byte[]> producer = SyntheticStream.producer(bootstrap)) {
            for (long i = 0; i < total; i++) {
                long due = start + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // pacing the producer, not synchronising
                }
                producer.send(new ProducerRecord<>(topic, (int) (i % partitions), null, stream.next(topic)),
                        (md, e) -> {
                            if (e == null) {
                                sent.add(new Sent(new TopicPartition(md.topic(), md.partition()), md.offset(),
                                        md.timestamp()));
                            }
                        });
            }
        }
    }

    private static void awaitCovered(List<Sent> sent, List<TrainerListener.CheckpointWritten> checkpoints)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!checkpoints.isEmpty() && sent.stream().allMatch(s -> covering(s, checkpoints) != null)) {
                TimeUnit.SECONDS.sleep(1); // let the last event's acknowledgement arrive
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("no checkpoint covered every record within 60 s of the last one");
    }

    private static TrainerListener.CheckpointWritten covering(Sent s, List<TrainerListener.CheckpointWritten> all) {
        for (TrainerListener.CheckpointWritten c : all) {
            Long next = c.nextOffsets().get(s.partition());
            if (next != null && next > s.offset()) {
                return c;
            }
        }
        return null;
    }

    private static Result measure(List<Sent> sent, List<TrainerListener.CheckpointWritten> checkpoints,
                                  Map<Long, Long> acks, double rate) {
        List<Long> toCheckpoint = new ArrayList<>();
        List<Long> toEvent = new ArrayList<>();
        for (Sent s : sent) {
            TrainerListener.CheckpointWritten c = covering(s, checkpoints);
            toCheckpoint.add(c.durableAtMs() - s.timestamp());
            Long ack = acks.get(c.step());
            if (ack != null) {
                toEvent.add(ack - s.timestamp());
            }
        }
        return new Result(sent.size(), rate, Percentiles.of(toCheckpoint.stream().mapToLong(Long::longValue).toArray()),
                Percentiles.of(toEvent.stream().mapToLong(Long::longValue).toArray()), checkpoints.size());
    }
}
