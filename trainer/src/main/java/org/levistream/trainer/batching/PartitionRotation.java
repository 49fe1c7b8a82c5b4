package org.levistream.trainer.batching;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.levistream.trainer.position.PartitionOffsets;

/**
 * Composes batches by a fixed round-robin over the input partitions, so that which records form which batch depends
 * only on each partition's records and never on how {@code poll()} interleaved them.
 *
 * <p>The rule: partitions are visited in {@link PartitionOffsets#ORDER}, cyclically, starting at the cursor; a visit
 * takes the partition's next decoded record into the batch and moves the cursor to the following partition. A
 * partition with nothing buffered is waited for (see {@link Fill#waitingFor()}); only a live trainer may
 * {@link #skip} it after a while, which is the one place where arrival times can change the order. A partition of a
 * bounded run that has reached its end is passed over for good. Poison records at the head of a partition are passed
 * over whenever it is visited: they move its next offset but take no slot.
 *
 * <p>Everything a resumed run needs to continue the same sequence is the next offset of every partition and the
 * cursor, both in every {@link ComposedBatch}. Not thread-safe: the feed's thread owns it.
 *
 * @param <E> the decoded records' type; the rotation never looks inside them
 */
public final class PartitionRotation<E> {
    private final List<TopicPartition> order;
    // Hash maps, looked up several times per record: TreeMaps compared topic names on every lookup. Nothing here
    // iterates them; order comes from the partition list, and ComposedBatch sorts what it copies.
    private final Map<TopicPartition, ArrayDeque<Fetched<E>>> buffers = new HashMap<>();
    private final Map<TopicPartition, Long> next;
    private final Map<TopicPartition, Long> end;
    private final Map<TopicPartition, Long> fetched = new HashMap<>();
    private TopicPartition cursor;

    private final List<Fetched<E>> pending = new ArrayList<>();
    private final Map<TopicPartition, Integer> pendingCounts = new HashMap<>();
    private final Map<TopicPartition, Integer> pendingPoison = new HashMap<>();
    private boolean pendingSkipped;

    /** What {@link #fill} achieved. */
    public enum State {
        /** The batch is full. */
        READY,
        /** The next record must come from {@link Fill#waitingFor()}, which has none buffered. */
        WAITING,
        /** Every partition has reached its end; the batch may be partial or empty. */
        FINISHED
    }

    /**
     * The outcome of {@link #fill}.
     *
     * @param state      what happened
     * @param waitingFor the partition whose record is needed next, for {@link State#WAITING}
     */
    public record Fill(State state, TopicPartition waitingFor) {}

