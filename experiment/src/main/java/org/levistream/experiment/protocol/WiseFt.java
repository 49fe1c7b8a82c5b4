package org.levistream.experiment.protocol;

import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.levistream.experiment.offline.ExampleSet;
import org.levistream.experiment.offline.ModelRun;
import org.levistream.model.metrics.Metrics;
import org.levistream.model.optim.StatefulOptimizer;
import org.levistream.model.tensor.NamedTensor;

/**
 * WiSE-FT (Wortsman et al., "Robust fine-tuning of zero-shot models", CVPR 2022): the weight-space ensemble
 * {@code θα = (1 − α) θ0 + α θ1} of the linear-probed model θ0 (the pre-trained backbone with LP's head) and the
 * fine-tuned model θ1 (FT's backbone and head), over every parameter both have. It trains nothing: it is scored by
 * loading θα into the FT run's model, and θ1 is put back afterwards, so the FT run still scores as FT.
 *
 * <p>α = 0 is θ0 and α = 1 is θ1 exactly (no arithmetic on those ends), so their scores are LP's and FT's bit for
 * bit when both are scored the same way.
 */
final class WiseFt {
    private WiseFt() {}

    /**
     * θ0 of an LP run, named as an FT model names its parameters: LP's head and the frozen backbone (prefixed
     * {@value StatefulOptimizer#BACKBONE_PREFIX}).
     *
     * @param lp a trained LP run
     * @return its parameters
     */
    static List<NamedTensor> theta0(ModelRun lp) {
        List<NamedTensor> theta = new ArrayList<>(lp.parameters());
        for (Map.Entry<String, Parameter> e : lp.backbone().parameters().entrySet()) {
            theta.add(NamedTensor.copyOf(StatefulOptimizer.BACKBONE_PREFIX + e.getKey(), e.getValue().getArray()));
        }
        return theta;
    }

    /**
     * Mixes two models' parameters: θ1's list, each tensor that θ0 also has (same name and shape) replaced by
     * {@code (1 − α) θ0 + α θ1}, element by element in float.
     *
     * @param theta0 the LP model's parameters
     * @param theta1 the FT model's parameters
     * @param alpha  the weight of θ1, in [0, 1]
     * @return the mix, in θ1's order
     */
    static List<NamedTensor> mix(List<NamedTensor> theta0, List<NamedTensor> theta1, float alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha was " + alpha + " but must be in [0, 1]");
        }
        Map<String, NamedTensor> zero = new LinkedHashMap<>();
        theta0.forEach(t -> zero.put(t.name(), t));
        List<NamedTensor> mixed = new ArrayList<>(theta1.size());
        for (NamedTensor one : theta1) {
            NamedTensor other = zero.get(one.name());
            if (other == null || !other.shape().equals(one.shape()) || alpha == 1f) {
                mixed.add(one);
            } else if (alpha == 0f) {
                mixed.add(other);
            } else {
                float[] a = other.toArray();
                float[] b = one.toArray();
                float[] m = new float[b.length];
                for (int i = 0; i < m.length; i++) {
                    m[i] = (1 - alpha) * a[i] + alpha * b[i];
                }
                mixed.add(NamedTensor.of(one.name(), one.shape(), m));
            }
        }
        return mixed;
    }

    /**
     * Scores θα on a set with the FT run's model, then puts θ1 back.
     *
     * @param ft     the FT run, holding θ1
     * @param theta0 the LP model's parameters ({@link #theta0})
     * @param alpha  the weight of θ1
     * @param set    the set to score
     * @return the metrics of θα
     */
    static Metrics score(ModelRun ft, List<NamedTensor> theta0, float alpha, ExampleSet set) {
        List<NamedTensor> theta1 = ft.parameters();
        ft.loadParameters(mix(theta0, theta1, alpha));
        try {
            return ft.evaluate(set);
        } finally {
            ft.loadParameters(theta1);
        }
    }
}
