package org.levistream.trainer.batching;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.levistream.trainer.position.PartitionOffsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group offset commits asked for by the training thread and made by the thread that owns the consumer. Group offsets
 * only show the lag; the checkpoint is the truth, so a failed commit is logged and the next checkpoint commits again.
 *
 * <p>{@link #request} and {@link #allDone} may be called from any thread; {@link #commitIfAsked} only from the
 * consumer's own thread.
 */
final class GroupCommits {
    private static final Logger log = LoggerFactory.getLogger(GroupCommits.class);

    private final Consumer<byte[], byte[]> consumer;
    private final AtomicReference<Map<TopicPartition, Long>> request = new AtomicReference<>();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private boolean asyncPending;

    GroupCommits(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** Asks for offsets to be committed; the newest request wins. */
    void request(Map<TopicPartition, Long> offsets) {
        synchronized (request) {
            request.set(Map.copyOf(offsets));
            requested.incrementAndGet();
        }
    }

    /** Tells whether every request so far has been committed, or has failed. */
    boolean allDone() {
        return done.get() >= requested.get();
    }

    /**
     * Commits the newest requested offsets, if any: synchronously when {@code wait}, which also completes earlier
     * asynchronous commits; otherwise asynchronously, completed by a later poll or commit on this thread.
     */
    void commitIfAsked(boolean wait) {
        Map<TopicPartition, Long> offsets;
        long asked;
        synchronized (request) {
            offsets = request.getAndSet(null);
            asked = requested.get();
        }
        if (offsets == null && !(wait && asyncPending)) {
            return;
        }
        if (wait) {
            // With no offsets, Kafka still waits for every pending commitAsync and runs its callback.
            commitSync(offsets == null ? Map.of() : offsets, asked);
            return;
        }
        asyncPending = true;
        consumer.commitAsync(toCommit(offsets), (committed, e) -> {
            if (e instanceof RetriableException) {
                // commitAsync does not retry (a new group's coordinator may still be loading): commit again from
                // the loop, unless newer offsets were asked for meanwhile.
                if (askAgain(offsets, asked)) {
                    return;
                }
            } else if (e != null) {
                commitFailed(offsets, e);
            }
            done.accumulateAndGet(asked, Math::max);
        });
    }

    /** Asks again for offsets whose commit failed; false when newer ones were asked for meanwhile. */
    private boolean askAgain(Map<TopicPartition, Long> offsets, long asked) {
        synchronized (request) {
            if (requested.get() != asked || request.get() != null) {
                return false;
            }
            request.set(offsets);
            return true;
        }
    }

    private void commitSync(Map<TopicPartition, Long> offsets, long asked) {
        try {
            consumer.commitSync(toCommit(offsets), Duration.ofSeconds(5));
            asyncPending = false;
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            commitFailed(offsets, e);
        } finally {
            done.accumulateAndGet(asked, Math::max);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> toCommit(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commit = PartitionOffsets.sorted();
        offsets.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
        return commit;
    }

    private static void commitFailed(Map<TopicPartition, Long> offsets, Exception e) {
        log.warn("Committing group offsets {} failed: {}", PartitionOffsets.format(offsets), e.toString());
    }
}
