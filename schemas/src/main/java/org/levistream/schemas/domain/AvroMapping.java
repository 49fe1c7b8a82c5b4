package org.levistream.schemas.domain;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.levistream.schemas.avro.ImageEncoding;
import org.levistream.schemas.avro.ImageRecord;
import org.levistream.schemas.avro.Interaction;

/**
 * Maps our records to and from the generated Avro classes; the only code that needs to know both.
 *
 * <p>{@code fromAvro} validates like the records' constructors do, so a decoded value that breaks an invariant (a
 * NaN rating, a label below 0, a wrong pixel count) throws {@link IllegalArgumentException} (or
 * {@link NullPointerException} for a missing required field, which Avro's decoder never produces): the caller treats
 * it as poison and dead-letters it. Avro-side {@code null} collections, which a hand-built bean can hold, read as empty.
 */
public final class AvroMapping {
    private AvroMapping() {
    }

    /**
     * The Avro form of {@code event}; the result is a fresh bean the caller may change. Built with the all-fields
     * constructor rather than the builder, whose per-field checks (no null where the schema has none) repeat the
     * record's own invariants at a cost per field. For the binary encoding alone, {@link InteractionEncoder} skips the
     * bean too.
     */
    public static Interaction toAvro(InteractionEvent event) {
        return new Interaction(event.userId(), event.itemId(), event.rating(), event.eventTime(),
                event.title().orElse(null), new ArrayList<>(event.genres()),
                event.releaseYear().isPresent() ? Integer.valueOf(event.releaseYear().getAsInt()) : null,
                event.reviewText().orElse(null), new LinkedHashMap<>(event.context()));
    }

    /** Our record for {@code avro}; throws {@link IllegalArgumentException} when it breaks an invariant. */
    public static InteractionEvent fromAvro(Interaction avro) {
        return InteractionEvent.builder(avro.getUserId(), avro.getItemId(), avro.getRating(), avro.getEventTime())
                .title(avro.getItemTitle())
                .genres(orEmpty(avro.getGenres()))
                .releaseYear(avro.getReleaseYear())
                .reviewText(avro.getReviewText())
                .context(orEmpty(avro.getContext()))
                .build();
    }

    /** The Avro form of {@code event}; its bytes are a copy, so changing them leaves the record alone. */
    public static ImageRecord toAvro(ImageEvent event) {
        return ImageRecord.newBuilder()
                .setId(event.id())
                .setLabel(event.label())
                .setHeight(event.height())
                .setWidth(event.width())
                .setChannels(event.channels())
                .setEncoding(ImageEncoding.valueOf(event.encoding().name()))
                .setBytes(ByteBuffer.wrap(event.toByteArray()))
                .setDomain(event.domain())
                .setEventTime(event.eventTime())
                .build();
    }

    /** Our record for {@code avro} (bytes copied); throws {@link IllegalArgumentException} when it breaks an invariant. */
    public static ImageEvent fromAvro(ImageRecord avro) {
        if (avro.getEncoding() == null) {
            throw new IllegalArgumentException("encoding was null but must be one of RAW_U8, PNG");
        }
        return new ImageEvent(avro.getId(), avro.getLabel(), avro.getHeight(), avro.getWidth(), avro.getChannels(),
                ImageEvent.Encoding.valueOf(avro.getEncoding().name()), avro.getBytes(), avro.getDomain(),
                avro.getEventTime());
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
