package org.levistream.ingest.publish;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.levistream.ingest.split.RecordKind;
import org.levistream.ingest.split.Routing;
import org.levistream.ingest.split.SplitRouter;
import org.levistream.schemas.avro.ImageRecord;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.domain.InteractionEncoder;
import org.levistream.schemas.domain.InteractionEvent;

/**
 * What ingest needs to know about a record type: its Kafka key (DESIGN §3), event time, Avro form and routing.
 *
 * @param <T> the record type
 */
public interface RecordFormat<T> {
    /** Interactions, keyed by user id. */
    RecordFormat<InteractionEvent> INTERACTIONS = new RecordFormat<>() {
        @Override
        public RecordKind kind() {
            return RecordKind.INTERACTIONS;
        }

        @Override
        public String key(InteractionEvent record) {
            return record.userId();
        }

        @Override
        public Instant eventTime(InteractionEvent record) {
            return record.eventTime();
        }

        @Override
        public SpecificRecord toAvro(InteractionEvent record) {
            return AvroMapping.toAvro(record);
        }

        @Override
        public Schema schema() {
            return Interaction.getClassSchema();
        }

        @Override
        public Routing<InteractionEvent> route(SplitRouter router, InteractionEvent record) {
            return router.route(record);
        }

        @Override
        public Optional<DirectEncoder<InteractionEvent>> directEncoder() {
            return InteractionEncoder.writes(schema()) ? Optional.of(new InteractionEncoder()::encode) : Optional.empty();
        }

        @Override
        public InteractionEvent sample() {
            return InteractionEvent.builder("levi-ingest-warm-up", "levi-ingest-warm-up", 3f, Instant.EPOCH)
                    .title("warm-up").genres(List.of("Drama")).releaseYear(2000).reviewText("warm-up")
                    .context("summary", "warm-up").build();
        }
    };

    /** Images, keyed by record id. */
    RecordFormat<ImageEvent> IMAGES = new RecordFormat<>() {
        @Override
        public RecordKind kind() {
            return RecordKind.IMAGES;
        }

        @Override
        public String key(ImageEvent record) {
            return record.id();
        }

        @Override
        public Instant eventTime(ImageEvent record) {
            return record.eventTime();
        }

        @Override
        public SpecificRecord toAvro(ImageEvent record) {
            return AvroMapping.toAvro(record);
        }

        @Override
        public Schema schema() {
            return ImageRecord.getClassSchema();
        }

        @Override
        public Routing<ImageEvent> route(SplitRouter router, ImageEvent record) {
            return router.route(record);
        }

        @Override
        public ImageEvent sample() {
            return ImageEvent.grey("levi-ingest-warm-up", 0, 1, 1, new byte[1], "warm-up", Instant.EPOCH);
        }
    };

    /** Which split files route this type. */
    RecordKind kind();

    /** The Kafka key: user id for interactions, record id for images. */
    String key(T record);

    /** When the record happened at its source. */
    Instant eventTime(T record);

    /** The generated Avro form, for the topics and the pretrain file. */
    SpecificRecord toAvro(T record);

    /**
     * A new encoder that writes the Avro binary of {@link #schema()} straight from the record, as
     * {@link #toAvro} and Avro's writer would, but cheaper; empty when the format has none, or none for the schema as
     * it now is. Each encoder is for one thread.
     */
    default Optional<DirectEncoder<T>> directEncoder() {
        return Optional.empty();
    }

    /** The Avro schema of {@link #toAvro}. */
    Schema schema();

    /** Routes a record; may throw {@link IllegalArgumentException} for a record a rule cannot handle. */
    Routing<T> route(SplitRouter router, T record);

    /** A valid record, never published: resolves every topic's schema id before the first real record. */
    T sample();

    /**
     * Writes a record's Avro binary after a header, into a new array; not thread-safe.
     *
     * @param <T> the record type
     */
    @FunctionalInterface
    interface DirectEncoder<T> {
        /** {@code header} (Confluent's frame), then the record's Avro binary encoding. */
        byte[] encode(byte[] header, T record);
    }
}
