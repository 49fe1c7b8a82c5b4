package org.levistream.trainer.loop;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.levistream.trainer.config.TrainerSettings;

/**
 * A trainer in a JVM of its own, for tests that kill it: reads settings from a properties file, trains to the end
 * point, prints {@code OUTCOME <outcome>} and exits 0 when it finished.
 */
public final class TrainerChild {
    private TrainerChild() {}

    /**
     * Runs the trainer.
     *
     * @param args the settings file
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> settings = read(Path.of(args[0]));
        try (TrainerService trainer = TrainerService.start(TrainerSettings.toConfig(settings), TrainerListener.NONE)) {
            TrainerService.Outcome outcome = trainer.awaitTermination();
            System.out.println("OUTCOME " + outcome);
            System.out.flush();
            trainer.failure().ifPresent(Throwable::printStackTrace);
            System.exit(outcome == TrainerService.Outcome.FINISHED ? 0 : 1);
        }
    }

    /** Reads a properties file into a map. */
    static Map<String, String> read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        Map<String, String> s = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> s.put(k, p.getProperty(k)));
        return s;
    }

    /** Writes settings as a properties file. */
    static Path write(Map<String, String> settings, Path file) throws IOException {
        Properties p = new Properties();
        p.putAll(settings);
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "trainer child settings");
        }
        return file;
    }
}
