package org.levistream.trainer.events;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends poison records to the dead-letter topic: the original key and value bytes unchanged, the original headers,
 * and headers saying why and where from.
 *
 * <table>
 *   <caption>Headers (UTF-8 strings)</caption>
 *   <tr><td>{@value #REASON}</td><td>{@code decode}, {@code invalid.record} or {@code empty.value}</td></tr>
 *   <tr><td>{@value #MESSAGE}</td><td>what exactly was wrong</td></tr>
 *   <tr><td>{@value #EXCEPTION}</td><td>the exception class</td></tr>
 *   <tr><td>{@value #SOURCE_TOPIC}, {@value #SOURCE_PARTITION}, {@value #SOURCE_OFFSET}</td><td>where it was read</td></tr>
 *   <tr><td>{@value #SERVICE}</td><td>{@code trainer}</td></tr>
 * </table>
 *
 * <p>Sends are asynchronous; {@link #flush()} waits for them and fails if one failed, and the trainer flushes before
 * every checkpoint, so a checkpoint never covers a poison record whose dead letter was lost. A record dead-lettered
 * after the last checkpoint is dead-lettered again when a killed trainer resumes: at least once.
 */
public final class DeadLetters {
    /** Reason tag. */
    public static final String REASON = "levi.dlq.reason";
    /** Message. */
    public static final String MESSAGE = "levi.dlq.message";
    /** Exception class. */
    public static final String EXCEPTION = "levi.dlq.exception";
    /** Source topic. */
    public static final String SOURCE_TOPIC = "levi.dlq.source.topic";
    /** Source partition. */
    public static final String SOURCE_PARTITION = "levi.dlq.source.partition";
    /** Source offset. */
    public static final String SOURCE_OFFSET = "levi.dlq.source.offset";
    /** The service that dead-lettered it. */
    public static final String SERVICE = "levi.dlq.service";

    private static final int MAX_MESSAGE_CHARS = 2_000;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /**
     * Creates the sender.
     *
     * @param producer a byte-array producer; shared, closed by its owner
     * @param topic    the dead-letter topic
     */
    public DeadLetters(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * Sends a poison record's dead letter.
     *
     * @param record the original record
     * @param reason the reason tag
     * @param error  what was wrong
     */
    public void send(ConsumerRecord<byte[], byte[]> record, String reason, Throwable error) {
        producer.send(deadLetter(record, reason, error), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /**
     * Builds a record's dead letter.
     *
     * @param record the original record
     * @param reason the reason tag
     * @param error  what was wrong
     * @return the dead letter
     */
    public ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason,
                                                     Throwable error) {
        Headers headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        String message = String.valueOf(error.getMessage());
        if (message.length() > MAX_MESSAGE_CHARS) {
            message = message.substring(0, MAX_MESSAGE_CHARS) + "...";
        }
        headers.add(REASON, utf8(reason));
        headers.add(MESSAGE, utf8(message));
        headers.add(EXCEPTION, utf8(error.getClass().getName()));
        headers.add(SOURCE_TOPIC, utf8(record.topic()));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(record.offset())));
        headers.add(SERVICE, utf8("trainer"));
        return new ProducerRecord<>(topic, null, null, record.key(), record.value(), headers);
    }

    /**
     * Waits until every dead letter sent so far is acknowledged.
     *
     * @throws DeadLetterException if one could not be written
     */
    public void flush() {
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new DeadLetterException("a dead letter could not be written to " + topic + ": " + e, e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A dead letter was lost: the trainer stops rather than checkpoint past a record it cannot account for. */
    public static final class DeadLetterException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeadLetterException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
