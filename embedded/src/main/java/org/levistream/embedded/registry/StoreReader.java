package org.levistream.embedded.registry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the schemas topic from its first offset and applies every record to the {@link RegistryState}, for as
 * long as the registry runs. It is the state's only writer.
 *
 * <p>It runs on its own thread, which alone touches the consumer; {@link #close()} stops it with
 * {@code wakeup()}, and the consumer is closed in {@code finally}. Other threads learn how far it has read
 * through {@link #awaitPosition}: a write waits there until its own record has been applied, so that a read right
 * after a write sees it.
 */
final class StoreReader implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(StoreReader.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final RegistryState state;
    private final Duration timeout;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private final Object progress = new Object();
    // Next offset to read (last applied + 1), Kafka's convention; -1 until the end offset at start is known.
    private long position;
    private long endAtStart = -1;
    private RuntimeException failure;

    StoreReader(Consumer<byte[], byte[]> consumer, TopicPartition partition, RegistryState state, Duration timeout) {
        this.consumer = consumer;
        this.partition = partition;
        this.state = state;
        this.timeout = timeout;
    }

    @Override
    public void run() {
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).getOrDefault(partition, 0L);
            synchronized (progress) {
                endAtStart = end;
                progress.notifyAll();
            }
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    applyOne(record);
                }
                // The position, not the last offset + 1: compaction and control records leave gaps.
                advanceTo(consumer.position(partition));
            }
        } catch (WakeupException e) {
            if (!closing.get()) {
                log.error("Schema registry reader of {} was woken up without being closed", partition, e);
                fail(e);
            }
        } catch (RuntimeException e) {
            log.error("Schema registry stopped reading {}; writes and restarts will fail", partition, e);
            fail(e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
            stopped.countDown();
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    /** Waits until the topic has been read up to where it ended when this reader started. */
    void awaitStartupEnd() {
        synchronized (progress) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (endAtStart < 0) {
                waitForProgress(deadline, "read the end offset of " + partition);
            }
        }
        awaitPosition(endAtStart);
    }

    /**
     * Waits until every record before {@code offset} has been applied.
     *
     * @param offset the next offset to read, i.e. the last offset that must be applied + 1
     * @throws RegistryException 50002 on timeout, 50001 if the reader has stopped
     */
    void awaitPosition(long offset) {
        synchronized (progress) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (position < offset) {
                waitForProgress(deadline, "apply offset " + (offset - 1) + " of " + partition);
            }
        }
    }

    /** Stops the reader thread and waits for it to close its consumer. Safe to call from any thread, twice. */
    void close() throws InterruptedException {
        closing.set(true);
        consumer.wakeup();
        if (!stopped.await(30, TimeUnit.SECONDS)) {
            log.warn("Schema registry reader of {} did not stop within 30 s", partition);
        }
    }

    private void applyOne(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            log.warn("Skipped {}-{}@{}: record without a key", record.topic(), record.partition(), record.offset());
            return;
        }
        try {
            StoreRecord decoded = StoreFormat.decode(record.key(), record.value());
            state.apply(decoded);
            log.debug("Applied {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), decoded);
        } catch (IllegalArgumentException e) {
            // Poison: one unreadable record must not stop the registry; Confluent skips it the same way.
            log.warn("Skipped {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
        }
    }

    private void advanceTo(long next) {
        synchronized (progress) {
            if (next > position) {
                position = next;
                progress.notifyAll();
            }
        }
    }

    private void fail(RuntimeException e) {
        synchronized (progress) {
            failure = e;
            progress.notifyAll();
        }
    }

    // Called holding the progress monitor.
    private void waitForProgress(long deadline, String goal) {
        if (failure != null || stopped.getCount() == 0) {
            throw RegistryException.storeError("Schema registry cannot " + goal + ": its reader has stopped", failure);
        }
        long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remainingMillis <= 0) {
            throw RegistryException.storeTimeout("Schema registry did not " + goal + " within " + timeout, null);
        }
        try {
            progress.wait(remainingMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("Interrupted while waiting to " + goal, e);
        }
    }
}
