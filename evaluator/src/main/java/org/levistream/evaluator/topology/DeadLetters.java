package org.levistream.evaluator.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.levistream.schemas.deadletter.DeadLetterHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record the evaluator cannot read, whole, to the dead-letter topic with the shared headers (reason, message,
 * exception, source topic, partition and offset), counts it, and logs the first of each run.
 */
public final class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private final AtomicLong sent = new AtomicLong();
    private final MeterRegistry registry;

    /**
     * Creates the sender.
     *
     * @param registry where {@code levi_evaluator_dead_letters} is counted, by reason
     */
    public DeadLetters(MeterRegistry registry) {
        this.registry = registry;
    }

    void send(ProcessorContext<Object, Object> context, Record<byte[], byte[]> record, RecordMetadata source,
              String reason, RuntimeException error) {
        var headers = DeadLetterHeaders.after(record.headers(), "evaluator", reason, String.valueOf(error.getMessage()))
                .exception(error).source(source.topic(), source.partition(), source.offset()).headers();
        context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers),
                EvaluatorTopology.DEAD_LETTER_SINK);
        Counter.builder("levi_evaluator_dead_letters").description("Records sent to the dead-letter topic, by reason")
                .tag("reason", reason).register(registry).increment();
        if (sent.incrementAndGet() == 1) {
            log.warn("Dead-lettered {}-{}@{} ({}): {}; further ones are counted in levi_evaluator_dead_letters",
                    source.topic(), source.partition(), source.offset(), reason, error.getMessage());
        }
    }

    /**
     * Counts the records dead-lettered so far.
     *
     * @return the count
     */
    public long sent() {
        return sent.get();
    }
}
