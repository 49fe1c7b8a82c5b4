package org.levistream.trainer.loop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.levistream.trainer.batching.ComposedBatch;
import org.levistream.trainer.checkpoint.LineageRange;
import org.levistream.trainer.checkpoint.PartitionPosition;
import org.levistream.trainer.checkpoint.TrainerCheckpoint;
import org.levistream.trainer.position.PartitionOffsets;

/**
 * Where the stream stands for the training thread: the position after the last trained batch, the position at the
 * last durable checkpoint (the start of the next lineage ranges) and the counts in between. Used by one thread.
 */
final class RunState {
    private final String experiment;
    private final String trainingSettingsHash;
    private final Map<String, String> settings;
    private final Map<TopicPartition, Long> origin;
    private final Map<TopicPartition, Long> end;
    private final String startedFrom;

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
     * @param resumed      the checkpoint resumed from in this folder, or {@code null}
     */
    RunState(String experiment, String settingsHash, Map<String, String> settings, Map<TopicPartition, Long> origin,
             Map<TopicPartition, Long> end, String startedFrom, Map<TopicPartition, Long> next, TopicPartition cursor,
             TrainerCheckpoint resumed) {
        this.experiment = experiment;
        this.trainingSettingsHash = settingsHash;
        this.settings = settings;
        this.origin = PartitionOffsets.sortedCopy(origin);
        this.end = PartitionOffsets.sortedCopy(end);
        this.startedFrom = startedFrom;
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
                poisonRecords, List.copyOf(schemaIds), validation, arrivalOrdered, startedFrom, nowMillis, settings);
    }

    /** Makes the checkpoint at {@code step} the parent of the next one. */
    void checkpointed(long step) {
        parentStep = step;
        parentOffsets = next;
        recordsSince.clear();
        poisonSince.clear();
    }

    /** Offsets left before the end of a bounded run, -1 for a live one. */
    long remaining() {
        if (end.isEmpty()) {
            return -1;
        }
        long left = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            left += Math.max(0, e.getValue() - next.getOrDefault(e.getKey(), e.getValue()));
        }
        return left;
    }

    Map<TopicPartition, Long> next() {
        return next;
    }

    long parentStep() {
        return parentStep;
    }
}
