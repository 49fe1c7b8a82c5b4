package org.levistream.schemas.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a dead letter: why a record was refused and where it came from. The record's key and value are the
 * original bytes (or, for a row that never became a record, the row as read); these headers carry the rest. Every
 * value is a UTF-8 string. This layout is a wire contract: {@code DeadLetterHeadersGoldenTest} pins the names and
 * bytes against a committed sample, so a change here is a deliberate, versioned one.
 *
 * <table>
 *   <caption>Headers</caption>
 *   <tr><th>name</th><th>value</th><th>written by</th></tr>
 *   <tr><td>{@value #REASON}</td><td>a reason tag, e.g. {@code decode}, {@code invalid.record},
 *       {@code rating.out.of.range}</td><td>every service</td></tr>
 *   <tr><td>{@value #MESSAGE}</td><td>what exactly was wrong, cut to {@value #MAX_MESSAGE_CHARS} characters
 *       (then {@code ...})</td><td>every service</td></tr>
 *   <tr><td>{@value #SERVICE}</td><td>{@code ingest}, {@code trainer}, {@code evaluator}</td><td>every service</td></tr>
 *   <tr><td>{@value #EXCEPTION}</td><td>the exception's class name</td><td>where an exception was the cause</td></tr>
 *   <tr><td>{@value #SOURCE_TOPIC}, {@value #SOURCE_PARTITION}, {@value #SOURCE_OFFSET}</td>
 *       <td>where a consumed record was read (decimal partition and offset)</td><td>consumers</td></tr>
 *   <tr><td>{@value #SOURCE_FILE}, {@value #SOURCE_POSITION}</td><td>the input file and the place in it:
 *       {@code line:12}, {@code byte.offset:16}, {@code file:3}</td><td>ingest</td></tr>
 *   <tr><td>{@value #INGEST_JOB}</td><td>the ingest job's id</td><td>ingest</td></tr>
 * </table>
 *
 * <p>A consumer that dead-letters a record keeps the record's own headers first and appends these after them.
 */
public final class DeadLetterHeaders {
    /** The reason tag. */
    public static final String REASON = "levi.dlq.reason";
    /** What exactly was wrong. */
    public static final String MESSAGE = "levi.dlq.message";
    /** The service that refused the record. */
    public static final String SERVICE = "levi.dlq.service";
    /** The exception class, where an exception was the cause. */
    public static final String EXCEPTION = "levi.dlq.exception";
    /** The topic a consumed record was read from. */
    public static final String SOURCE_TOPIC = "levi.dlq.source.topic";
    /** The partition a consumed record was read from, in decimal. */
    public static final String SOURCE_PARTITION = "levi.dlq.source.partition";
    /** The offset of a consumed record, in decimal. */
    public static final String SOURCE_OFFSET = "levi.dlq.source.offset";
    /** The input file of an ingested row, as given to ingest. */
    public static final String SOURCE_FILE = "levi.dlq.source.file";
    /** The place of an ingested row in its file, e.g. {@code line:12}. */
    public static final String SOURCE_POSITION = "levi.dlq.source.position";
    /** The ingest job that read the row. */
    public static final String INGEST_JOB = "levi.dlq.ingest.job";

    /** Longest message kept; headers are for people and tools, and must not make the dead letter too large. */
    public static final int MAX_MESSAGE_CHARS = 2_000;

    private final RecordHeaders headers = new RecordHeaders();

    private DeadLetterHeaders(Iterable<Header> original, String service, String reason, String message) {
        for (Header h : original) {
            headers.add(h);
        }
        add(REASON, Objects.requireNonNull(reason, "reason"));
        add(MESSAGE, shortened(String.valueOf(message)));
        add(SERVICE, Objects.requireNonNull(service, "service"));
    }

    /**
     * Starts the headers of a dead letter.
     *
     * @param service the refusing service, e.g. {@code trainer}
     * @param reason  the reason tag
     * @param message what was wrong; {@code null} is written as {@code null}
     * @return a builder whose {@link #headers()} already hold reason, message and service
     */
    public static DeadLetterHeaders of(String service, String reason, String message) {
        return new DeadLetterHeaders(new RecordHeaders(), service, reason, message);
    }

    /**
     * Starts the headers of a consumed record's dead letter, keeping the record's own headers first.
     *
     * @param original the consumed record's headers
     * @param service  the refusing service
     * @param reason   the reason tag
     * @param message  what was wrong
     * @return a builder holding the original headers, then reason, message and service
     */
    public static DeadLetterHeaders after(Iterable<Header> original, String service, String reason, String message) {
        return new DeadLetterHeaders(original, service, reason, message);
    }

    /**
     * Adds the exception class.
     *
     * @param error the cause
     * @return this
     */
    public DeadLetterHeaders exception(Throwable error) {
        return add(EXCEPTION, error.getClass().getName());
    }

    /**
     * Adds where a consumed record was read.
     *
     * @param topic     its topic
     * @param partition its partition
     * @param offset    its offset
     * @return this
     */
    public DeadLetterHeaders source(String topic, int partition, long offset) {
        add(SOURCE_TOPIC, topic);
        add(SOURCE_PARTITION, Integer.toString(partition));
        return add(SOURCE_OFFSET, Long.toString(offset));
    }

    /**
     * Adds where an ingested row was read.
     *
     * @param file     the input file, as given
     * @param position the place in it, e.g. {@code line:12}
     * @return this
     */
    public DeadLetterHeaders sourceFile(String file, String position) {
        add(SOURCE_FILE, file);
        return add(SOURCE_POSITION, position);
    }

    /**
     * Adds the ingest job's id.
     *
     * @param job the job id
     * @return this
     */
    public DeadLetterHeaders ingestJob(String job) {
        return add(INGEST_JOB, job);
    }

    /**
     * The headers built so far; the builder must not be used afterwards.
     *
     * @return the headers, ready for a {@code ProducerRecord}
     */
    public Headers headers() {
        return headers;
    }

    /**
     * Reads one of these headers back, for tools and tests.
     *
     * @param headers a dead letter's headers
     * @param name    the header name
     * @return the last value under that name as a string, or {@code null} when absent
     */
    public static String read(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private DeadLetterHeaders add(String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    private static String shortened(String message) {
        return message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + "..." : message;
    }
}
