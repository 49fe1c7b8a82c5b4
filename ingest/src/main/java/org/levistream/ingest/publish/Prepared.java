package org.levistream.ingest.publish;

import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the read-ahead thread made of one result, ready to send: the record's deliveries with their bytes, or its
 * dead letter. Only sending, writing and counting are left for the publishing thread.
 *
 * @param accepted   whether the reader accepted the row (a record that fails routing or encoding was accepted, and is
 *                   dead-lettered); the record itself is not kept, so that only the bytes wait in the read-ahead
 *                   queue and the record is garbage as soon as it is encoded
 * @param eventTime  the record's event time, for pacing; {@code null} for a rejected row
 * @param late       whether the record comes after a record with a later event time (paced runs only)
 * @param outgoing   the deliveries, in routing order; empty when the record goes nowhere or is dead-lettered
 * @param deadLetter the dead letter, when the row or record is poison; else {@code null}
 * @param reason     the dead letter's reason tag; else {@code null}
 */
record Prepared(boolean accepted, Instant eventTime, boolean late, List<Outgoing> outgoing,
                ProducerRecord<byte[], byte[]> deadLetter, String reason) {

    /** One delivery: to a topic (key and value bytes) or, with a null topic, to the pretrain file. */
    record Outgoing(String topic, byte[] key, byte[] value, org.apache.avro.specific.SpecificRecord pretrain) {
    }

    /** The same, marked late. */
    Prepared asLate() {
        return new Prepared(accepted, eventTime, true, outgoing, deadLetter, reason);
    }
}
