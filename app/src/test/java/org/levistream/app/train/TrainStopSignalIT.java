package org.levistream.app.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.levistream.app.Levi;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;

/**
 * A live {@code levi train} in its own JVM, stopped by a real SIGINT or SIGTERM: it writes its last checkpoint and
 * exits 0, as its help and the README say (it exited 130 and 143 before; issue 14).
 */
@Tag("integration")
@Timeout(150)
@ExtendWith(EmbeddedStackExtension.class)
class TrainStopSignalIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aStopSignalEndsALiveTrainerWithExitZeroAfterItsLastCheckpoint(String signal, EmbeddedStack stack,
                                                                       TestInfo info) throws Exception {
        // A shell without job control starts background commands with SIGINT ignored, and children inherit that:
        // there, Ctrl-C never reaches a trainer, and this case cannot be tested.
        org.junit.jupiter.api.Assumptions.assumeFalse(signal.equals("INT") && interruptIgnored(),
                "SIGINT is ignored in this process (started in the background without job control)");
        String topic = TestNames.unique(info, signal.toLowerCase(java.util.Locale.ROOT));
        stack.broker().createTopic(topic, 2, Map.of());
        Interactions.produce(stack, topic, 100);
        Path config = Files.writeString(dir.resolve("trainer.yaml"), """
                trainer:
                  input.topics: %s
                  batch.size: 20
                  checkpoint: {dir: %s, every.steps: 1000}
                  checkpoints.topic: %s.checkpoints
                dead.letter.topic: %s.dlq
                model:
                  method: small-only
                  small: {buckets: 128, embedding.dim: 4, width: 8}
                """.formatted(topic, dir.resolve("ckpt"), topic, topic));
        Path log = dir.resolve("train.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), Levi.class.getName(), "train", "--experiment", "live",
                "--config", config.toString(), "--bootstrap-servers", stack.bootstrapServers(),
                "--schema-registry-url", stack.registryUrl(), "--threads", "1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitLine(log, "Training: ", p);
            awaitLine(log, "waiting for data: every input partition is at its end offset", p);   // all 100 trained
            // The shell's own kill: no procps package needed on a fresh machine.
            new ProcessBuilder("sh", "-c", "kill -" + signal + " " + p.pid()).start().waitFor();

            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(log)).isZero();
            assertThat(Files.readString(log)).contains("Stopping after the current step", "Stopped");
            assertThat(dir.resolve("ckpt/step-000000000005")).isDirectory();   // 100 records, 5 steps of 20
        } finally {
            p.destroyForcibly();
        }
    }

    /** Whether SIGINT (signal 2, bit 1 of the mask) is ignored by this JVM, and so by the processes it starts. */
    private static boolean interruptIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 2L) != 0;
            }
        }
        return false;
    }

    private static void awaitLine(Path log, String text, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("no line with '" + text + "' (alive: " + p.isAlive() + "):\n" + Files.readString(log));
    }
}
