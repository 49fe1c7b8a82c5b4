package org.levistream.experiment.offline;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.levistream.model.features.RatingExample;
import org.levistream.model.features.RecommendationFeaturizer;

/**
 * Keeps each set's user contexts to what the protocol lets its examples see.
 *
 * <ul>
 *   <li>Pre-training and live ratings (training and validation) are the <em>training world</em>: every example may
 *       see the earlier ones, as a deployed model's features would.</li>
 *   <li>An evaluation set (the ID test set, each OOD set) also sees its own earlier ratings: a user's earlier
 *       interactions in the shifted world are what the model would observe when serving it.</li>
 *   <li>No example sees another evaluation set's ratings, and no one sees dropped ratings.</li>
 * </ul>
 *
 * <p>One featurizer per view: the training world's, and one per evaluation set that starts as a copy of the training
 * world's history when the set's first rating arrives, then records the training world's ratings and its own.
 * Without this, a non-temporal split (e.g. OOD by genre) leaks: ID contexts would hold OOD ratings and the reverse.
 */
final class VisibleHistories {
    private final Supplier<RecommendationFeaturizer> featurizers;
    private final RecommendationFeaturizer training;
    private final Map<String, RecommendationFeaturizer> evaluation = new HashMap<>();

    VisibleHistories(Supplier<RecommendationFeaturizer> featurizers) {
        this.featurizers = featurizers;
        this.training = featurizers.get();
    }

    /** The featurizer of the training world: pre-training, training and validation examples. */
    RecommendationFeaturizer training() {
        return training;
    }

    /** The featurizer of an evaluation set, named as its {@link RatingSet}. */
    RecommendationFeaturizer evaluation(String set) {
        return evaluation.computeIfAbsent(set, name -> copyOf(training));
    }

    /** Makes a training-world rating visible to every later example, after the rating's own features are taken. */
    void recordTraining(RatingExample example) {
        training.record(example);
        for (RecommendationFeaturizer f : evaluation.values()) {
            f.record(example);
        }
    }

    /** Makes an evaluation set's rating visible to that set's later examples only. */
    void recordEvaluation(String set, RatingExample example) {
        evaluation(set).record(example);
    }

    private RecommendationFeaturizer copyOf(RecommendationFeaturizer source) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                source.writeState(out);
            }
            RecommendationFeaturizer copy = featurizers.get();
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                copy.readState(in);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("copying a user history in memory failed", e);
        }
    }
}
