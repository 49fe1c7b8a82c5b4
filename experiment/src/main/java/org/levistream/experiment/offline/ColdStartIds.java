package org.levistream.experiment.offline;

import ai.djl.ndarray.NDManager;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.levistream.ingest.split.StableHash;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.task.IdHasher;

/**
 * Cold-start handling of the small model's ids: an id the model never trained on is shown as one shared
 * "unknown" id instead of its own untrained (random) embedding row, and a fixed random share of training examples
 * is shown with unknown ids so that the unknown rows learn what to predict for a newcomer.
 *
 * <p>Why: in the MovieLens split, 88% of the OOD ratings (2009 on) are by users who never rated in the fine-tuning
 * period. Their hashed rows were never trained, so the small model feeds the head noise for them. The decision is
 * per id field (user, item) and per example, by a seeded hash of the example's key, so every run sees the same
 * examples dropped. Seen-ness is decided by bucket: ids sharing a bucket with a trained id count as seen.
 */
public final class ColdStartIds {
    /** The id every unknown user or item is replaced by (after the featurizer's {@code user-}/{@code item-}). */
    public static final String UNKNOWN = "\u0000unknown";

    private final double dropout;
    private final long seed;
    private final long[] unknown;
    private final Set<Long>[] trained;

    /**
     * Learns which buckets the training set touches.
     *
     * @param train   the training set
     * @param buckets rows per id table
     * @param dropout share of training examples shown with an unknown id, per field, in [0, 1)
     * @param seed    seeds which examples those are
     */
    @SuppressWarnings("unchecked")
    public ColdStartIds(RatingSet train, int buckets, double dropout, long seed) {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("id dropout was " + dropout + " but must be in [0, 1)");
        }
        this.dropout = dropout;
        this.seed = seed;
        this.unknown = new long[] {IdHasher.bucket("user-" + UNKNOWN, buckets), IdHasher.bucket("item-" + UNKNOWN, buckets)};
        this.trained = new Set[] {new HashSet<Long>(), new HashSet<Long>()};
        for (int i = 0; i < train.size(); i++) {
            for (int f = 0; f < 2; f++) {
                if (!dropped(train, i, f)) {
                    trained[f].add(train.bucket(i, f));
                }
            }
        }
    }

    /** The splits with the training set shown with dropout and every other set with unseen ids made unknown. */
    public OfflineSplits apply(OfflineSplits s) {
        Map<String, ExampleSet> ood = new LinkedHashMap<>();
        s.ood().forEach((name, set) -> ood.put(name, scoring((RatingSet) set)));
        RatingSet train = (RatingSet) s.train();
        return new OfflineSplits(s.pretrain(), view(train, (i, f, b) -> dropped(train, i, f) ? unknown[f] : b),
                scoring((RatingSet) s.validation()), scoring((RatingSet) s.idTest()), ood);
    }

    private ExampleSet scoring(RatingSet set) {
        return view(set, (i, f, b) -> trained[f].contains(b) ? b : unknown[f]);
    }

    private boolean dropped(RatingSet set, int i, int field) {
        return dropout > 0 && StableHash.unit(set.key(i) + "#" + field, seed) < dropout;
    }

    private static ExampleSet view(RatingSet set, RatingSet.IdRemap remap) {
        return new ExampleSet() {
            @Override
            public String name() {
                return set.name();
            }

            @Override
            public TaskKind task() {
                return set.task();
            }

            @Override
            public int size() {
                return set.size();
            }

            @Override
            public Batch batch(NDManager manager, int[] order, int from, int to) {
                return set.batch(manager, order, from, to, remap);
            }

            @Override
            public float label(int i) {
                return set.label(i);
            }
        };
    }
}
