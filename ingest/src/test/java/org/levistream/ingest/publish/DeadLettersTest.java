package org.levistream.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.levistream.ingest.readers.RejectReason;
import org.levistream.ingest.readers.RejectedRow;
import org.levistream.ingest.readers.SourcePosition;

class DeadLettersTest {
    private final DeadLetters deadLetters = new DeadLetters("levi.deadletter", "job-1");

    @Test
    void aRejectedRowKeepsItsTextAndSaysWhyAndWhere() {
        var row = new RejectedRow(SourcePosition.line("ratings.csv", 12), RejectReason.RATING_OUT_OF_RANGE,
                "rating was 7 but must be in [0.5, 5]", "1,2,7,1000");

        ProducerRecord<byte[], byte[]> record = deadLetters.rejected(row);

        assertThat(record.topic()).isEqualTo("levi.deadletter");
        assertThat(record.key()).isNull();
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("1,2,7,1000");
        assertThat(headers(record)).containsExactly(
                "levi.dlq.reason=rating.out.of.range", "levi.dlq.message=rating was 7 but must be in [0.5, 5]",
                "levi.dlq.service=ingest", "levi.dlq.source.file=ratings.csv", "levi.dlq.source.position=line:12",
                "levi.dlq.ingest.job=job-1");
    }

    @Test
    void aRecordThatFailedAfterReadingKeepsItsKeyAndNamesTheException() {
        ProducerRecord<byte[], byte[]> record = deadLetters.failed(DeadLetters.INVALID_RECORD, "img-1",
                "ImageEvent[id=img-1]", SourcePosition.file("3/a.png", 7), new IllegalArgumentException("PNG"));

        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("img-1");
        assertThat(headers(record)).contains("levi.dlq.reason=invalid.record", "levi.dlq.source.position=file:7",
                "levi.dlq.exception=java.lang.IllegalArgumentException");
        assertThat(DeadLetters.position(SourcePosition.byteOffset("x", 16))).isEqualTo("byte.offset:16");
    }

    private static java.util.List<String> headers(ProducerRecord<byte[], byte[]> record) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Header h : record.headers()) {
            out.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
