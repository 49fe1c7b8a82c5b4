package org.levistream.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.app.LeviCommands;
import org.levistream.app.TopicRecords;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.schemas.avro.Interaction;

@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class IngestCommandIT {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @Test
    void ingestsMovieLensAndPrintsTheSummary(EmbeddedStack stack, TestInfo info) throws IOException {
        String prefix = TestNames.unique(info) + ".";
        List<String> lines = new ArrayList<>(List.of(
                "\"movieId\",\"title\",\"year\",\"genres\",\"userId\",\"rating\",\"timestamp\""));
        for (int i = 0; i < 200; i++) {
            // Users 0-99 rate before 2009, 100-199 after: the split sends the late ones to the OOD topic.
            long time = (i < 100 ? 1_100_000_000L : 1_300_000_000L) + i;
            lines.add(String.format(Locale.ROOT, "%d,\"Movie %d\",1999,\"Drama|Comedy\",%d,4.5,%d", i % 7, i % 7, i,
                    time));
        }
        lines.add("1,\"Movie 1\",1999,\"Drama\",7,9,1100000000");
        Path csv = Files.write(dir.resolve("movielens.csv"), lines);
        Path split = Files.writeString(dir.resolve("split.yaml"), """
                records: interactions
                topicPrefix: %s
                rules:
                  - match: {time: {from: 2009-01-01}}
                    to: ood.late-users
                  - to: live
                """.formatted(prefix));

        int code = levi("ingest", "movielens", "--input", csv.toString(), "--split", split.toString(),
                "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.registryUrl(),
                "--dead-letter-topic", prefix + "deadletter", "--progress-topic", prefix + "progress",
                "--chunk-size", "50");

        assertThat(code).as("exit code; stderr: %s", err).isZero();
        assertThat(out.toString()).contains(": complete",
                "  read         201 (accepted 200, rejected 1)",
                "  published    " + prefix + "interactions 100",
                "  published    " + prefix + "interactions.ood.late-users 100",
                "  rejected     rating.out.of.range 1",
                "  dead-lettered 1 to " + prefix + "deadletter");
        assertThat(levi("ingest", "movielens", "--input", csv.toString(), "--split", split.toString(),
                "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.registryUrl(),
                "--dead-letter-topic", prefix + "deadletter", "--progress-topic", prefix + "progress")).isZero();
        assertThat(out.toString()).contains(": already complete");
    }

    @Test
    void ingestsAmazonReviewsWithTheirTextRoutingPetFoodByWord(EmbeddedStack stack, TestInfo info) throws IOException {
        String prefix = TestNames.unique(info) + ".";
        // The layout scripts/fetch-data.sh writes for modeldata's reviews, extra fields included.
        String line = "{\"reviewerID\":\"generated-reviewer-%05d\",\"asin\":\"B%05d\",\"overall\":%s,"
                + "\"unixReviewTime\":%d,\"reviewText\":\"%s\",\"score\":\"great\","
                + "\"source\":\"modeldata::training_data\",\"generated\":[\"reviewerID\",\"unixReviewTime\"]}";
        List<String> texts = List.of("My DOG begs for these.", "Fresh coffee, a hotdog on the side",
                "The kittens<br />love it", "Great tea", "Our pet-friendly pantry staple", "Too salty");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            lines.add(String.format(Locale.ROOT, line, i + 1, i + 1, i % 2 == 0 ? "5.0" : "1.0",
                    1_262_304_000L + 3600L * i, texts.get(i)));
        }
        lines.add("{\"reviewerID\":\"x\",\"asin\":\"B9\",\"overall\":9,\"unixReviewTime\":1262304000}");
        Path reviews = Files.write(dir.resolve("fine-foods.jsonl"), lines);
        // The shipped split's rules, under this test's topic prefix.
        String shipped = Files.readString(Path.of("..", "config", "split-amazon.yaml"));
        Path split = Files.writeString(dir.resolve("split.yaml"),
                shipped.replace("topicPrefix: levi.", "topicPrefix: " + prefix));

        int code = levi("ingest", "amazon", "--input", reviews.toString(), "--split", split.toString(),
                "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.registryUrl(),
                "--dead-letter-topic", prefix + "deadletter", "--progress-topic", prefix + "progress");

        assertThat(code).as("exit code; stderr: %s", err).isZero();
        assertThat(out.toString()).contains("  read         7 (accepted 6, rejected 1)",
                "  published    " + prefix + "reviews.ood.pet-food 3", "  rejected     rating.out.of.range 1");
        List<Interaction> pets = TopicRecords.read(stack, prefix + "reviews.ood.pet-food", Interaction.class);
        assertThat(pets).extracting(r -> r.getUserId().toString(), r -> r.getReviewText().toString(),
                        Interaction::getRating)
                .containsExactlyInAnyOrder(tuple("generated-reviewer-00001", "My DOG begs for these.", 5f),
                        tuple("generated-reviewer-00003", "The kittens<br />love it", 5f),
                        tuple("generated-reviewer-00005", "Our pet-friendly pantry staple", 5f));
        int id = TopicRecords.values(stack, prefix + "reviews").size()
                + TopicRecords.values(stack, prefix + "reviews.holdout").size();
        assertThat(id).as("the other three reviews are ID, live or held out").isEqualTo(3);
    }

    @Test
    void ingestsAnIdxPairFindingTheLabelsBesideTheImages(EmbeddedStack stack, TestInfo info) throws IOException {
        String prefix = TestNames.unique(info) + ".";
        Path images = Files.write(dir.resolve("train-images-idx3-ubyte"), idxImages(4));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idxLabels(3, 1, 12, 7));
        Path split = Files.writeString(dir.resolve("split.yaml"), """
                records: images
                topicPrefix: %s
                rules:
                  - match: {domain: mnist}
                    to: live
                    copy:
                      - to: ood.rotated
                        transform: {rotate: 30}
                """.formatted(prefix));

        int code = levi("ingest", "images", "--input", images.toString(), "--domain", "mnist",
                "--split", split.toString(), "--bootstrap-servers", stack.bootstrapServers(),
                "--schema-registry-url", stack.registryUrl(), "--dead-letter-topic", prefix + "deadletter",
                "--progress-topic", prefix + "progress");

        assertThat(code).as("exit code; stderr: %s", err).isZero();
        assertThat(out.toString()).contains("  read         4 (accepted 3, rejected 1)",
                "  published    " + prefix + "images 3", "  published    " + prefix + "images.ood.rotated 3",
                "  rejected     label.out.of.range 1");
    }

    private int levi(String... args) {
        return LeviCommands.run(out, err, args);
    }

    private static byte[] idxImages(int count) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var data = new DataOutputStream(bytes)) {
            data.writeInt(0x00000803);
            data.writeInt(count);
            data.writeInt(28);
            data.writeInt(28);
            for (int i = 0; i < count; i++) {
                data.write(new byte[28 * 28]);
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] idxLabels(int... labels) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var data = new DataOutputStream(bytes)) {
            data.writeInt(0x00000801);
            data.writeInt(labels.length);
            for (int label : labels) {
                data.writeByte(label);
            }
        }
        return bytes.toByteArray();
    }
}
