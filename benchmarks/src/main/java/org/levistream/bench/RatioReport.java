package org.levistream.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;

/**
 * Runs JMH benchmarks and prints each benchmark's throughput as a ratio against its class's floor, measured in
 * the same run: {@code java -jar benchmarks/target/levi-benchmarks.jar [JMH options] [regex]}.
 *
 * <p>A class's floor is its method named {@code *Floor}; every other method except {@code baseline} is reported
 * against it. JMH options (e.g. {@code -wi 2 -i 3 -f 1}) pass through; without a regex every benchmark runs.
 */
public final class RatioReport {
    private RatioReport() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        var commandLine = new CommandLineOptions(args);
        Collection<RunResult> results = new Runner(new OptionsBuilder().parent(commandLine).build()).run();
        System.out.println();
        System.out.println(report(results));
    }

    static String report(Collection<RunResult> results) {
        Map<String, Map<String, Double>> scoresByClass = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            int dot = benchmark.lastIndexOf('.');
            String className = benchmark.substring(0, dot);
            scoresByClass.computeIfAbsent(className, k -> new LinkedHashMap<>())
                    .put(benchmark.substring(dot + 1), result.getPrimaryResult().getScore());
            units.put(className, result.getPrimaryResult().getScoreUnit());
        }
        var out = new StringBuilder("Ratios against the floor measured in this run (higher is better):\n");
        scoresByClass.forEach((className, scores) -> {
            String floorName = scores.keySet().stream().filter(n -> n.endsWith("Floor")).findFirst().orElse(null);
            if (floorName == null) return;
            double floor = scores.get(floorName);
            out.append(String.format("  %s: floor %s = %,.0f %s%n",
                    className.substring(className.lastIndexOf('.') + 1), floorName, floor, units.get(className)));
            scores.forEach((name, score) -> {
                if (name.equals(floorName) || name.equals("baseline")) return;
                out.append(String.format("    %-24s %,14.0f %s  = %.3fx the floor%n", name, score, units.get(className),
                        score / floor));
            });
        });
        return out.toString();
    }
}
