package org.levistream.experiment.protocol;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.levistream.model.metrics.Metrics;
import org.levistream.model.levi.Method;

/** Prints one line per searched rate and per scored model: the console side of a protocol run. */
record ConsoleListener(PrintWriter out, String benchmark) implements ProtocolListener {
    @Override
    public void searched(Method method, String setting, double score, List<Integer> epochs, double seconds) {
        out.println(String.format(Locale.ROOT, "%s search %s %s: validation %.4f, epochs %s (%.1f s)", benchmark,
                method.settingName(), setting, score, epochs, seconds));
        out.flush();
    }

    @Override
    public void selectionFinished(Map<Method, String> chosen) {
        Map<String, String> shown = new LinkedHashMap<>();
        chosen.forEach((m, setting) -> shown.put(m.settingName(), setting));
        out.println(benchmark + " chosen settings: " + shown);
        out.flush();
    }

    @Override
    public void finalRun(Method method, long seed, Map<String, Metrics> scores, double seconds) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s scored %s seed=%d (%.1f s):", benchmark,
                method.settingName(), seed, seconds));
        scores.forEach((set, m) -> m.values().forEach((k, v) ->
                s.append(String.format(Locale.ROOT, " %s.%s=%.4f", set, k, v))));
        out.println(s);
        out.flush();
    }
}
