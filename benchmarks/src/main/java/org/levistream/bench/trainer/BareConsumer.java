package org.levistream.bench.trainer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
    private static final Duration POLL = Duration.ofMillis(100);

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong startedOver = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    private BareConsumer(String bootstrap, String topic, SlicedPace pace) {
        this.thread = new Thread(() -> run(bootstrap, topic, pace), "levi-bench-bare-consumer");
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
        BareConsumer c = new BareConsumer(bootstrap, topic, new SlicedPace(recordsPerSec, System::nanoTime));
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

    /**
     * Returns how many times it started over at the beginning, having read the whole topic.
     *
     * @return the count
     */
    public long startedOver() {
        return startedOver.get();
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

    private void run(String bootstrap, String topic, SlicedPace pace) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "levi-bench-bare-consumer");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, pace.maxPollRecords());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stop.get()) {
                long wait = pace.waitNanos();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.isEmpty() && atEnd(consumer, ends)) {
                    consumer.seekToBeginning(partitions);   // read it all: once more, so that it never runs dry
                    startedOver.incrementAndGet();
                }
                pace.read(records.count());
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
