package org.levistream.ingest.publish;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.levistream.ingest.publish.Prepared.Outgoing;
import org.levistream.ingest.readers.ReadResult;
import org.levistream.ingest.split.Delivery;
import org.levistream.ingest.split.Routing;
import org.levistream.ingest.split.SplitRouter;
import org.levistream.schemas.serde.AvroSerializer;

/**
 * Turns a result into what to send: routes a record and encodes every delivery (Avro in Confluent's wire format,
 * keyed per DESIGN §3), or makes the dead letter of a rejected row or of a record that cannot be routed, encoded or
 * sent. Every delivery of a record is prepared before any is sent, so that a record goes everywhere or to the dead
 * letters, never half-way. Holds no mutable state: the router and serializer are thread-safe.
 *
 * @param <T> the record type
 */
final class Preparer<T> {
    /** Room for the record batch and headers around one record, within the producer's request size. */
    private static final int RECORD_OVERHEAD_BYTES = 1_024;

    private final RecordFormat<T> format;
    private final SplitRouter router;
    private final AvroSerializer<SpecificRecord> serializer;
    private final DeadLetters deadLetters;
    private final int maxRecordBytes;

    /**
     * @param maxRequestSize the producer's {@code max.request.size}: larger records are dead-lettered, since a send
     *                       that fails in the producer would fail the whole transaction
     */
    Preparer(RecordFormat<T> format, SplitRouter router, AvroSerializer<SpecificRecord> serializer,
             DeadLetters deadLetters, int maxRequestSize) {
        this.format = format;
        this.router = router;
        this.serializer = serializer;
        this.deadLetters = deadLetters;
        this.maxRecordBytes = maxRequestSize - RECORD_OVERHEAD_BYTES;
    }

    Prepared<T> prepare(ReadResult<T> result) {
        if (result instanceof ReadResult.Rejected<T> rejected) {
            return new Prepared<>(result, null, false, List.of(), deadLetters.rejected(rejected.row()),
                    rejected.row().reason().tag());
        }
        T record = ((ReadResult.Accepted<T>) result).value();
        List<Outgoing> outgoing;
        try {
            outgoing = encode(format.route(router, record));
        } catch (IllegalArgumentException | SerializationException | AvroRuntimeException e) {
            return failed(result, record, DeadLetters.INVALID_RECORD, e);
        }
        for (Outgoing o : outgoing) {
            if (o.topic() != null && o.key().length + o.value().length > maxRecordBytes) {
                return failed(result, record, DeadLetters.RECORD_TOO_LARGE, new IllegalArgumentException("the record"
                        + " for " + o.topic() + " is " + (o.key().length + o.value().length) + " bytes but the "
                        + "producer sends at most " + maxRecordBytes + " (max.request.size less overhead)"));
            }
        }
        return new Prepared<>(result, format.eventTime(record), false, outgoing, null, null);
    }

    private List<Outgoing> encode(Routing<T> routing) {
        List<Outgoing> outgoing = new ArrayList<>(routing.deliveries().size());
        for (Delivery<T> delivery : routing.deliveries()) {
            SpecificRecord avro = format.toAvro(delivery.record());
            if (delivery.topic().isEmpty()) {
                outgoing.add(new Outgoing(null, null, null, avro));
            } else {
                String topic = delivery.topic().get();
                byte[] key = format.key(delivery.record()).getBytes(StandardCharsets.UTF_8);
                outgoing.add(new Outgoing(topic, key, serializer.serialize(topic, avro), null));
            }
        }
        return outgoing;
    }

    private Prepared<T> failed(ReadResult<T> result, T record, String reason, Exception error) {
        return new Prepared<>(result, format.eventTime(record), false, List.of(),
                deadLetters.failed(reason, format.key(record), record.toString(), result.position(), error), reason);
    }
}
