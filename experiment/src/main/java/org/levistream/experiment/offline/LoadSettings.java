package org.levistream.experiment.offline;

import java.util.ArrayList;
import java.util.List;
import org.levistream.common.config.InvalidConfigException;

/**
 * How a loader carves and caps the split's sets. The validation slice is a seeded random fraction of the split's
 * {@code live} records, decided per record as the split file's own {@code sample} conditions are, so the same
 * record is always in the same slice.
 *
 * @param validationFraction share of {@code live} records held out for validation, in (0, 1)
 * @param validationSeed     the sample's seed
 * @param trainLimit         at most this many training examples (0: no cap), the first ones in source order
 * @param validationLimit    at most this many validation examples (0: no cap)
 * @param testLimit          at most this many ID test examples (0: no cap); image copies follow their original
 * @param oodLimit           at most this many examples per OOD set (0: no cap)
 * @param loadPretrain       whether pre-training records are kept (only {@code levi pretrain} needs them)
 */
public record LoadSettings(double validationFraction, long validationSeed, int trainLimit, int validationLimit,
                           int testLimit, int oodLimit, boolean loadPretrain) {
    /** Validates every field, reporting all problems at once. */
    public LoadSettings {
        List<String> problems = new ArrayList<>();
        if (!(validationFraction > 0 && validationFraction < 1)) {
            problems.add("experiment.validation.fraction was " + validationFraction + " but must be in (0, 1)");
        }
        for (int limit : new int[] {trainLimit, validationLimit, testLimit, oodLimit}) {
            if (limit < 0) {
                problems.add("experiment limits were " + List.of(trainLimit, validationLimit, testLimit, oodLimit)
                        + " but must be >= 0 (0: no cap)");
                break;
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    /** Whether one more example fits under a cap. */
    static boolean fits(int limit, int size) {
        return limit == 0 || size < limit;
    }
}
