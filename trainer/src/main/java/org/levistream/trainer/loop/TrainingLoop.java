package org.levistream.trainer.loop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.trainer.batching.BatchFeed;
import org.levistream.trainer.batching.ReadyBatch;
import org.levistream.trainer.checkpoint.Checkpointer;
import org.levistream.trainer.checkpoint.PartitionPosition;
import org.levistream.trainer.checkpoint.TrainerCheckpoint;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.events.CheckpointEvents;
import org.levistream.trainer.events.DeadLetters;
import org.levistream.trainer.metrics.TrainerMetrics;
import org.levistream.trainer.position.PartitionOffsets;
import org.levistream.trainer.validation.IdValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the feed's batches one step each and checkpoints when due. A checkpoint flushes the dead letters first
 * (so it never covers a poison record whose dead letter is not written), scores ID validation, writes the
 * checkpoint, and only then prunes, commits the group offsets and announces the version.
 */
final class TrainingLoop {
    private static final Logger log = LoggerFactory.getLogger(TrainingLoop.class);
    private static final Duration TAKE = Duration.ofMillis(200);

    private final TrainerConfig config;
    private final ModelSetup setup;
    private final Checkpointer checkpointer;
    private final BatchFeed feed;
    private final DeadLetters deadLetters;
    private final CheckpointEvents events;
    private final IdValidation validation;
    private final TrainerMetrics metrics;
    private final TrainerListener listener;
    private final RunState state;
    private final CheckpointTrigger trigger;
    private long checkpointStep;
    private long checkpointNanos = System.nanoTime();
    private long recordsHere;
    private long deadLetteredHere;

    TrainingLoop(TrainerConfig config, ModelSetup setup, Checkpointer checkpointer, BatchFeed feed,
                 DeadLetters deadLetters, CheckpointEvents events, IdValidation validation, TrainerMetrics metrics,
                 TrainerListener listener, RunState state) {
        this.config = config;
        this.setup = setup;
        this.checkpointer = checkpointer;
        this.feed = feed;
        this.deadLetters = deadLetters;
        this.events = events;
        this.validation = validation;
        this.metrics = metrics;
        this.listener = listener;
        this.state = state;
        this.trigger = new CheckpointTrigger(config.checkpointEverySteps(), config.checkpointEvery());
        this.checkpointStep = setup.trainer().step();
    }

    /**
     * Trains until the end point or a stop request; a stop still checkpoints what was trained.
     *
     * @param stopping tells when to stop
     * @return true when the end point was reached
     * @throws IOException          if a checkpoint cannot be written
     * @throws InterruptedException if interrupted
     */
    boolean run(BooleanSupplier stopping) throws IOException, InterruptedException {
        while (!stopping.getAsBoolean()) {
            long t0 = System.nanoTime();
            try (ReadyBatch ready = feed.take(TAKE)) {
                metrics.waited(Duration.ofNanos(System.nanoTime() - t0));
                if (ready != null) {
                    train(ready);
                    if (ready.composed().last()) {
                        checkpointIfMoved();
                        return true;
                    }
                }
            }
            if (trigger.due(setup.trainer().step() - checkpointStep,
                    Duration.ofNanos(System.nanoTime() - checkpointNanos))) {
                checkpoint();
            }
        }
        checkpointIfMoved();
        return false;
    }

    /** Publishes the event of the checkpoint a run resumed from, in case the run that wrote it died first. */
    void announce(Path dir, TrainerCheckpoint metadata) throws IOException {
        publish(dir, metadata, metadata.createdAtMillis());
    }

    private void train(ReadyBatch ready) {
        LeviTrainer trainer = setup.trainer();
        if (ready.batch() != null) {
            long t0 = System.nanoTime();
            float loss = trainer.trainStep(ready.batch());
            metrics.stepped(ready.composed().size(), loss, trainer.step(), Duration.ofNanos(System.nanoTime() - t0));
            recordsHere += ready.composed().size();
            deadLetteredHere += ready.composed().poison().values().stream().mapToInt(Integer::intValue).sum();
            state.advance(ready.composed());
            feed.trained(state.next());
            listener.stepped(new TrainerListener.Progress(trainer.step(), recordsHere, loss, feed.lag(),
                    deadLetteredHere, state.remaining(), state.next()));
        } else {
            state.advance(ready.composed());
            feed.trained(state.next());
        }
    }

    private void checkpointIfMoved() throws IOException {
        if (setup.trainer().step() != checkpointStep || state.movedSinceCheckpoint()) {
            checkpoint();
        }
    }

    private void checkpoint() throws IOException {
        LeviTrainer trainer = setup.trainer();
        deadLetters.flush();
        Map<String, Double> scores = validation.isEmpty() ? Map.of() : validation.score(trainer, setup.builder());
        TrainerCheckpoint metadata = state.checkpoint(trainer.step(), scores, System.currentTimeMillis());
        long t0 = System.nanoTime();
        Path dir = checkpointer.save(trainer, metadata);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        long durableAt = System.currentTimeMillis();
        long parent = state.parentStep();
        state.checkpointed(trainer.step());
        checkpointStep = trainer.step();
        checkpointNanos = System.nanoTime();
        metrics.checkpointed(took);
        log.info("Checkpoint step={} written in {} ms to {}; next offsets {}; {} records since step {}{}",
                trainer.step(), took.toMillis(), dir, PartitionOffsets.format(state.next()),
                metadata.lineage().stream().mapToLong(r -> r.records()).sum(), parent,
                scores.isEmpty() ? "" : "; ID validation " + scores);
        prune();
        feed.commit(state.next());
        publish(dir, metadata, durableAt);
        listener.checkpointed(new TrainerListener.CheckpointWritten(trainer.step(), dir, durableAt, state.next(),
                scores, took));
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
        String backboneHash = setup.backbone() == null ? "" : setup.backbone().contentHash();
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
}
