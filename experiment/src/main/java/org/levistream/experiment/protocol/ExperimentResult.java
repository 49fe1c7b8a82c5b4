package org.levistream.experiment.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.levistream.model.levi.TaskKind;

/**
 * A benchmark's results.
 *
 * @param benchmark the benchmark's name
 * @param task      ratings or classes
 * @param sets      set name to size (train, validation, ID test, each OOD set)
 * @param settings  the protocol's settings
 * @param methods   per method, in table order
 * @param seconds   wall time of the whole protocol
 */
public record ExperimentResult(String benchmark, TaskKind task, Map<String, Integer> sets, ProtocolSettings settings,
                               List<MethodResult> methods, double seconds) {
    /** Copies the collections. */
    public ExperimentResult {
        sets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sets));
        methods = List.copyOf(methods);
    }

    /** The test sets' names, ID test first. */
    public List<String> testSets() {
        return methods.isEmpty() ? List.of() : List.copyOf(methods.get(0).scores().keySet());
    }
}
