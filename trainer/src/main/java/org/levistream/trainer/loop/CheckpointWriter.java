package org.levistream.trainer.loop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.levistream.trainer.batching.BatchSource;
import org.levistream.trainer.checkpoint.Checkpointer;
import org.levistream.trainer.checkpoint.LineageRange;
import org.levistream.trainer.checkpoint.PartitionPosition;
import org.levistream.trainer.checkpoint.TrainerCheckpoint;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.events.CheckpointEvents;
import org.levistream.trainer.events.DeadLetters;
import org.levistream.trainer.metrics.TrainerMetrics;
import org.levistream.trainer.position.PartitionOffsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes checkpoints durable on a thread of its own, so that training goes on while one is serialised, hashed and
 * fsynced. The training thread hands over a {@link Checkpointer.Snapshot} (copied off the model: later steps change
 * nothing in it). This thread then flushes the dead letters (a checkpoint never covers a poison record whose dead
 * letter is not written), writes the checkpoint, and only then prunes, commits the group offsets, announces the
 * version and tells the listener.
 *
 * <p>At most one write is in flight: the next hand-over waits for it, so a slow disk slows training rather than
 * piling up snapshots, and checkpoints become durable in step order. A failed write fails the trainer at its next
 * step, before a later checkpoint could name the lost one as its parent.
 */
final class CheckpointWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CheckpointWriter.class);

    private final TrainerConfig config;
    private final String backboneHash;
    private final Checkpointer checkpointer;
    private final BatchSource feed;
    private final DeadLetters deadLetters;
    private final CheckpointEvents events;
    private final TrainerMetrics metrics;
    private final TrainerListener listener;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "levi-trainer-checkpoint");
        t.setDaemon(true);
        return t;
    });
    private Future<?> inFlight = CompletableFuture.completedFuture(null);

    CheckpointWriter(TrainerConfig config, String backboneHash, Checkpointer checkpointer, BatchSource feed,
                     DeadLetters deadLetters, CheckpointEvents events, TrainerMetrics metrics,
                     TrainerListener listener) {
        this.config = config;
        this.backboneHash = backboneHash;
        this.checkpointer = checkpointer;
        this.feed = feed;
        this.deadLetters = deadLetters;
        this.events = events;
        this.metrics = metrics;
        this.listener = listener;
    }

    /**
     * Hands a snapshot over, once the previous write is done; returns without waiting for this one.
     *
     * @throws IOException if the previous write failed
     */
    void write(Checkpointer.Snapshot snapshot) throws IOException, InterruptedException {
        awaitIdle();
        inFlight = thread.submit(() -> {
            makeDurable(snapshot);
            return null;
        });
    }

    /**
     * Waits for the write in flight, if any.
     *
     * @throws IOException if it failed
     */
    void awaitIdle() throws IOException, InterruptedException {
        try {
            inFlight.get();
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    /**
     * Fails if the last write failed; never waits.
     *
     * @throws IOException if it failed
     */
    void checkFailed() throws IOException, InterruptedException {
        if (inFlight.isDone()) {
            awaitIdle();
        }
    }

    /** Publishes the event of the checkpoint a run resumed from, in case the run that wrote it died first. */
    void announce(Path dir, TrainerCheckpoint metadata) throws IOException {
        publish(dir, metadata, metadata.createdAtMillis());
    }

    /** Lets a write in flight finish (its failure was or will be reported by the training thread), then stops. */
    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(2, TimeUnit.MINUTES)) {
            log.warn("A checkpoint write did not finish within 2 minutes");
        }
    }

    private void makeDurable(Checkpointer.Snapshot snapshot) throws IOException {
        TrainerCheckpoint metadata = snapshot.metadata();
        Map<TopicPartition, Long> next = PartitionPosition.mapOf(metadata.nextOffsets());
        deadLetters.flush();
        long t0 = System.nanoTime();
        Path dir = checkpointer.save(snapshot);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        long durableAt = System.currentTimeMillis();
        metrics.checkpointed(took);
        log.info("Checkpoint step={} written in {} ms to {}; next offsets {}; {} records since step {}{}",
                metadata.step(), took.toMillis(), dir, PartitionOffsets.format(next),
                metadata.lineage().stream().mapToLong(LineageRange::records).sum(), metadata.parentStep(),
                metadata.validation().isEmpty() ? "" : "; ID validation " + metadata.validation());
        prune();
        feed.commit(next);
        publish(dir, metadata, durableAt);
        listener.checkpointed(new TrainerListener.CheckpointWritten(metadata.step(), dir, durableAt, next,
                metadata.validation(), took));
    }

    private void prune() {
        try {
            List<Path> deleted = checkpointer.prune();
            if (!deleted.isEmpty()) {
                log.debug("Retention removed {}", deleted.stream().map(Path::getFileName).toList());
            }
        } catch (IOException e) {
            log.warn("Retention could not remove old checkpoints: {}", e.toString());
        }
    }

    private void publish(Path dir, TrainerCheckpoint metadata, long durableAt) throws IOException {
        long step = metadata.step();
        events.publish(CheckpointEvents.event(config.experiment(), step, dir.toAbsolutePath().toString(),
                        Checkpointer.contentHash(dir), backboneHash, config.model().method().settingName(),
                        PartitionPosition.mapOf(metadata.nextOffsets()), metadata.validation(),
                        Instant.ofEpochMilli(durableAt)))
                .whenComplete((ackedAt, e) -> {
                    if (e != null) {
                        log.error("The CheckpointEvent of step {} could not be published to {}: {}", step,
                                config.checkpointsTopic(), e.toString());
                    } else {
                        listener.eventAcknowledged(step, ackedAt);
                    }
                });
    }

    private static IOException rethrown(Throwable cause) {
        if (cause instanceof IOException e) {
            return e;
        }
        if (cause instanceof RuntimeException e) {
            throw e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IOException("writing a checkpoint failed: " + cause, cause);
    }
}
