package org.levistream.experiment.protocol;

import java.util.Locale;
import org.levistream.model.optim.OptimizerSpec;

/**
 * One setting of a method's search: the optimizer, its learning rate and the backbone's learning-rate factor.
 *
 * @param optimizer      SGD (momentum 0.9) or Adam
 * @param learningRate   the head's (and, at factor 1, everyone's) rate
 * @param backboneFactor the pre-trained layers' rate as a multiple of {@code learningRate}; 1 for methods that keep
 *                       the backbone frozen
 */
public record SearchPoint(OptimizerSpec.Kind optimizer, float learningRate, float backboneFactor) {
    /**
     * A short label, e.g. {@code sgd 1e-2} or {@code adam 1e-3 backbone×0.1}: the key of the search in the results.
     *
     * @return the label
     */
    public String label() {
        String s = optimizer.name().toLowerCase(Locale.ROOT) + " " + ResultsWriter.rate(learningRate);
        return backboneFactor == 1f ? s : s + " backbone×" + backboneFactor;
    }
}
