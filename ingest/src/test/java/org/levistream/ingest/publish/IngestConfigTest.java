package org.levistream.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.ingest.split.SplitPlan;

class IngestConfigTest {
    private static final SplitFile SPLIT = new SplitFile(Path.of("split.yaml"), SplitPlan.parse("""
            records: interactions
            pretrainFile: from-split.avro
            rules:
              - to: live
            """, "split.yaml"), "sha256:0");

    @Test
    void defaultsSuitMostRuns() {
        IngestConfig config = IngestConfig.builder("localhost:9092", "http://localhost:8081", SPLIT).build();

        assertThat(config.chunkSize()).isEqualTo(10_000);
        assertThat(config.partitions()).isEqualTo(3);
        assertThat(config.replicationFactor()).isEqualTo(-1);
        assertThat(config.progressTopic()).isEqualTo("levi.ingest.progress");
        assertThat(config.deadLetterTopic()).isEqualTo("levi.deadletter");
        assertThat(config.pacing().paced()).isFalse();
        assertThat(config.registry()).containsEntry("schema.registry.url", "http://localhost:8081");
        assertThat(config.effectivePretrainFile()).contains(Path.of("from-split.avro"));
        assertThat(IngestConfig.builder("k:1", "http://r", SPLIT).pretrainFile(Path.of("mine.avro")).build()
                .effectivePretrainFile()).isEqualTo(Optional.of(Path.of("mine.avro")));
    }

    @Test
    void reportsEveryInvalidSettingAtOnceNamingKeyValueAndRule() {
        var builder = IngestConfig.builder(" ", null, SPLIT).topics(0, 0).chunks(0, Duration.ZERO)
                .topicNames("bad topic", "levi.deadletter").jobId("a b")
                .producer(Map.of("acks", "1", "compression.type", "brotli"));

        assertThatThrownBy(builder::build).isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).containsExactly(
                        "ingest.bootstrap.servers was ' ' but must name at least one host:port",
                        "schema.registry.url was 'null' but must be the registry's URL, e.g. http://localhost:8081",
                        "ingest.partitions was 0 but must be at least 1",
                        "ingest.replication.factor was 0 but must be -1 (the broker's default) or in 1..32767",
                        "ingest.chunk.size was 0 but must be at least 1",
                        "ingest.commit.interval was PT0S but must be positive",
                        "ingest.job.id was 'a b' but must be 1 to 200 letters, digits, '.', '_' or '-'",
                        "ingest.progress.topic was 'bad topic' but must be a topic name: 1 to 249 letters, digits, "
                                + "'.', '_' or '-'",
                        "ingest.producer.acks was '1' but cannot be set: ingest sets it for exactly-once delivery",
                        "ingest.producer.compression.type was 'brotli' but must be none, gzip, snappy, lz4 or zstd"));
    }
}
