package org.levistream.ingest.publish;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.levistream.ingest.readers.RejectedRow;
import org.levistream.ingest.readers.SourcePosition;

/**
 * Dead-letter records of ingest: the original bytes as value (a text row as read; empty for binary sources), the
 * original key when the row got as far as having one, and headers that say why and where.
 *
 * <table>
 *   <caption>Headers (UTF-8 strings)</caption>
 *   <tr><td>{@value #REASON}</td><td>the reason tag, e.g. {@code rating.out.of.range}, {@code invalid.record}</td></tr>
 *   <tr><td>{@value #MESSAGE}</td><td>what exactly was wrong</td></tr>
 *   <tr><td>{@value #SOURCE_FILE}</td><td>the file as given to ingest</td></tr>
 *   <tr><td>{@value #SOURCE_POSITION}</td><td>{@code line:12}, {@code byte.offset:16} or {@code file:3}</td></tr>
 *   <tr><td>{@value #SERVICE}</td><td>{@code ingest}</td></tr>
 *   <tr><td>{@value #JOB}</td><td>the ingest job id</td></tr>
 *   <tr><td>{@value #EXCEPTION}</td><td>the exception class, for records that failed after reading</td></tr>
 * </table>
 */
public final class DeadLetters {
    public static final String REASON = "levi.dlq.reason";
    public static final String MESSAGE = "levi.dlq.message";
    public static final String SOURCE_FILE = "levi.dlq.source.file";
    public static final String SOURCE_POSITION = "levi.dlq.source.position";
    public static final String SERVICE = "levi.dlq.service";
    public static final String JOB = "levi.dlq.ingest.job";
    public static final String EXCEPTION = "levi.dlq.exception";

    /** Reason of a record the router or the Avro mapping refused (e.g. a transform of a PNG image). */
    public static final String INVALID_RECORD = "invalid.record";
    /** Reason of a record whose Avro form is larger than the producer may send. */
    public static final String RECORD_TOO_LARGE = "record.too.large";

    // Headers are for people and tools; a runaway message should not make the record itself too large.
    private static final int MAX_MESSAGE_CHARS = 2_000;

    private final String topic;
    private final String job;

    DeadLetters(String topic, String job) {
        this.topic = topic;
        this.job = job;
    }

    /** The dead letter of a row the reader rejected. */
    ProducerRecord<byte[], byte[]> rejected(RejectedRow row) {
        Headers headers = headers(row.reason().tag(), row.message(), row.position());
        return new ProducerRecord<>(topic, null, null, null, utf8(row.rawText()), headers);
    }

    /** The dead letter of a record that failed after reading; its text form stands in for the original bytes. */
    ProducerRecord<byte[], byte[]> failed(String reason, String key, String recordText, SourcePosition position,
                                          Exception error) {
        Headers headers = headers(reason, String.valueOf(error.getMessage()), position);
        headers.add(EXCEPTION, utf8(error.getClass().getName()));
        return new ProducerRecord<>(topic, null, null, utf8(key), utf8(recordText), headers);
    }

    /** The header value of a position: {@code line:12}, {@code byte.offset:16}, {@code file:3}. */
    static String position(SourcePosition position) {
        return position.kind().name().toLowerCase(Locale.ROOT).replace('_', '.') + ":" + position.value();
    }

    private Headers headers(String reason, String message, SourcePosition position) {
        String shortMessage = message.length() > MAX_MESSAGE_CHARS
                ? message.substring(0, MAX_MESSAGE_CHARS) + "..." : message;
        Headers headers = new RecordHeaders();
        headers.add(REASON, utf8(reason));
        headers.add(MESSAGE, utf8(shortMessage));
        headers.add(SOURCE_FILE, utf8(position.file()));
        headers.add(SOURCE_POSITION, utf8(position(position)));
        headers.add(SERVICE, utf8("ingest"));
        headers.add(JOB, utf8(job));
        return headers;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
