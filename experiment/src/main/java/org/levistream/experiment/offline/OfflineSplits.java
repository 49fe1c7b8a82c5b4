package org.levistream.experiment.offline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The paper's three distributions, as in-memory sets: pre-training data (used once, for the backbone), the
 * fine-tuning data (ID: training and validation slices of the split's {@code live} records, and the split's
 * {@code holdout} as the ID test), and one OOD test set per {@code ood.<name>} destination.
 *
 * @param pretrain   records the split sends to {@code pretrain}; empty when not loaded
 * @param train      ID training examples
 * @param validation ID validation examples: the only data learning rates are chosen on
 * @param idTest     ID test examples
 * @param ood        OOD test sets by name, in the split file's order
 */
public record OfflineSplits(ExampleSet pretrain, ExampleSet train, ExampleSet validation, ExampleSet idTest,
                           Map<String, ExampleSet> ood) {
    /** Checks for nulls and copies the OOD map, keeping its order. */
    public OfflineSplits {
        Objects.requireNonNull(pretrain, "pretrain");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(idTest, "idTest");
        ood = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ood));
    }

    /** One line per set with its size, for the console. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append("pretrain ").append(pretrain.size()).append(", train ").append(train.size())
                .append(", validation ").append(validation.size()).append(", ID test ").append(idTest.size());
        ood.forEach((name, set) -> s.append(", ").append(name).append(' ').append(set.size()));
        return s.toString();
    }
}
