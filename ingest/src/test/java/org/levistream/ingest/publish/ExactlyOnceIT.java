package org.levistream.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills an ingest run (SIGKILL, in a child JVM) at random instants, runs it again with the same arguments until it
 * completes, and checks that every topic, the dead-letter topic and the pretrain file hold each input record exactly
 * once.
 */
@Tag("integration")
@Timeout(150)
@ExtendWith(EmbeddedStackExtension.class)
class ExactlyOnceIT {
    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceIT.class);
    private static final int ROWS = 20_000;
    /** 20,000 s of event time at x4,000: about 5 s of publishing, more than the kills take together. */
    private static final String SPEED = "4000";
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    @Test
    void killedAtRandomInstantsAndRunAgainPublishesEveryRecordExactlyOnce(EmbeddedStack stack, TestInfo info)
            throws Exception {
        long seed = System.nanoTime();
        log.info("Kill instants seeded with {}", seed);
        var random = new SplittableRandom(seed);
        String prefix = TestNames.unique(info) + ".";
        List<String> rows = MovieLensFixture.mixed(
                MovieLensFixture.sortedRows(ROWS, Instant.parse("2005-01-01T00:00:00Z")),
                MovieLensFixture.poisonRows(), 9);
        Path csv = MovieLensFixture.writeCsv(dir.resolve("ratings.joined.csv"), rows);
        Path pretrain = dir.resolve("pretrain.avro");
        Path splitFile = MovieLensFixture.writeText(dir.resolve("split.yaml"), split(prefix, pretrain));
        Expected expected = Expected.route(csv, SplitFile.load(splitFile));
        List<String> args = List.of(stack.bootstrapServers(), stack.registryUrl(), csv.toString(),
                splitFile.toString(), prefix, SPEED);

        // The first kill lands anywhere from JVM start to early publishing; the others while records flow.
        killAfter(start(args, 0), random.nextLong(200, 2_500), false);
        for (int i = 1; i < KILLS; i++) {
            killAfter(start(args, i), random.nextLong(0, 1_000), true);
        }
        Child last = start(args, KILLS);
        String outcome = last.awaitOutcome(60);

        assertThat(outcome).startsWith("OUTCOME COMPLETE skipped=").isNotEqualTo("OUTCOME COMPLETE skipped=0");
        for (String topic : expected.byTopic().keySet()) {
            assertThat(TopicContents.interactions(stack, topic)).as(topic)
                    .containsExactlyInAnyOrderElementsOf(expected.byTopic().get(topic));
        }
        assertThat(TopicContents.pretrain(pretrain)).containsExactlyElementsOf(expected.pretrain());
        List<ConsumerRecord<byte[], byte[]>> dead = TopicContents.read(stack, prefix + "deadletter");
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(MovieLensFixture.poisonRows());
    }

    private static String split(String prefix, Path pretrain) {
        return """
                records: interactions
                topicPrefix: %s
                pretrainFile: %s
                rules:
                  - name: early
                    match: {time: {until: 2005-01-01T00:30:00Z}}
                    to: pretrain
                  - name: late
                    match: {time: {from: 2005-01-01T04:30:00Z}}
                    to: ood.late-users
                  - name: holdout
                    match: {sample: {fraction: 0.2, seed: 11}}
                    to: holdout
                  - name: live
                    to: live
                """.formatted(prefix, pretrain.toAbsolutePath());
    }

    private void killAfter(Child child, long millis, boolean afterFirstProgress) throws InterruptedException {
        if (afterFirstProgress) {
            child.awaitProgress(60);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = millis; left > 0; left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
            String line = child.lines.poll(left, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith("OUTCOME")) {
                throw new AssertionError("child " + child.number + " finished before it was killed (" + line
                        + "); the run must last longer for this test");
            }
        }
        child.process.destroyForcibly();
        assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        log.info("Killed run {} {} ms after {}", child.number, millis, afterFirstProgress ? "its first progress"
                : "its start");
    }

    private Child start(List<String> args, int number) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                IngestChild.class.getName()));
        command.addAll(args);
        Path errors = dir.resolve("child-" + number + ".err");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        return new Child(number, process, errors);
    }

    /** A child JVM and the lines it printed so far. */
    private static final class Child {
        final int number;
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        final Path errors;

        Child(int number, Process process, Path errors) {
            this.number = number;
            this.process = process;
            this.errors = errors;
            Thread reader = new Thread(this::pump, "child-" + number + "-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        void awaitProgress(int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith("PROGRESS")) {
                    return;
                }
                if (!process.isAlive() && lines.isEmpty()) {
                    throw new AssertionError("child " + number + " ended with " + process.exitValue() + ": "
                            + stderr());
                }
            }
            throw new AssertionError("child " + number + " showed no progress within " + seconds + " s");
        }

        String awaitOutcome(int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith("OUTCOME")) {
                    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(process.exitValue()).as("exit code; stderr: %s", stderr()).isZero();
                    return line;
                }
            }
            process.destroyForcibly();
            throw new AssertionError("child " + number + " did not finish within " + seconds + " s: " + stderr());
        }

        private String stderr() {
            try {
                String text = java.nio.file.Files.readString(errors);
                return text.length() > 4_000 ? text.substring(text.length() - 4_000) : text;
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }

        private void pump() {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
