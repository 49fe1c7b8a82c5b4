package org.levistream.experiment.protocol;

import java.util.Map;
import org.levistream.model.metrics.Metrics;
import org.levistream.model.levi.Method;

/** Hears what the protocol does, for console progress and for tests that check its order. */
public interface ProtocolListener {
    /** A rate's models (one per seed) are trained; {@code validationScore} is their mean (NaN: one diverged). */
    default void searched(Method method, float learningRate, double validationScore, double seconds) {}

    /** Every method's learning rate is chosen; no test set has been read before this. */
    default void selectionFinished(Map<Method, Float> chosen) {}

    /** A chosen model (one seed) was scored; {@code scores} maps test-set name to metrics. */
    default void finalRun(Method method, long seed, Map<String, Metrics> scores, double seconds) {}
}
