package org.levistream.model.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.levistream.common.config.InvalidConfigException;

/**
 * Optimizer settings. Adam follows Kingma and Ba (bias-corrected moments); SGD follows PyTorch's momentum form
 * ({@code v = momentum * v + g; w -= lr * v}). Weight decay is L2, added to the gradient; on row-sparse tables it
 * applies to the touched rows only, as in lazy Adam.
 *
 * @param kind         {@link Kind#ADAM} or {@link Kind#SGD}
 * @param learningRate step size, positive
 * @param beta1        Adam's first-moment decay, in [0, 1)
 * @param beta2        Adam's second-moment decay, in [0, 1)
 * @param epsilon      Adam's denominator guard, positive
 * @param momentum     SGD's momentum, in [0, 1); 0 keeps no velocity
 * @param weightDecay  L2 coefficient, at least 0
 * @param backboneLearningRateFactor the backbone's learning rate as a multiple of {@code learningRate}, in [0, 1]
 *                     ({@value #BACKBONE_LR_FACTOR}): fine-tuning practice gives the pre-trained layers a smaller
 *                     rate than the new head; 1 (the default) is one rate for all, 0 freezes the backbone in effect.
 *                     The backbone's parameters are those named {@value StatefulOptimizer#BACKBONE_PREFIX}...
 */
public record OptimizerSpec(Kind kind, float learningRate, float beta1, float beta2, float epsilon, float momentum,
                            float weightDecay, float backboneLearningRateFactor) {
    /** Key prefix of these settings. */
    public static final String PREFIX = "model.optimizer.";
    /** The key of {@link #backboneLearningRateFactor}. */
    public static final String BACKBONE_LR_FACTOR = PREFIX + "backbone.lr.factor";

    /** The optimizers. */
    public enum Kind {
        /** Adam; lazy (row-sparse) on embedding tables. */
        ADAM,
        /** Stochastic gradient descent with optional momentum. */
        SGD
    }

    /** Validates every field, reporting all problems at once. */
    public OptimizerSpec {
        Objects.requireNonNull(kind, "kind");
        List<String> problems = new ArrayList<>();
        if (!(learningRate > 0 && Float.isFinite(learningRate))) {
            problems.add(PREFIX + "learning.rate was " + learningRate + " but must be a positive finite number");
        }
        inUnitInterval(problems, "beta1", beta1);
        inUnitInterval(problems, "beta2", beta2);
        inUnitInterval(problems, "momentum", momentum);
        if (!(epsilon > 0 && Float.isFinite(epsilon))) {
            problems.add(PREFIX + "epsilon was " + epsilon + " but must be a positive finite number");
        }
        if (!(weightDecay >= 0 && Float.isFinite(weightDecay))) {
            problems.add(PREFIX + "weight.decay was " + weightDecay + " but must be a finite number >= 0");
        }
        if (!(backboneLearningRateFactor >= 0 && backboneLearningRateFactor <= 1)) {
            problems.add(BACKBONE_LR_FACTOR + " was " + backboneLearningRateFactor + " but must be in [0, 1]");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    /**
     * Adam with the usual defaults (beta1 0.9, beta2 0.999, epsilon 1e-8) and no weight decay.
     *
     * @param learningRate the step size
     * @return the spec
     */
    public static OptimizerSpec adam(float learningRate) {
        return new OptimizerSpec(Kind.ADAM, learningRate, 0.9f, 0.999f, 1e-8f, 0f, 0f, 1f);
    }

    /**
     * SGD with momentum and no weight decay.
     *
     * @param learningRate the step size
     * @param momentum     in [0, 1)
     * @return the spec
     */
    public static OptimizerSpec sgd(float learningRate, float momentum) {
        return new OptimizerSpec(Kind.SGD, learningRate, 0.9f, 0.999f, 1e-8f, momentum, 0f, 1f);
    }

    /**
     * Returns a copy with another weight decay.
     *
     * @param decay the L2 coefficient
     * @return the new spec
     */
    public OptimizerSpec withWeightDecay(float decay) {
        return new OptimizerSpec(kind, learningRate, beta1, beta2, epsilon, momentum, decay,
                backboneLearningRateFactor);
    }

    /**
     * Returns a copy with another backbone learning-rate factor.
     *
     * @param factor the backbone's rate as a multiple of the learning rate, in [0, 1]
     * @return the new spec
     */
    public OptimizerSpec withBackboneLearningRateFactor(float factor) {
        return new OptimizerSpec(kind, learningRate, beta1, beta2, epsilon, momentum, weightDecay, factor);
    }

    /**
     * The rate of the parameter group a parameter belongs to: the backbone's (scaled by the factor) or the rest's.
     *
     * @param backbone whether the parameter is the backbone's
     * @return the step size
     */
    public float learningRateOf(boolean backbone) {
        return backbone ? learningRate * backboneLearningRateFactor : learningRate;
    }

    private static void inUnitInterval(List<String> problems, String key, float value) {
        if (!(value >= 0 && value < 1)) {
            problems.add(PREFIX + key + " was " + value + " but must be in [0, 1)");
        }
    }
}
