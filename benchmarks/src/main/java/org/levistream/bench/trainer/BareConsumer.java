package org.levistream.bench.trainer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A consumer that reads a topic at a given pace and throws every record away, on a thread of its own: the Kafka work
 * that no trainer can avoid (the broker serving fetches, the client fetching, decompressing and checking them), with
 * no decoding, featurizing or checkpointing. Run beside the in-memory loop, it shows what that work alone costs the
 * training step on this machine.
 *
 * <p>It reads {@code read_committed} with the trainer's other consumer defaults, from the beginning, and starts over
 * at the end, so that it never runs dry. The pace is kept over 10 ms slices, with no catching up on a slice missed.
 * The thread owns the consumer and closes it.
 */
public final class BareConsumer implements AutoCloseable {
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Kafka's default {@code max.poll.records}. */
    private static final int MAX_POLL_RECORDS = 500;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    private BareConsumer(String bootstrap, String topic, double recordsPerSec) {
        this.thread = new Thread(() -> run(bootstrap, topic, recordsPerSec), "levi-bench-bare-consumer");
        this.thread.setDaemon(true);
    }

    /**
     * Starts reading.
     *
     * @param bootstrap     Kafka
     * @param topic         the topic, read whole and again
     * @param recordsPerSec the pace, e.g. the samples/s of the loop it runs beside
     * @return the running consumer
     */
    public static BareConsumer start(String bootstrap, String topic, double recordsPerSec) {
        if (!(recordsPerSec > 0)) {
            throw new IllegalArgumentException("recordsPerSec was " + recordsPerSec + " but must be positive");
        }
        BareConsumer c = new BareConsumer(bootstrap, topic, recordsPerSec);
        c.thread.start();
        return c;
    }

    /**
     * Returns the records read so far.
     *
     * @return the count
     */
    public long consumed() {
        return consumed.get();
    }

    /** Stops the thread and waits for it; throws what stopped it early, if something did. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join();
        if (failure.get() != null) {
            throw new IllegalStateException("the bare consumer failed: " + failure.get(), failure.get());
        }
    }

    private void run(String bootstrap, String topic, double recordsPerSec) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "levi-bench-bare-consumer");
        long perSlice = Math.max(1, Math.round(recordsPerSec * SLICE_NANOS / 1e9));
        // A poll returns no more than a slice's worth, so that a slow pace is kept within the slice too.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, (int) Math.min(perSlice, MAX_POLL_RECORDS));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long sliceEnds = System.nanoTime() + SLICE_NANOS;
            long inSlice = 0;
            while (!stop.get()) {
                long now = System.nanoTime();
                if (now - sliceEnds >= 0) {
                    sliceEnds = now + SLICE_NANOS;
                    inSlice = 0;
                }
                if (inSlice >= perSlice) {
                    LockSupport.parkNanos(sliceEnds - now);
                    continue;
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.isEmpty() && atEnd(consumer, ends)) {
                    consumer.seekToBeginning(partitions);   // read it all: once more, so that it never runs dry
                }
                inSlice += records.count();
                consumed.addAndGet(records.count());
            }
        } catch (RuntimeException | Error e) {
            failure.set(e);
        }
    }

    private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
