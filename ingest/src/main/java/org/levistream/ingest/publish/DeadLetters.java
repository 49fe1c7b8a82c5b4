package org.levistream.ingest.publish;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.levistream.ingest.readers.RejectedRow;
import org.levistream.ingest.readers.SourcePosition;
import org.levistream.schemas.deadletter.DeadLetterHeaders;

/**
 * Dead-letter records of ingest: the original bytes as value (a text row as read; empty for binary sources), the
 * original key when the row got as far as having one, and the headers of the shared contract
 * ({@link DeadLetterHeaders}): reason, message, service {@code ingest}, source file and position, the job id, and the
 * exception class for records that failed after reading.
 */
public final class DeadLetters {
    /** Reason of a record the router or the Avro mapping refused (e.g. a transform of a PNG image). */
    public static final String INVALID_RECORD = "invalid.record";
    /** Reason of a record whose Avro form is larger than the producer may send. */
    public static final String RECORD_TOO_LARGE = "record.too.large";

    private final String topic;
    private final String job;

    DeadLetters(String topic, String job) {
        this.topic = topic;
        this.job = job;
    }

    /** The dead letter of a row the reader rejected. */
    ProducerRecord<byte[], byte[]> rejected(RejectedRow row) {
        Headers headers = headers(row.reason().tag(), row.message(), row.position()).headers();
        return new ProducerRecord<>(topic, null, null, null, utf8(row.rawText()), headers);
    }

    /** The dead letter of a record that failed after reading; its text form stands in for the original bytes. */
    ProducerRecord<byte[], byte[]> failed(String reason, String key, String recordText, SourcePosition position,
                                          Exception error) {
        Headers headers = headers(reason, String.valueOf(error.getMessage()), position).exception(error).headers();
        return new ProducerRecord<>(topic, null, null, utf8(key), utf8(recordText), headers);
    }

    /** The header value of a position: {@code line:12}, {@code byte.offset:16}, {@code file:3}. */
    static String position(SourcePosition position) {
        return position.kind().name().toLowerCase(Locale.ROOT).replace('_', '.') + ":" + position.value();
    }

    private DeadLetterHeaders headers(String reason, String message, SourcePosition position) {
        return DeadLetterHeaders.of("ingest", reason, message)
                .sourceFile(position.file(), position(position))
                .ingestJob(job);
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
