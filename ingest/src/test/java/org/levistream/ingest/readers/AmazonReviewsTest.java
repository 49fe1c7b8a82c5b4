package org.levistream.ingest.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.levistream.ingest.readers.Fixtures.accepted;
import static org.levistream.ingest.readers.Fixtures.readAll;
import static org.levistream.ingest.readers.Fixtures.rejected;
import static org.levistream.ingest.readers.Fixtures.write;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.schemas.domain.InteractionEvent;

@Timeout(20)
class AmazonReviewsTest {
    @TempDir
    Path dir;

    private static final String REVIEW = "{\"reviewerID\": \"A2SUAM1J3GNN3B\", \"asin\": \"0000013714\", "
            + "\"reviewerName\": \"J. McDonald\", \"helpful\": [2, 3], \"reviewText\": \"I bought this for my husband.\", "
            + "\"overall\": 5.0, \"summary\": \"Heavenly Highway Hymns\", \"unixReviewTime\": 1252800000, "
            + "\"reviewTime\": \"09 13, 2009\"}";

    @Test
    void readsReviewsJoinedWithSingleQuotedMetadata() {
        Path reviews = write(dir, "reviews.json", REVIEW + "\n");
        Path meta = write(dir, "meta.json", "{'asin': '0000013714', 'title': 'Heavenly Highway Hymns', "
                + "'categories': [['Books', 'Music'], ['Books', 'Hymns']], 'price': 12.5}\n");

        var events = accepted(readAll(AmazonReviews.open(reviews, meta)));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.userId()).isEqualTo("A2SUAM1J3GNN3B");
            assertThat(e.itemId()).isEqualTo("0000013714");
            assertThat(e.rating()).isEqualTo(5f);
            assertThat(e.eventTime()).isEqualTo(Instant.ofEpochSecond(1252800000));
            assertThat(e.reviewText()).contains("I bought this for my husband.");
            assertThat(e.context()).containsEntry(AmazonReviews.SUMMARY, "Heavenly Highway Hymns");
            assertThat(e.title()).contains("Heavenly Highway Hymns");
            assertThat(e.genres()).containsExactly("Books", "Music", "Hymns");
        });
    }

    @Test
    void readsReviewsOfItemsWithoutMetadataWithoutTitle() {
        Path reviews = write(dir, "reviews.json", REVIEW.replace("0000013714", "B000X") + "\n");
        Path meta = write(dir, "meta.json", "{\"asin\": \"0000013714\", \"title\": \"T\", \"category\": [\"Books\"]}\n");

        var events = accepted(readAll(AmazonReviews.open(reviews, meta)));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.title()).isEmpty();
            assertThat(e.genres()).isEmpty();
        });
    }

    @Test
    void rejectsBadLinesWithReasonAndLineAndReadsOn() {
        Path reviews = Fixtures.gzip(dir, "reviews.json.gz", String.join("\n",
                "{\"reviewerID\": \"A\", \"asin\": \"X\", \"overall\": 4, \"unixReviewTime\": 1}",
                "{\"reviewerID\": \"A\", \"asin\": \"X\", \"overall\": NaN, \"unixReviewTime\": 1}",
                "{\"reviewerID\": \"A\", \"asin\": \"X\", \"overall\": 6.0, \"unixReviewTime\": 1}",
                "{\"asin\": \"X\", \"overall\": 4, \"unixReviewTime\": 1}",
                "{\"reviewerID\": \"A\", \"asin\": \"X\", \"overall\": 4}",
                "{\"reviewerID\": \"A\", \"asin\": \"X\", \"overall\": 4, \"unixRev",
                "[1, 2]",
                "{\"reviewerID\": \"B\", \"asin\": \"Y\", \"overall\": \"3\", \"unixReviewTime\": \"2\"}",
                ""));

        var results = readAll(AmazonReviews.open(reviews, null));

        assertThat(rejected(results)).extracting(r -> r.position().value(), RejectedRow::reason).containsExactly(
                tuple(2L, RejectReason.NAN),
                tuple(3L, RejectReason.RATING_OUT_OF_RANGE),
                tuple(4L, RejectReason.MISSING_FIELD),
                tuple(5L, RejectReason.MISSING_FIELD),
                tuple(6L, RejectReason.UNPARSEABLE),
                tuple(7L, RejectReason.UNPARSEABLE));
        assertThat(rejected(results).get(2).message()).contains("reviewerID");
        assertThat(accepted(results)).extracting(InteractionEvent::userId, InteractionEvent::rating)
                .containsExactly(tuple("A", 4f), tuple("B", 3f));
    }

    @Test
    void reportsBadMetadataLinesBeforeTheReviews() {
        Path reviews = write(dir, "reviews.json", REVIEW + "\n");
        Path meta = write(dir, "meta.json", "{\"title\": \"no asin\"}\n{\"asin\": \"0000013714\"}\n{\"asin\": \"0000013714\"}\n");

        var results = readAll(AmazonReviews.open(reviews, meta));

        assertThat(rejected(results)).extracting(r -> r.position().toString(), RejectedRow::reason).containsExactly(
                tuple(meta + ":1", RejectReason.MISSING_FIELD),
                tuple(meta + ":3", RejectReason.DUPLICATE_ITEM));
        assertThat(results.get(results.size() - 1).isAccepted()).isTrue();
    }
}
