package org.levistream.ingest.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class CommittedPositionTest {
    private static final CommittedPosition POSITION = new CommittedPosition(new JobId("movielens-ratings-1a2b3c4d"),
            1_234, false, "sha256:00112233aabbccdd", "sha256:ffeeddccbbaa9988", "event-time/100",
            Optional.of("data/pretrain/movielens.avro"), 4_096,
            new IngestCounts(1_234, 1_230, new TreeMap<>(Map.of("levi.interactions", 1_000L,
                    "levi.interactions.holdout", 100L)), 120, 10, 3, new TreeMap<>(Map.of("nan", 4L))),
            Instant.parse("2024-06-11T10:15:30.123Z"));

    @Test
    void survivesAJsonRoundTrip() {
        assertThat(CommittedPosition.fromJson(POSITION.toJson())).isEqualTo(POSITION);
    }

    @Test
    void isReadableJsonForConsoleConsumers() {
        assertThat(new String(POSITION.toJson(), StandardCharsets.UTF_8))
                .startsWith("{\"format\":1,\"job\":\"movielens-ratings-1a2b3c4d\",\"results\":1234,")
                .contains("\"published\":{\"levi.interactions\":1000,\"levi.interactions.holdout\":100}");
    }

    @Test
    void refusesAPositionOfANewerFormatOrNoPositionAtAll() {
        byte[] newer = new String(POSITION.toJson(), StandardCharsets.UTF_8).replace("\"format\":1", "\"format\":2")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> CommittedPosition.fromJson(newer)).hasMessageContaining("format 2 is newer");
        assertThatThrownBy(() -> CommittedPosition.fromJson("{}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("no format field");
        assertThatThrownBy(() -> CommittedPosition.fromJson("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void totalsAddUpThePerTopicAndPerReasonCounts() {
        assertThat(POSITION.counts().publishedTotal()).isEqualTo(1_100);
        assertThat(POSITION.counts().deadLetteredTotal()).isEqualTo(4);
    }
}
