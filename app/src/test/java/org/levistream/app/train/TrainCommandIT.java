package org.levistream.app.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.app.LeviCommands;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;

/**
 * {@code levi train} and {@code levi replay} end to end on the embedded stack: a YAML file plus flags train a
 * bounded stretch with console progress, a replay of it runs isolated, and bad settings exit 2 listing every problem.
 */
@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class TrainCommandIT {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @Test
    void trainsABoundedStretchThenReplaysItIsolated(EmbeddedStack stack, TestInfo info) throws Exception {
        String topic = TestNames.unique(info);
        stack.broker().createTopic(topic, 2, Map.of());
        Interactions.produce(stack, topic, 200);
        Path config = Files.writeString(dir.resolve("trainer.yaml"), """
                trainer:
                  input.topics: %s
                  batch.size: 20
                  checkpoint: {dir: %s, every.steps: 4}
                  deadletter.topic: %s.dlq
                  checkpoints.topic: %s.checkpoints
                model:
                  method: small-only
                  small: {buckets: 128, embedding.dim: 4, width: 8}
                """.formatted(topic, dir.resolve("ckpt/live"), topic, topic));
        String[] common = {"--config", config.toString(), "--bootstrap-servers", stack.bootstrapServers(),
            "--schema-registry-url", stack.registryUrl(), "--threads", "1"};

        assertThat(levi(concat(new String[] {"train", "--experiment", "live", "--end", "end"}, common)))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("Training: starting at earliest", "checkpoint step 4 in",
                "checkpoint step 10 in", "Reached the end point");

        assertThat(levi(concat(new String[] {"replay", "--experiment", "again", "--from", "checkpoint:live@4",
            "--to", "end", "--set", "model.optimizer.learning.rate=0.01"}, common))).as(err.toString()).isZero();
        assertThat(dir.resolve("ckpt/again/step-000000000006")).isDirectory(); // 120 records left, fresh parameters
        assertThat(out.toString()).contains("starting from checkpoint:live@4", "its offsets only");
    }

    @Test
    void badSettingsExitTwoListingEveryProblem() {
        assertThat(levi("train", "--experiment", "bad name", "--set", "trainer.batch.size=0")).isEqualTo(2);
        assertThat(err.toString()).contains("trainer.experiment was 'bad name'", "trainer.batch.size was 0",
                "no backbone is set");
        assertThat(levi("replay", "--experiment", "r", "--from", "earliest", "--to", "none", "--set",
                "model.method=small-only")).isEqualTo(2);
        assertThat(err.toString()).contains("a replay needs an end");
    }

    private int levi(String... args) {
        return LeviCommands.run(out, err, args);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