    /**
     * Starts a rotation.
     *
     * @param partitions the input partitions
     * @param next       the next offset of every partition (from a checkpoint, or the resolved start)
     * @param cursor     the partition whose turn is first; {@code null} for the first in order
     * @param end        exclusive end offsets of a bounded run; empty for a live one
     */
    public PartitionRotation(List<TopicPartition> partitions, Map<TopicPartition, Long> next, TopicPartition cursor,
                             Map<TopicPartition, Long> end) {
        List<TopicPartition> sorted = new ArrayList<>(partitions);
        sorted.sort(PartitionOffsets.ORDER);
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("a rotation needs at least one partition");
        }
        this.order = List.copyOf(sorted);
        this.next = new HashMap<>(next);
        this.end = new HashMap<>(end);
        for (TopicPartition tp : order) {
            if (!this.next.containsKey(tp)) {
                throw new IllegalArgumentException("no next offset for " + tp);
            }
            buffers.put(tp, new ArrayDeque<>());
        }
        this.cursor = cursor != null && order.contains(cursor) ? cursor : order.get(0);
    }

    /**
     * Returns the partitions, in visiting order.
     *
     * @return the sorted partitions
     */
    public List<TopicPartition> partitions() {
        return order;
    }

    /**
     * Returns whether the run has end offsets.
     *
     * @return true for a bounded run
     */
    public boolean bounded() {
        return !end.isEmpty();
    }

    /**
     * Returns a partition's exclusive end offset.
     *
     * @param tp the partition
     * @return the end, or {@link Long#MAX_VALUE} for a live run
     */
    public long end(TopicPartition tp) {
        return end.getOrDefault(tp, Long.MAX_VALUE);
    }

    /**
     * Appends a fetched record to its partition's buffer. Records must arrive in offset order per partition.
     *
     * @param record the record
     * @throws IllegalArgumentException if it is out of order, before the next offset, or at or past the end
     */
    public void add(Fetched<E> record) {
        ArrayDeque<Fetched<E>> buffer = Objects.requireNonNull(buffers.get(record.partition()),
                () -> record.partition() + " is not an input partition of this rotation");
        Fetched<E> last = buffer.peekLast();
        long floor = last == null ? next.get(record.partition()) : last.offset() + 1;
        if (record.offset() < floor || record.offset() >= end(record.partition())) {
            throw new IllegalArgumentException(record.partition() + "@" + record.offset() + " is outside ["
                    + floor + ", " + end(record.partition()) + ")");
        }
        buffer.addLast(record);
    }

    /**
     * Records the consumer's position in a partition after a poll: every record before it has been
     * {@link #add added}. Lets a bounded run see that a partition whose last offsets are transaction markers or
     * aborted records has ended.
     *
     * @param tp       the partition
     * @param position the consumer's position
     */
    public void fetchedThrough(TopicPartition tp, long position) {
        fetched.merge(tp, position, Math::max);
    }

    /**
     * Counts the records buffered for a partition, decoded or poison.
     *
     * @param tp the partition
     * @return the buffer's length
     */
    public int buffered(TopicPartition tp) {
        return buffers.get(tp).size();
    }

    /**
     * Tells whether a bounded run's partition has nothing left to give.
     *
     * @param tp the partition
     * @return true once every record before its end has been taken or passed over
     */
    public boolean finished(TopicPartition tp) {
        if (!bounded()) {
            return false;
        }
        drainPoison(tp);
        if (!buffers.get(tp).isEmpty()) {
            return false;
        }
        long e = end(tp);
        if (next.get(tp) >= e || fetched.getOrDefault(tp, -1L) >= e) {
            // What lies between the last record and the end is markers and aborted records: nothing to train on.
            next.put(tp, Math.max(next.get(tp), e));
            return true;
        }
        return false;
    }

    /**
     * Takes records into the batch under construction until it holds {@code batchSize}, a partition must be waited
     * for, or every partition has ended.
     *
     * @param batchSize the batch size
     * @return the outcome
     */
    public Fill fill(int batchSize) {
        while (pending.size() < batchSize) {
            TopicPartition p = nextUnfinished();
            if (p == null) {
                return new Fill(State.FINISHED, null);
            }
            Fetched<E> head = buffers.get(p).peekFirst();
            if (head == null) {
                return new Fill(State.WAITING, p);
            }
            buffers.get(p).removeFirst();
            pending.add(head);
            next.put(p, head.offset() + 1);
            catchUp(p);
            pendingCounts.merge(p, 1, Integer::sum);
            cursor = successor(p);
        }
        return new Fill(State.READY, null);
    }

    /**
     * Gives up the waited-for partition's turn (a live trainer whose partition stayed silent). The order then
     * depends on arrival times; records are still neither lost nor repeated.
     *
     * @param tp the partition {@link #fill} is waiting for
     */
    public void skip(TopicPartition tp) {
        if (!tp.equals(cursor)) {
            throw new IllegalStateException("it is " + cursor + "'s turn, not " + tp + "'s");
        }
        cursor = successor(tp);
        pendingSkipped = true;
    }

    /**
     * Returns the batch under construction and starts the next one.
     *
     * @param last whether the run ends with it
     * @return the batch and the positions after it
     */
    public ComposedBatch<E> take(boolean last) {
        return take(last, 1, last);
    }

    /**
     * Returns the batch under construction and starts the next one, as a batch of one pass over the stretch.
     *
     * @param last     whether the run ends with it
     * @param epoch    the pass it belongs to, from 1
     * @param epochEnd whether it ends its pass
     * @return the batch and the positions after it
     */
    public ComposedBatch<E> take(boolean last, int epoch, boolean epochEnd) {
        ComposedBatch<E> batch = new ComposedBatch<>(pending, next, cursor, pendingCounts, pendingPoison, pendingSkipped,
                last, epoch, epochEnd);
        pending.clear();
        pendingCounts.clear();
        pendingPoison.clear();
        pendingSkipped = false;
        return batch;
    }

    /**
     * Counts the records in the batch under construction.
     *
     * @return how many are taken so far
     */
    public int pendingSize() {
        return pending.size();
    }

    private TopicPartition nextUnfinished() {
        int start = order.indexOf(cursor);
        for (int i = 0; i < order.size(); i++) {
            TopicPartition p = order.get((start + i) % order.size());
            drainPoison(p);
            if (!finished(p)) {
                cursor = p;
                return p;
            }
        }
        return null;
    }

    private void drainPoison(TopicPartition tp) {
        ArrayDeque<Fetched<E>> buffer = buffers.get(tp);
        while (!buffer.isEmpty() && buffer.peekFirst().poison()) {
            next.put(tp, buffer.removeFirst().offset() + 1);
            pendingPoison.merge(tp, 1, Integer::sum);
            catchUp(tp);
        }
    }

    /**
     * With nothing buffered, everything before the consumer's position has been taken or passed over, and what lies
     * between is transaction markers and aborted records: the next offset moves to the position, as Kafka's own
     * committed positions do. Only offsets move, never the order.
     */
    private void catchUp(TopicPartition tp) {
        if (buffers.get(tp).isEmpty()) {
            long position = Math.min(fetched.getOrDefault(tp, -1L), end(tp));
            if (position > next.get(tp)) {
                next.put(tp, position);
            }
        }
    }

    private TopicPartition successor(TopicPartition tp) {
        return order.get((order.indexOf(tp) + 1) % order.size());
    }
}
