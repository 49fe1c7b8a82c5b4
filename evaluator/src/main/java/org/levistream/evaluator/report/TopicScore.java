package org.levistream.evaluator.report;

import org.levistream.evaluator.config.HeldOutTopic;
import org.levistream.model.metrics.ExampleLosses;

/**
 * One version's scoring of one held-out topic: which sampled records were scored (by their sample priority, a
 * record's stable identity, ascending) and each one's loss terms in that order.
 *
 * @param topic      the held-out topic
 * @param priorities the records' identities, ascending
 * @param losses     their terms, in the same order
 */
public record TopicScore(HeldOutTopic topic, long[] priorities, ExampleLosses losses) {
    /** Checks that every record has its terms. */
    public TopicScore {
        if (priorities.length != losses.size()) {
            throw new IllegalArgumentException(topic.topic() + ": " + priorities.length + " records but "
                    + losses.size() + " scored");
        }
    }

    /**
     * The two scorings restricted to the records both scored, in one order: what a paired test needs.
     *
     * @param candidate one scoring
     * @param reference another scoring of the same topic
     * @return the candidate's and the reference's terms of the common records
     */
    public static ExampleLosses[] paired(TopicScore candidate, TopicScore reference) {
        long[] a = candidate.priorities;
        long[] b = reference.priorities;
        int[] ia = new int[Math.min(a.length, b.length)];
        int[] ib = new int[ia.length];
        int n = 0;
        for (int i = 0, j = 0; i < a.length && j < b.length; ) {
            if (a[i] == b[j]) {
                ia[n] = i++;
                ib[n++] = j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return new ExampleLosses[] {candidate.losses.select(java.util.Arrays.copyOf(ia, n)),
                reference.losses.select(java.util.Arrays.copyOf(ib, n))};
    }
}
