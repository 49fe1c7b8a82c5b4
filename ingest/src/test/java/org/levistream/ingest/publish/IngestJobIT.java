package org.levistream.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.embedded.junit.EmbeddedStackExtension;
import org.levistream.embedded.junit.TestNames;
import org.levistream.embedded.stack.EmbeddedStack;
import org.levistream.ingest.pacing.Pacing;
import org.levistream.schemas.domain.InteractionEvent;

@Tag("integration")
@Timeout(120)
@ExtendWith(EmbeddedStackExtension.class)
class IngestJobIT {
    @TempDir
    Path dir;

    @Test
    void publishesEachRecordWhereTheSplitSendsItAndDeadLettersPoisonRows(EmbeddedStack stack, TestInfo info)
            throws Exception {
        String prefix = TestNames.unique(info) + ".";
        List<String> rows = MovieLensFixture.mixed(MovieLensFixture.rows(600, 1), MovieLensFixture.poisonRows(), 2);
        Path csv = MovieLensFixture.writeCsv(dir.resolve("ratings.csv.joined"), rows);
        Path pretrain = dir.resolve("out/pretrain.avro");
        SplitFile split = SplitFile.load(MovieLensFixture.writeSplit(dir.resolve("split.yaml"), prefix, pretrain));
        Expected expected = Expected.route(csv, split);

        IngestSummary summary = job(stack, prefix, split, csv, b -> b.chunks(100, Duration.ofSeconds(5))).run();

        assertThat(summary.outcome()).isEqualTo(IngestSummary.Outcome.COMPLETE);
        assertThat(summary.counts().results()).isEqualTo(604);
        assertThat(summary.counts().accepted()).isEqualTo(600);
        assertThat(summary.counts().deadLettered()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "rating.out.of.range", 1L, "nan", 1L, "unparseable", 1L, "missing.field", 1L));
        assertThat(summary.counts().published()).containsExactlyInAnyOrderEntriesOf(expected.counts());
        assertThat(summary.counts().pretrain()).isEqualTo(expected.pretrain().size()).isPositive();
        for (String topic : expected.byTopic().keySet()) {
            assertThat(TopicContents.interactions(stack, topic)).as(topic)
                    .containsExactlyInAnyOrderElementsOf(expected.byTopic().get(topic));
        }
        List<String> keys = TopicContents.read(stack, prefix + "interactions").stream()
                .map(r -> new String(r.key(), java.nio.charset.StandardCharsets.UTF_8)).toList();
        assertThat(keys).containsExactlyElementsOf(TopicContents.interactions(stack, prefix + "interactions")
                .stream().map(InteractionEvent::userId).toList());
        assertThat(TopicContents.pretrain(pretrain)).containsExactlyElementsOf(expected.pretrain());
    }

    @Test
    void deadLettersCarryTheRowAndHeadersNamingReasonFileAndLine(EmbeddedStack stack, TestInfo info) {
        String prefix = TestNames.unique(info) + ".";
        List<String> rows = new ArrayList<>(MovieLensFixture.rows(20, 3));
        rows.addAll(5, MovieLensFixture.poisonRows());
        Path csv = MovieLensFixture.writeCsv(dir.resolve("ratings.joined.csv"), rows);
        SplitFile split = SplitFile.load(MovieLensFixture.writeAllLive(dir.resolve("split.yaml"), prefix));

        run(job(stack, prefix, split, csv, b -> b));

        List<ConsumerRecord<byte[], byte[]>> dead = TopicContents.read(stack, prefix + "deadletter");
        assertThat(dead).hasSize(4);
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            String position = TopicContents.header(r, "levi.dlq.source.position");
            int line = Integer.parseInt(position.substring("line:".length()));
            assertThat(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(rows.get(line - 2));   // line 1 is the header
            assertThat(TopicContents.header(r, "levi.dlq.source.file")).isEqualTo(csv.toString());
            assertThat(TopicContents.header(r, "levi.dlq.service")).isEqualTo("ingest");
            assertThat(TopicContents.header(r, "levi.dlq.message")).isNotBlank();
            assertThat(r.key()).isNull();
            reasons.add(TopicContents.header(r, "levi.dlq.reason") + "@" + line);
        }
        assertThat(reasons).containsExactlyInAnyOrder("rating.out.of.range@7", "nan@8", "unparseable@9",
                "missing.field@10");
    }

    @Test
    void printsTheSummaryAndARerunFindsTheJobComplete(EmbeddedStack stack, TestInfo info) {
        String prefix = TestNames.unique(info) + ".";
        List<String> rows = MovieLensFixture.mixed(MovieLensFixture.rows(300, 4), MovieLensFixture.poisonRows(), 5);
        Path csv = MovieLensFixture.writeCsv(dir.resolve("ratings.joined.csv"), rows);
        Path pretrain = dir.resolve("pretrain.avro");
        SplitFile split = SplitFile.load(MovieLensFixture.writeSplit(dir.resolve("split.yaml"), prefix, pretrain));
        Expected expected = Expected.route(csv, split);

        IngestSummary first = run(job(stack, prefix, split, csv, b -> b));
        IngestSummary again = run(job(stack, prefix, split, csv, b -> b));

        String text = print(first);
        assertThat(text).startsWith("ingest job " + first.job() + ": complete")
                .contains("  read         304 (accepted 300, rejected 4)")
                .contains("  pretrain     " + pretrain + " " + expected.pretrain().size())
                .contains("  rejected     nan 1", "  rejected     rating.out.of.range 1",
                        "  dead-lettered 4 to " + prefix + "deadletter");
        expected.counts().forEach((topic, n) -> assertThat(text).contains("  published    " + topic + " " + n));
        assertThat(again.outcome()).isEqualTo(IngestSummary.Outcome.ALREADY_COMPLETE);
        assertThat(again.counts()).isEqualTo(first.counts());
        assertThat(print(again)).contains(": already complete");
        assertThat(TopicContents.read(stack, prefix + "interactions")).hasSize(expected.counts()
                .get(prefix + "interactions").intValue());
    }

    @Test
    void stoppedRunCommitsWhatItDidAndTheNextRunContinuesExactlyOnce(EmbeddedStack stack, TestInfo info)
            throws Exception {
        String prefix = TestNames.unique(info) + ".";
        Path csv = MovieLensFixture.writeCsv(dir.resolve("ratings.joined.csv"),
                MovieLensFixture.sortedRows(3_000, Instant.parse("2005-01-01T00:00:00Z")));
        Path pretrain = dir.resolve("pretrain.avro");
        SplitFile split = SplitFile.load(MovieLensFixture.writeSplit(dir.resolve("split.yaml"), prefix, pretrain));
        Expected expected = Expected.route(csv, split);
        List<String> lines = new CopyOnWriteArrayList<>();
        // 3000 s of event time at x1000: about 3 s, stopped at the first progress line (~0.3 s).
        var slow = job(stack, prefix, split, csv, b -> b.pacing(Pacing.eventTime(1000, 10))
                .chunks(50, Duration.ofMillis(100)).progressInterval(Duration.ofMillis(300)));
        var running = new java.util.concurrent.atomic.AtomicReference<IngestJob<?>>();
        var stopper = new IngestJob<>(slow.config(), slow.source(), line -> {
            lines.add(line);
            running.get().requestStop();
        });
        running.set(stopper);

        IngestSummary stopped = stopper.run();
        assertThat(lines).isNotEmpty();
        IngestSummary finished = run(job(stack, prefix, split, csv, b -> b.pacing(Pacing.eventTime(1e9, 10))));

        assertThat(stopped.outcome()).isEqualTo(IngestSummary.Outcome.STOPPED);
        assertThat(stopped.counts().results()).isBetween(1L, 2_999L);
        assertThat(finished.outcome()).isEqualTo(IngestSummary.Outcome.COMPLETE);
        assertThat(finished.skipped()).isEqualTo(stopped.counts().results());
        assertThat(finished.counts().results()).isEqualTo(3_000);
        for (String topic : expected.byTopic().keySet()) {
            assertThat(TopicContents.interactions(stack, topic)).as(topic)
                    .containsExactlyInAnyOrderElementsOf(expected.byTopic().get(topic));
        }
    }

    @Test
    void pacedRunPublishesInEventTimeOrderAtTheGivenSpeed(EmbeddedStack stack, TestInfo info) {
        String prefix = TestNames.unique(info) + ".";
        List<String> rows = new ArrayList<>(MovieLensFixture.sortedRows(400, Instant.parse("2005-01-01T00:00:00Z")));
        shuffleWithin(rows, 20, new SplittableRandom(6));   // disorder within 20 rows; the window is 50
        Path csv = MovieLensFixture.writeCsv(dir.resolve("ratings.joined.csv"), rows);
        SplitFile split = SplitFile.load(MovieLensFixture.writeAllLive(dir.resolve("split.yaml"), prefix));

        // 399 s of event time at x200: about 2 s.
        IngestSummary summary = run(job(stack, prefix, split, csv, b -> b.topics(1, -1)
                .pacing(Pacing.eventTime(200, 50)).chunks(1_000, Duration.ofMillis(200))));

        List<InteractionEvent> published = TopicContents.interactions(stack, prefix + "interactions");
        List<ConsumerRecord<byte[], byte[]>> records = TopicContents.read(stack, prefix + "interactions");
        assertThat(published).hasSize(400).isSortedAccordingTo(
                java.util.Comparator.comparing(InteractionEvent::eventTime));
        long spreadMillis = records.get(records.size() - 1).timestamp() - records.get(0).timestamp();
        assertThat(spreadMillis).as("wall-clock spread of the send times").isBetween(1_600L, 6_000L);
        assertThat(summary.counts().late()).isZero();
        assertThat(summary.elapsed()).isGreaterThan(Duration.ofMillis(1_600));
    }

    @Test
    void recordsThatReachNoTopicDoNotWaitForTheirTurn(EmbeddedStack stack, TestInfo info) {
        String prefix = TestNames.unique(info) + ".";
        Instant start = Instant.parse("2005-01-01T00:00:00Z");
        Path csv = MovieLensFixture.writeCsv(dir.resolve("ratings.joined.csv"), MovieLensFixture.sortedRows(400, start));
        // The first 300 ratings (300 s of event time) are dropped; the last 100 span 99 s, 0.5 s at x200. Paced like
        // the published ones, the dropped ones alone would take 1.5 s.
        SplitFile split = SplitFile.load(MovieLensFixture.writeText(dir.resolve("split.yaml"), """
                records: interactions
                topicPrefix: %s
                rules:
                  - name: early
                    match:
                      time: {until: %s}
                    to: drop
                  - name: late
                    to: live
                """.formatted(prefix, start.plusSeconds(300))));

        IngestSummary summary = run(job(stack, prefix, split, csv, b -> b.topics(1, -1)
                .pacing(Pacing.eventTime(200, 50)).chunks(1_000, Duration.ofMillis(200))));

        assertThat(TopicContents.interactions(stack, prefix + "interactions")).hasSize(100);
        assertThat(summary.elapsed()).isBetween(Duration.ofMillis(400), Duration.ofMillis(1_300));
    }

    @Test
    void refusesToResumeFromAnotherInputOrSplitFile(EmbeddedStack stack, TestInfo info) throws Exception {
        String prefix = TestNames.unique(info) + ".";
        Path csv = MovieLensFixture.writeCsv(dir.resolve("ratings.joined.csv"), MovieLensFixture.rows(50, 8));
        Path splitPath = MovieLensFixture.writeAllLive(dir.resolve("split.yaml"), prefix);
        run(job(stack, prefix, SplitFile.load(splitPath), csv, b -> b));

        MovieLensFixture.writeCsv(csv, MovieLensFixture.rows(51, 8));
        assertThatThrownBy(() -> job(stack, prefix, SplitFile.load(splitPath), csv, b -> b).run())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("input movielens " + csv + " changed since job")
                .hasMessageContaining("--job-id");

        MovieLensFixture.writeCsv(csv, MovieLensFixture.rows(50, 8));
        Files.writeString(splitPath, Files.readString(splitPath) + "# edited\n");
        assertThatThrownBy(() -> job(stack, prefix, SplitFile.load(splitPath), csv, b -> b).run())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("split file " + splitPath + " changed since job");
    }

    // --- helpers

    private static IngestJob<InteractionEvent> job(EmbeddedStack stack, String prefix, SplitFile split, Path csv,
                                                   java.util.function.UnaryOperator<IngestConfig.Builder> settings) {
        IngestConfig.Builder builder = IngestConfig.builder(stack.bootstrapServers(), stack.registryUrl(), split)
                .topicNames(prefix + "progress", prefix + "deadletter")
                .progressInterval(Duration.ZERO);
        return new IngestJob<>(settings.apply(builder).build(), IngestSources.movielens(csv), line -> { });
    }

    private static IngestSummary run(IngestJob<?> job) {
        try {
            return job.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String print(IngestSummary summary) {
        var text = new StringWriter();
        summary.print(new PrintWriter(text));
        return text.toString();
    }

    private static void shuffleWithin(List<String> rows, int block, SplittableRandom random) {
        for (int start = 0; start < rows.size(); start += block) {
            List<String> part = rows.subList(start, Math.min(start + block, rows.size()));
            for (int i = part.size() - 1; i > 0; i--) {
                Collections.swap(part, i, random.nextInt(i + 1));
            }
        }
    }
}
