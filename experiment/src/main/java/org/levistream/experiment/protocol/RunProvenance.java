package org.levistream.experiment.protocol;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Says where results were made: date, machine, device and threads, JDK, engine and commit, for every results file. */
final class RunProvenance {
    private RunProvenance() {}

    static Map<String, String> describe(Device dev) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("date", Instant.now().toString());
        p.put("machine", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM");
        p.put("device", dev.toString() + ", PyTorch threads: "
                + System.getProperty("ai.djl.pytorch.num_threads", "engine default (one per core)"));
        p.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        p.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion()
                + " (DJL " + Engine.getDjlVersion() + ")");
        p.put("commit", gitCommit());
        return p;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String head = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            return git.waitFor() == 0 ? head + (dirty() ? " (with uncommitted changes)" : "") : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static boolean dirty() throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "status", "--porcelain").redirectErrorStream(true).start();
        boolean changes = git.getInputStream().readAllBytes().length > 0;
        return git.waitFor() == 0 && changes;
    }
}
