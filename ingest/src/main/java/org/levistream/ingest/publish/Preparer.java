package org.levistream.ingest.publish;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.levistream.ingest.publish.Prepared.Outgoing;
import org.levistream.ingest.readers.ReadResult;
import org.levistream.ingest.split.Delivery;
import org.levistream.ingest.split.Routing;
import org.levistream.ingest.split.SplitRouter;
import org.levistream.schemas.serde.AvroSerializer;
import org.levistream.schemas.serde.WireFormat;

/**
 * Turns a result into what to send: routes a record and encodes every delivery (Avro in Confluent's wire format,
 * keyed per DESIGN §3), or makes the dead letter of a rejected row or of a record that cannot be routed, encoded or
 * sent. Every delivery of a record is prepared before any is sent, so that a record goes everywhere or to the dead
 * letters, never half-way.
 *
 * <p>Values are written by the format's {@link RecordFormat.DirectEncoder direct encoder} when it has one (framed with
 * the schema id the serializer resolved for the topic, so the registry settings decide the id as ever), else by
 * {@link RecordFormat#toAvro} and the serializer. Not thread-safe: one per reading thread.
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
    private final RecordFormat.DirectEncoder<T> direct;
    private final Map<String, byte[]> frames = new HashMap<>();

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
        this.direct = format.directEncoder().orElse(null);
    }

    Prepared prepare(ReadResult<T> result) {
        if (result instanceof ReadResult.Rejected<T> rejected) {
            return new Prepared(false, null, false, List.of(), deadLetters.rejected(rejected.row()),
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
        return new Prepared(true, format.eventTime(record), false, outgoing, null, null);
    }

    private List<Outgoing> encode(Routing<T> routing) {
        List<Delivery<T>> deliveries = routing.deliveries();
        if (deliveries.size() == 1) {
            return List.of(outgoing(deliveries.get(0)));
        }
        List<Outgoing> outgoing = new ArrayList<>(deliveries.size());
        for (Delivery<T> delivery : deliveries) {
            outgoing.add(outgoing(delivery));
        }
        return outgoing;
    }

    private Outgoing outgoing(Delivery<T> delivery) {
        if (delivery.topic().isEmpty()) {
            return new Outgoing(null, null, null, format.toAvro(delivery.record()));
        }
        String topic = delivery.topic().get();
        byte[] key = format.key(delivery.record()).getBytes(StandardCharsets.UTF_8);
        byte[] value = direct == null ? serializer.serialize(topic, format.toAvro(delivery.record()))
                : direct.encode(frame(topic), delivery.record());
        return new Outgoing(topic, key, value, null);
    }

    /** Confluent's frame for {@code topic}: taken from the serializer's encoding of the sample, once per topic. */
    private byte[] frame(String topic) {
        byte[] frame = frames.get(topic);
        if (frame == null) {
            frame = Arrays.copyOf(serializer.serialize(topic, format.toAvro(format.sample())), WireFormat.HEADER_SIZE);
            frames.put(topic, frame);
        }
        return frame;
    }

    private Prepared failed(ReadResult<T> result, T record, String reason, Exception error) {
        return new Prepared(true, format.eventTime(record), false, List.of(),
                deadLetters.failed(reason, format.key(record), record.toString(), result.position(), error), reason);
    }
}
