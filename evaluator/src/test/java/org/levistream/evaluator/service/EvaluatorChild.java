package org.levistream.evaluator.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileReader;
import java.io.IOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.levistream.evaluator.config.EvaluatorConfig;

/** An evaluator in a child JVM, for tests that kill it: settings from a properties file, runs until killed. */
public final class EvaluatorChild {
    private EvaluatorChild() {}

    /**
     * Runs the evaluator.
     *
     * @param args the settings file
     * @throws IOException          if the file cannot be read
     * @throws InterruptedException never in practice: the process is killed
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Properties p = new Properties();
        try (FileReader in = new FileReader(args[0])) {
            p.load(in);
        }
        Map<String, String> settings = new TreeMap<>();
        p.forEach((k, v) -> settings.put(k.toString(), v.toString()));
        EvaluatorService service = EvaluatorService.start(EvaluatorConfig.from(settings), new SimpleMeterRegistry());
        while (service.isRunning() || service.state() == org.apache.kafka.streams.KafkaStreams.State.CREATED) {
            Thread.sleep(100);
        }
        System.err.println("evaluator stopped: " + service.state() + " " + service.failure().orElse(null));
        System.exit(1);
    }
}
