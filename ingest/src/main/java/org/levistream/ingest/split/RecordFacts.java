package org.levistream.ingest.split;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.domain.InteractionEvent;

/**
 * What matchers look at, taken once from a record.
 *
 * @param recordKey identifies the record, for sampling: an interaction's {@code userId|itemId|epochMillis}, an
 *                  image's id
 * @param userId    the user, for cohorts; {@code null} for images
 * @param eventTime the event time
 * @param genres    an interaction's genres or categories; empty for images
 * @param domain    an image's domain; {@code null} for interactions
 */
public record RecordFacts(String recordKey, String userId, Instant eventTime, List<String> genres, String domain) {
    /** Checks for nulls where a value is required. */
    public RecordFacts {
        Objects.requireNonNull(recordKey, "recordKey");
        Objects.requireNonNull(eventTime, "eventTime");
        genres = List.copyOf(genres);
    }

    /** The facts of an interaction. */
    public static RecordFacts of(InteractionEvent event) {
        String key = event.userId() + "|" + event.itemId() + "|" + event.eventTime().toEpochMilli();
        return new RecordFacts(key, event.userId(), event.eventTime(), event.genres(), null);
    }

    /** The facts of an image. */
    public static RecordFacts of(ImageEvent image) {
        return new RecordFacts(image.id(), null, image.eventTime(), List.of(), image.domain());
    }
}
