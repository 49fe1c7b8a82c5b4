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
 * @param topLayers      for FT and LP-FT: how many top layers of the backbone train (the rest stay frozen); 0 for
 *                       the whole backbone, and for methods that keep it frozen
 */
public record SearchPoint(OptimizerSpec.Kind optimizer, float learningRate, float backboneFactor, int topLayers) {
    /**
     * A setting that trains the whole backbone, or none of it.
     *
     * @param optimizer      SGD or Adam
     * @param learningRate   the rate
     * @param backboneFactor the backbone's factor
     */
    public SearchPoint(OptimizerSpec.Kind optimizer, float learningRate, float backboneFactor) {
        this(optimizer, learningRate, backboneFactor, 0);
    }

    /**
     * A short label, e.g. {@code sgd 1e-2}, {@code adam 1e-3 backbone×0.1} or {@code adam 1e-3 top 1}: the key of
     * the search in the results.
     *
     * @return the label
     */
    public String label() {
        String s = optimizer.name().toLowerCase(Locale.ROOT) + " " + ResultsWriter.rate(learningRate);
        s = backboneFactor == 1f ? s : s + " backbone×" + backboneFactor;
        return topLayers == 0 ? s : s + " top " + topLayers;
    }
}
