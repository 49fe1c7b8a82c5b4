package org.levistream.schemas.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** The dead-letter headers are a wire contract between every service and whoever reads the dead-letter topic. */
class DeadLetterHeadersGoldenTest {

    @Test
    void writesTheHeaderNamesAndBytesOfTheCommittedSample() throws IOException {
        String sample = Files.readString(GoldenHeaders.SAMPLE, StandardCharsets.UTF_8);
        String now = GoldenHeaders.text(List.of(GoldenHeaders.consumedRecord(), GoldenHeaders.ingestedRow()));
        assertThat(now).isEqualTo(sample);
    }

    @Test
    void namesEachHeaderAsTheContractSays() {
        assertThat(names(GoldenHeaders.consumedRecord())).containsExactly("traceparent", "levi.dlq.reason",
                "levi.dlq.message", "levi.dlq.service", "levi.dlq.exception", "levi.dlq.source.topic",
                "levi.dlq.source.partition", "levi.dlq.source.offset");
        assertThat(names(GoldenHeaders.ingestedRow())).containsExactly("levi.dlq.reason", "levi.dlq.message",
                "levi.dlq.service", "levi.dlq.source.file", "levi.dlq.source.position", "levi.dlq.ingest.job");
    }

    @Test
    void writesValuesAsUtf8Strings() {
        var headers = GoldenHeaders.consumedRecord();
        assertThat(DeadLetterHeaders.read(headers, "levi.dlq.source.partition")).isEqualTo("2");
        assertThat(DeadLetterHeaders.read(headers, "levi.dlq.source.offset")).isEqualTo("1234");
        assertThat(DeadLetterHeaders.read(headers, "levi.dlq.exception")).isEqualTo("java.lang.IllegalStateException");
        assertThat(DeadLetterHeaders.read(headers, "levi.dlq.absent")).isNull();
    }

    @Test
    void cutsALongMessageTo2000CharactersAndMarksTheCut() {
        String message = DeadLetterHeaders.read(GoldenHeaders.ingestedRow(), "levi.dlq.message");
        assertThat(message).hasSize(2_003).endsWith("é...").startsWith("éé");
    }

    private static List<String> names(Iterable<Header> headers) {
        return StreamSupport.stream(headers.spliterator(), false).map(Header::key).toList();
    }
}
