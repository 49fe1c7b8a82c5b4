package org.levistream.ingest.split;

import static org.levistream.ingest.readers.AmazonReviews.SUMMARY;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

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
 * @param text      an interaction's review text, summary and item title, those it has, one per line; empty for
 *                  images
 */
public record RecordFacts(String recordKey, String userId, Instant eventTime, List<String> genres, String domain,
                          String text) {
    /** Checks for nulls where a value is required. */
    public RecordFacts {
        Objects.requireNonNull(recordKey, "recordKey");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(text, "text");
        genres = List.copyOf(genres);
    }

    /** The facts of an interaction. */
    public static RecordFacts of(InteractionEvent event) {
        String key = event.userId() + "|" + event.itemId() + "|" + event.eventTime().toEpochMilli();
        return new RecordFacts(key, event.userId(), event.eventTime(), event.genres(), null, text(event));
    }

    /** The facts of an image. */
    public static RecordFacts of(ImageEvent image) {
        return new RecordFacts(image.id(), null, image.eventTime(), List.of(), image.domain(), "");
    }

    // A line break between the parts, so that a word never runs on from one part into the next.
    private static String text(InteractionEvent event) {
        StringJoiner text = new StringJoiner("\n");
        event.reviewText().ifPresent(text::add);
        String summary = event.context().get(SUMMARY);
        if (summary != null) {
            text.add(summary);
        }
        event.title().ifPresent(text::add);
        return text.toString();
    }
}
