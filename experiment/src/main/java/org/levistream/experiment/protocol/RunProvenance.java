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
            return git.waitFor() == 0 ? describe(head, changedFiles()) : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /**
     * The commit as provenance: the hash, and the files that differ from it, so that a reader can tell an edited
     * source from an untracked data folder.
     */
    static String describe(String head, java.util.List<String> changed) {
        if (changed.isEmpty()) {
            return head;
        }
        int shown = Math.min(changed.size(), 5);
        return head + " (with uncommitted changes: " + String.join(", ", changed.subList(0, shown))
                + (changed.size() > shown ? " and " + (changed.size() - shown) + " more" : "") + ")";
    }

    /** The paths {@code git status --porcelain} lists; empty when it cannot run. */
    private static java.util.List<String> changedFiles() throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "status", "--porcelain").redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (git.waitFor() != 0) {
            return java.util.List.of();
        }
        return out.lines().filter(l -> l.length() > 3).map(l -> l.substring(3)).toList();
    }
}
