package org.levistream.experiment.protocol;

import java.util.List;
import java.util.Map;
import org.levistream.model.metrics.Metrics;
import org.levistream.model.levi.Method;

/** Hears what the protocol does, for console progress and for tests that check its order. */
public interface ProtocolListener {
    /**
     * A setting's models (one per seed) are trained; {@code validationScore} is their mean (NaN: one diverged),
     * {@code epochs} the kept epoch of each.
     */
    default void searched(Method method, String setting, double validationScore, List<Integer> epochs,
                          double seconds) {}

    /** Every method's setting (and WiSE-FT's α) is chosen; no test set has been read before this. */
    default void selectionFinished(Map<Method, String> chosen) {}

    /** A chosen model (one seed) was scored; {@code scores} maps test-set name to metrics. */
    default void finalRun(Method method, long seed, Map<String, Metrics> scores, double seconds) {}
}
