package org.levistream.trainer.events;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.levistream.schemas.deadletter.DeadLetterHeaders;

/**
 * Sends poison records to the dead-letter topic: the original key and value bytes unchanged, the original headers,
 * and then the headers of the shared contract ({@link DeadLetterHeaders}): reason ({@code decode},
 * {@code invalid.record} or {@code empty.value}), message, service {@code trainer}, exception class, and the source
 * topic, partition and offset.
 *
 * <p>Sends are asynchronous; {@link #flush()} waits for them and fails if one failed, and the trainer flushes before
 * every checkpoint, so a checkpoint never covers a poison record whose dead letter was lost. A record dead-lettered
 * after the last checkpoint is dead-lettered again when a killed trainer resumes: at least once.
 */
public final class DeadLetters {
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
     * Returns the dead-letter topic.
     *
     * @return its name
     */
    public String topic() {
        return topic;
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
        Headers headers = DeadLetterHeaders.after(record.headers(), "trainer", reason, error.getMessage())
                .exception(error)
                .source(record.topic(), record.partition(), record.offset())
                .headers();
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

    /** A dead letter was lost: the trainer stops rather than checkpoint past a record it cannot account for. */
    public static final class DeadLetterException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeadLetterException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
