package org.levistream.trainer.loop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Hears what the trainer does, for console progress and benchmarks. Called on the trainer's thread, except
 * {@link #checkpointed} (on the thread that writes checkpoints, so possibly while a step is reported) and
 * {@link #eventAcknowledged} (on the producer's); implementations must be quick.
 */
public interface TrainerListener {
    /** A listener that ignores everything. */
    TrainerListener NONE = new TrainerListener() { };

    /**
     * The trainer is waiting for something outside it (Kafka not reachable yet, a topic missing).
     *
     * @param what one line saying what and why
     */
    default void waiting(String what) {
    }

    /**
     * Training starts.
     *
     * @param from one line: resumed from which checkpoint, or the start point, and the offsets
     */
    default void started(String from) {
    }

    /**
     * A step finished.
     *
     * @param progress where the run stands
     */
    default void stepped(Progress progress) {
    }

    /**
     * A pass over a bounded stretch ended, was checkpointed, and the next one begins at the stretch's start
     * ({@code trainer.epochs} above 1).
     *
     * @param epoch  the pass that begins, from 2
     * @param epochs the passes in all
     */
    default void passBegan(int epoch, int epochs) {
    }

    /**
     * A checkpoint is durable.
     *
     * @param checkpoint what was written
     */
    default void checkpointed(CheckpointWritten checkpoint) {
    }

    /**
     * The broker acknowledged a checkpoint's {@code CheckpointEvent}.
     *
     * @param step       the version
     * @param ackedAtMs  when, in epoch milliseconds
     */
    default void eventAcknowledged(long step, long ackedAtMs) {
    }

    /**
     * Where a run stands after a step.
     *
     * @param step         steps trained
     * @param records      records trained on by this process
     * @param loss         the step's loss
     * @param lag          records not yet trained on, -1 when unknown
     * @param deadLettered poison records seen by this process
     * @param remaining    offsets left before a bounded run's end, -1 for a live run
     * @param nextOffsets  the next offset of every input partition
     */
    record Progress(long step, long records, float loss, long lag, long deadLettered, long remaining,
                    Map<TopicPartition, Long> nextOffsets) {}

    /**
     * A durable checkpoint.
     *
     * @param step          the version
     * @param path          its directory
     * @param durableAtMs   when it became durable, in epoch milliseconds
     * @param nextOffsets   the next offset of every input partition
     * @param validation    ID-validation metrics
     * @param took          how long writing it took
     */
    record CheckpointWritten(long step, Path path, long durableAtMs, Map<TopicPartition, Long> nextOffsets,
                             Map<String, Double> validation, Duration took) {}
}
