package org.levistream.trainer.checkpoint;

/**
 * The offsets of one partition that a checkpoint's training consumed since its parent checkpoint: every offset in
 * {@code [from, to)} was trained on once (decoded records), dead-lettered (poison) or is a transaction marker or
 * aborted record. Following parents back, a run's ranges tile each partition without gap or overlap.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param from      the parent's next offset (inclusive)
 * @param to        this checkpoint's next offset (exclusive)
 * @param records   decoded records trained on in the range
 * @param poison    poison records passed over in the range
 */
public record LineageRange(String topic, int partition, long from, long to, long records, long poison) {
    /** Checks the bounds. */
    public LineageRange {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("a lineage range needs 0 <= from <= to, was [" + from + ", " + to + ")");
        }
    }
}
