package org.levistream.experiment.offline;

import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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
 *
 * <p>{@link #admitByCount} is the other way in, as Monolith and EasyRec admit ids: an id gets its own row only once
 * it occurs in a set number of training examples; rarer ids, in training and when scored, share the unknown row,
 * which therefore learns from every rare id instead of from a random share of all.
 */
public final class ColdStartIds {
    /** The id every unknown user or item is replaced by (after the featurizer's {@code user-}/{@code item-}). */
    public static final String UNKNOWN = "\u0000unknown";

    private final long[] unknown;
    private final Set<Long>[] admitted;
    private final ShownUnknown shownUnknown;

    /** Whether a training example's id field is shown as the unknown id. */
    @FunctionalInterface
    private interface ShownUnknown {
        boolean test(RatingSet train, int example, int field);
    }

    /**
     * Learns which buckets the training set touches, and shows a random share of training examples' ids as unknown.
     *
     * @param train   the training set
     * @param buckets rows per id table
     * @param dropout share of training examples shown with an unknown id, per field, in [0, 1)
     * @param seed    seeds which examples those are
     */
    public ColdStartIds(RatingSet train, int buckets, double dropout, long seed) {
        this(buckets, (set, i, f) -> dropout > 0 && StableHash.unit(set.key(i) + "#" + f, seed) < dropout);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("id dropout was " + dropout + " but must be in [0, 1)");
        }
        for (int i = 0; i < train.size(); i++) {
            for (int f = 0; f < 2; f++) {
                if (!shownUnknown.test(train, i, f)) {
                    admitted[f].add(train.bucket(i, f));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private ColdStartIds(int buckets, ShownUnknown shownUnknown) {
        this.unknown = new long[] {IdHasher.bucket("user-" + UNKNOWN, buckets), IdHasher.bucket("item-" + UNKNOWN, buckets)};
        this.admitted = new Set[] {new HashSet<Long>(), new HashSet<Long>()};
        this.shownUnknown = shownUnknown;
    }

    /**
     * Admits an id (its bucket) to a row of its own once it occurs in at least {@code minCount} training examples;
     * the rest share the unknown row, in training and when scored.
     *
     * @param train    the training set
     * @param buckets  rows per id table
     * @param minCount training examples an id needs for its own row, at least 1 (1 admits every trained id)
     * @return the id mapping
     */
    public static ColdStartIds admitByCount(RatingSet train, int buckets, int minCount) {
        if (minCount < 1) {
            throw new IllegalArgumentException("id admission count was " + minCount + " but must be at least 1");
        }
        List<Map<Long, Integer>> counts = List.of(new HashMap<>(), new HashMap<>());
        for (int i = 0; i < train.size(); i++) {
            for (int f = 0; f < 2; f++) {
                counts.get(f).merge(train.bucket(i, f), 1, Integer::sum);
            }
        }
        ColdStartIds ids = new ColdStartIds(buckets, null);
        for (int f = 0; f < 2; f++) {
            Set<Long> admitted = ids.admitted[f];
            counts.get(f).forEach((bucket, n) -> {
                if (n >= minCount) {
                    admitted.add(bucket);
                }
            });
        }
        return ids;
    }

    /**
     * Counts the distinct buckets of a field that have a row of their own.
     *
     * @param field 0 for users, 1 for items
     * @return admitted buckets
     */
    public int admitted(int field) {
        return admitted[field].size();
    }

    /** The splits with the training set shown with dropout and every other set with unseen ids made unknown. */
    public OfflineSplits apply(OfflineSplits s) {
        Map<String, ExampleSet> ood = new LinkedHashMap<>();
        s.ood().forEach((name, set) -> ood.put(name, scoring((RatingSet) set)));
        RatingSet train = (RatingSet) s.train();
        return new OfflineSplits(s.pretrain(), view(train, (i, f, b) -> shownUnknownInTraining(train, i, f, b)
                ? unknown[f] : b), scoring((RatingSet) s.validation()), scoring((RatingSet) s.idTest()), ood);
    }

    private boolean shownUnknownInTraining(RatingSet train, int i, int field, long bucket) {
        return shownUnknown == null ? !admitted[field].contains(bucket) : shownUnknown.test(train, i, field);
    }

    private ExampleSet scoring(RatingSet set) {
        return view(set, (i, f, b) -> admitted[f].contains(b) ? b : unknown[f]);
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
