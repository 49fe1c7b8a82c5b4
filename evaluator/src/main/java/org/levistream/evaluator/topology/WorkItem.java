package org.levistream.evaluator.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What travels on the evaluator's work topic: held-out records (to every partition, so that every instance holds the
 * whole sample) and new versions (to the partition of their experiment, so that one instance scores an experiment
 * and keeps its reference and open alerts). Both kinds share one topic so that each partition sees them in one order.
 */
public sealed interface WorkItem {
    /** A held-out record's kind of content. */
    enum Kind {
        /** An {@code Interaction}: a rating. */
        INTERACTION,
        /** An {@code ImageRecord}: a labelled image. */
        IMAGE
    }

    /**
     * A held-out record, as read from its topic.
     *
     * @param kind      what the bytes hold
     * @param topic     its held-out topic
     * @param partition its partition there
     * @param offset    its offset there: with topic and partition, its identity
     * @param timestamp its record timestamp
     * @param value     its value, Confluent wire format
     */
    record HeldOut(Kind kind, String topic, int partition, long offset, long timestamp, byte[] value)
            implements WorkItem {}

    /**
     * A version a trainer announced.
     *
     * @param experiment   the experiment
     * @param version      the version
     * @param path         the checkpoint directory
     * @param contentHash  SHA-256 of its manifest
     * @param backboneHash its backbone's hash, empty for none
     * @param method       its training method
     * @param createdAt    when it became durable (epoch millis)
     */
    record Version(String experiment, long version, String path, String contentHash, String backboneHash,
                   String method, long createdAt) implements WorkItem {}

    /**
     * Encodes an item.
     *
     * @param item the item
     * @return its bytes
     */
    static byte[] encode(WorkItem item) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (item instanceof HeldOut h) {
                out.writeByte(1);
                out.writeByte(h.kind().ordinal());
                out.writeUTF(h.topic());
                out.writeInt(h.partition());
                out.writeLong(h.offset());
                out.writeLong(h.timestamp());
                out.writeInt(h.value().length);
                out.write(h.value());
            } else if (item instanceof Version v) {
                out.writeByte(2);
                out.writeUTF(v.experiment());
                out.writeLong(v.version());
                out.writeUTF(v.path());
                out.writeUTF(v.contentHash());
                out.writeUTF(v.backboneHash());
                out.writeUTF(v.method());
                out.writeLong(v.createdAt());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes an item.
     *
     * @param bytes what {@link #encode} wrote
     * @return the item
     */
    static WorkItem decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int tag = in.readByte();
            if (tag == 1) {
                Kind kind = Kind.values()[in.readByte()];
                String topic = in.readUTF();
                int partition = in.readInt();
                long offset = in.readLong();
                long timestamp = in.readLong();
                byte[] value = in.readNBytes(in.readInt());
                return new HeldOut(kind, topic, partition, offset, timestamp, value);
            }
            if (tag == 2) {
                return new Version(in.readUTF(), in.readLong(), in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(),
                        in.readLong());
            }
            throw new IllegalArgumentException("not a work item: tag " + tag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
