package org.levistream.ingest.publish;

import java.util.Collection;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.levistream.ingest.publish.Prepared.Outgoing;
import org.levistream.schemas.serde.AvroSerializer;

/**
 * Sends what the read-ahead thread {@link Preparer prepared} inside the open transaction, appends pretrain records
 * to the pretrain file, and counts everything in the {@link Tally}. The publishing thread only.
 */
final class Publisher {
    private final Producer<byte[], byte[]> producer;
    private final PretrainFile pretrain;
    private final Tally tally;

    /** @param pretrain the pretrain file, or {@code null} when the plan sends nothing there */
    Publisher(Producer<byte[], byte[]> producer, PretrainFile pretrain, Tally tally) {
        this.producer = producer;
        this.pretrain = pretrain;
        this.tally = tally;
    }

    /**
     * Resolves every topic's schema id now, so that the registry's failures stop the run before anything is sent,
     * and so that a serializer failure later can only be about the record in hand.
     */
    static <T> void warmUp(RecordFormat<T> format, AvroSerializer<SpecificRecord> serializer,
                           Collection<String> topics) {
        SpecificRecord sample = format.toAvro(format.sample());
        for (String topic : topics) {
            try {
                serializer.serialize(topic, sample);
            } catch (SerializationException e) {
                throw new IngestFailedException("the schema registry could not give a schema id for " + topic + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** Handles one prepared result; the caller has a transaction open. */
    void handle(Prepared prepared) {
        tally.results++;
        if (prepared.accepted()) {
            tally.accepted++;
            if (prepared.late()) {
                tally.late++;
            }
        }
        if (prepared.deadLetter() != null) {
            producer.send(prepared.deadLetter());
            tally.deadLettered(prepared.reason());
            return;
        }
        if (prepared.outgoing().isEmpty()) {
            tally.dropped++;
            return;
        }
        for (Outgoing o : prepared.outgoing()) {
            if (o.topic() == null) {
                pretrain.append(o.pretrain());
                tally.pretrain++;
            } else {
                producer.send(new ProducerRecord<>(o.topic(), o.key(), o.value()));
                tally.published(o.topic());
            }
        }
    }
}
