package org.levistream.ingest.publish;

import java.time.Instant;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.levistream.ingest.split.RecordKind;
import org.levistream.ingest.split.Routing;
import org.levistream.ingest.split.SplitRouter;
import org.levistream.schemas.avro.ImageRecord;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.ImageEvent;
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

    /** The Avro schema of {@link #toAvro}. */
    Schema schema();

    /** Routes a record; may throw {@link IllegalArgumentException} for a record a rule cannot handle. */
    Routing<T> route(SplitRouter router, T record);

    /** A valid record, never published: resolves every topic's schema id before the first real record. */
    T sample();
}
