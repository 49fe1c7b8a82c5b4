package org.levistream.trainer.loop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.levistream.model.levi.LeviTrainer;
import org.levistream.trainer.TrainerRefusal;
import org.levistream.trainer.batching.BatchSource;
import org.levistream.trainer.batching.ReadyBatch;
import org.levistream.trainer.checkpoint.Checkpointer;
import org.levistream.trainer.checkpoint.TrainerCheckpoint;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.events.CheckpointEvents;
import org.levistream.trainer.events.DeadLetters;
import org.levistream.trainer.metrics.TrainerMetrics;
import org.levistream.trainer.validation.IdValidation;

/**
 * Trains the feed's batches one step each and checkpoints when due. A checkpoint scores ID validation and copies
 * the trainer's state between two steps; the {@link CheckpointWriter} then makes it durable on its own thread while
 * training goes on. A run ends only once its last checkpoint is durable.
 *
 * <p>A run of several passes over its stretch checkpoints at the end of every pass, as an offline run can be scored
 * after every epoch, and then goes back to where the passes begin; so each checkpoint's lineage lies in one pass.
 */
final class TrainingLoop {
    private static final Duration TAKE = Duration.ofMillis(200);
    /** Dead letters in a row, with nothing trained, after which a live run stops. */
    static final long ALL_POISON_LIMIT = 1_000;

    private final ModelSetup setup;
    private final BatchSource feed;
    private final CheckpointWriter writer;
    private final IdValidation<?> validation;
    private final TrainerMetrics metrics;
    private final TrainerListener listener;
    private final RunState state;
    private final CheckpointTrigger trigger;
    private long checkpointStep;
    private long checkpointNanos = System.nanoTime();
    private long recordsHere;
    private long deadLetteredHere;
    private final List<String> inputTopics;
    private final String deadLetterTopic;

    TrainingLoop(TrainerConfig config, ModelSetup setup, Checkpointer checkpointer, BatchSource feed,
                 DeadLetters deadLetters, CheckpointEvents events, IdValidation<?> validation, TrainerMetrics metrics,
                 TrainerListener listener, RunState state) {
        this.setup = setup;
        this.feed = feed;
        this.writer = new CheckpointWriter(config, setup.backbone() == null ? "" : setup.backbone().contentHash(),
                checkpointer, feed, deadLetters, events, metrics, listener);
        this.validation = validation;
        this.metrics = metrics;
        this.listener = listener;
        this.state = state;
        this.trigger = new CheckpointTrigger(config.checkpointEverySteps(), config.checkpointEvery());
        this.checkpointStep = setup.trainer().step();
        this.inputTopics = config.inputTopics();
        this.deadLetterTopic = config.deadLetterTopic();
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
        try (writer) {
            boolean finished = trainUntilEnd(stopping);
            checkpointIfMoved();
            writer.awaitIdle();
            return finished;
        }
    }

    /** Publishes the event of the checkpoint a run resumed from, in case the run that wrote it died first. */
    void announce(Path dir, TrainerCheckpoint metadata) throws IOException {
        writer.announce(dir, metadata);
    }

    private boolean trainUntilEnd(BooleanSupplier stopping) throws IOException, InterruptedException {
        while (!stopping.getAsBoolean()) {
            writer.checkFailed();
            long t0 = System.nanoTime();
            try (ReadyBatch ready = feed.take(TAKE)) {
                metrics.waited(Duration.ofNanos(System.nanoTime() - t0));
                if (ready != null) {
                    train(ready);
                    if (ready.composed().last()) {
                        return true;
                    }
                    if (ready.composed().epochEnd()) {
                        endPass();
                        continue;
                    }
                }
            }
            if (trigger.due(setup.trainer().step() - checkpointStep,
                    Duration.ofNanos(System.nanoTime() - checkpointNanos))) {
                checkpoint();
            }
        }
        return false;
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
            deadLetteredHere += ready.composed().poison().values().stream().mapToInt(Integer::intValue).sum();
            state.advance(ready.composed());
            feed.trained(state.next());
        }
        refuseAllPoison(ready.composed().last());
    }

    /**
     * Stops a run whose every record so far went to the dead-letter topic: at the end of a bounded run, or once a
     * live run has dead-lettered {@value #ALL_POISON_LIMIT} records without training on one. Such a run reads the
     * wrong topic or expects the wrong record type, and must not report success after training nothing.
     */
    private void refuseAllPoison(boolean last) {
        if (recordsHere == 0 && deadLetteredHere > 0 && (last || deadLetteredHere >= ALL_POISON_LIMIT)) {
            throw new AllPoisonException("every one of the " + deadLetteredHere + " records read from "
                    + inputTopics + " was dead-lettered to " + deadLetterTopic + " and none was trained on; are they "
                    + "the records this trainer's features expect (trainer.input.topics, trainer.features)? The "
                    + "dead-letter log lines and the topic's headers say why each was refused");
        }
    }

    /** A run refused every record it read. */
    static final class AllPoisonException extends TrainerRefusal {
        private static final long serialVersionUID = 1L;

        AllPoisonException(String message) {
            super(message, null);
        }
    }

    /** A pass that is not the last ended: it is checkpointed, and the next pass begins at the stretch's start. */
    private void endPass() throws IOException, InterruptedException {
        checkpointIfMoved();
        state.beginPass();
        feed.trained(state.next());
        listener.passBegan(state.epochs().epoch(), state.epochs().epochs());
    }

    private void checkpointIfMoved() throws IOException, InterruptedException {
        if (setup.trainer().step() != checkpointStep || state.movedSinceCheckpoint()) {
            checkpoint();
        }
    }

    private void checkpoint() throws IOException, InterruptedException {
        LeviTrainer trainer = setup.trainer();
        Map<String, Double> scores = validation.isEmpty() ? Map.of() : validation.score(trainer);
        TrainerCheckpoint metadata = state.checkpoint(trainer.step(), scores, System.currentTimeMillis());
        writer.write(Checkpointer.snapshot(trainer, metadata, setup.builder().state()));
        // The next checkpoint names this one as its parent; if this write fails, the trainer fails before that.
        state.checkpointed(trainer.step());
        checkpointStep = trainer.step();
        checkpointNanos = System.nanoTime();
    }
}
