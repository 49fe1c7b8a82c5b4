package org.levistream.trainer.loop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.levistream.trainer.batching.ComposedBatch;
import org.levistream.trainer.batching.EpochPlan;
import org.levistream.trainer.checkpoint.LineageRange;
import org.levistream.trainer.checkpoint.PartitionPosition;
import org.levistream.trainer.checkpoint.TrainerCheckpoint;
import org.levistream.trainer.position.PartitionOffsets;

/**
 * Where the stream stands for the training thread: the pass over the stretch and the position in it after the last
 * trained batch, the position at the last durable checkpoint (the start of the next lineage ranges) and the counts in
 * between. Used by one thread.
 *
 * <p>A pass's last batch leaves the position at the stretch's end; {@link #beginPass} then moves it back to where
 * every pass begins. The trainer checkpoints at every pass's end before that, so a checkpoint's lineage ranges always
 * lie in one pass: the checkpoint's own.
 */
final class RunState {
    private final String experiment;
    private final String trainingSettingsHash;
    private final Map<String, String> settings;
    private final Map<TopicPartition, Long> origin;
    private final Map<TopicPartition, Long> end;
    private final String startedFrom;
    private EpochPlan epochs;

    private long parentStep;
    private Map<TopicPartition, Long> parentOffsets;
    private Map<TopicPartition, Long> next;
    private TopicPartition cursor;
    private final Map<TopicPartition, Long> recordsSince = PartitionOffsets.sorted();
    private final Map<TopicPartition, Long> poisonSince = PartitionOffsets.sorted();
    private long recordsTrained;
    private long poisonRecords;
    private final TreeSet<Integer> schemaIds = new TreeSet<>();
    private boolean arrivalOrdered;

    /**
     * Starts from a checkpoint's metadata, or afresh.
     *
     * @param experiment   the experiment
     * @param settingsHash the training settings hash
     * @param settings     the settings, for provenance
     * @param origin       where the run's origin began
     * @param end          end offsets; empty for live
     * @param startedFrom  the origin's start point as text
     * @param next         the next offsets now
     * @param cursor       the rotation's cursor now
     * @param epochs       the pass {@code next} lies in, and where each pass begins
     * @param resumed      the checkpoint resumed from in this folder, or {@code null}
     */
    RunState(String experiment, String settingsHash, Map<String, String> settings, Map<TopicPartition, Long> origin,
             Map<TopicPartition, Long> end, String startedFrom, Map<TopicPartition, Long> next, TopicPartition cursor,
             EpochPlan epochs, TrainerCheckpoint resumed) {
        this.experiment = experiment;
        this.trainingSettingsHash = settingsHash;
        this.settings = settings;
        this.origin = PartitionOffsets.sortedCopy(origin);
        this.end = PartitionOffsets.sortedCopy(end);
        this.startedFrom = startedFrom;
        this.epochs = epochs;
        this.next = Collections.unmodifiableMap(PartitionOffsets.sortedCopy(next));
        this.parentOffsets = PartitionOffsets.sortedCopy(next);
        this.cursor = cursor;
        this.parentStep = resumed == null ? -1 : resumed.step();
        if (resumed != null) {
            recordsTrained = resumed.recordsTrained();
            poisonRecords = resumed.poisonRecords();
            schemaIds.addAll(resumed.schemaIds());
            arrivalOrdered = resumed.arrivalOrdered();
        }
    }

    /** Takes a trained (or end-marker) batch into account. */
    void advance(ComposedBatch<?> batch) {
        // Only what the feed's thread summed up: this thread never reads the records themselves (ComposedBatch).
        next = batch.nextOffsets(); // sorted and unmodifiable
        cursor = batch.cursor();
        batch.counts().forEach((tp, n) -> recordsSince.merge(tp, (long) n, Long::sum));
        batch.poison().forEach((tp, n) -> poisonSince.merge(tp, (long) n, Long::sum));
        recordsTrained += batch.size();
        poisonRecords += batch.poison().values().stream().mapToLong(Integer::longValue).sum();
        schemaIds.addAll(batch.schemaIds());
        arrivalOrdered |= batch.skipped();
    }

    /**
     * Moves to the following pass once the current one has ended: the position goes back to where every pass
     * begins, and so does the start of the next checkpoint's lineage ranges. Call it only after the pass's end is
     * checkpointed (or nothing moved since the last checkpoint).
     */
    void beginPass() {
        epochs = epochs.following();
        next = Collections.unmodifiableMap(PartitionOffsets.sortedCopy(epochs.start()));
        parentOffsets = next;
        cursor = epochs.startCursor() != null ? epochs.startCursor() : next.keySet().iterator().next();
        recordsSince.clear();
        poisonSince.clear();
    }

    /** The pass the position lies in. */
    EpochPlan epochs() {
        return epochs;
    }

    /** Tells whether anything moved since the last durable checkpoint. */
    boolean movedSinceCheckpoint() {
        return !next.equals(parentOffsets);
    }

    /** The metadata of a checkpoint at {@code step}. */
    TrainerCheckpoint checkpoint(long step, Map<String, Double> validation, long nowMillis) {
        List<LineageRange> lineage = new ArrayList<>();
        next.forEach((tp, to) -> {
            long from = parentOffsets.getOrDefault(tp, origin.getOrDefault(tp, to));
            lineage.add(new LineageRange(tp.topic(), tp.partition(), Math.min(from, to), to,
                    recordsSince.getOrDefault(tp, 0L), poisonSince.getOrDefault(tp, 0L)));
        });
        return new TrainerCheckpoint(TrainerCheckpoint.FORMAT, experiment, step, parentStep, trainingSettingsHash,
                PartitionPosition.listOf(next), new PartitionPosition(cursor.topic(), cursor.partition(), 0),
                PartitionPosition.listOf(origin), PartitionPosition.listOf(end), lineage, recordsTrained,
                poisonRecords, List.copyOf(schemaIds), validation, arrivalOrdered, startedFrom, nowMillis, settings,
                epochs.epoch(), epochs.epochs(), PartitionPosition.listOf(epochs.start()),
                epochs.startCursor() == null ? null : new PartitionPosition(epochs.startCursor().topic(),
                        epochs.startCursor().partition(), 0));
    }

    /** Makes the checkpoint at {@code step} the parent of the next one. */
    void checkpointed(long step) {
        parentStep = step;
        parentOffsets = next;
        recordsSince.clear();
        poisonSince.clear();
    }

    /** Offsets left before the end of a bounded run, the passes after this one included; -1 for a live one. */
    long remaining() {
        if (end.isEmpty()) {
            return -1;
        }
        long left = 0;
        long stretch = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            left += Math.max(0, e.getValue() - next.getOrDefault(e.getKey(), e.getValue()));
            stretch += Math.max(0, e.getValue() - epochs.start().getOrDefault(e.getKey(), e.getValue()));
        }
        return left + stretch * (epochs.epochs() - epochs.epoch());
    }

    Map<TopicPartition, Long> next() {
        return next;
    }

    long parentStep() {
        return parentStep;
    }
}
