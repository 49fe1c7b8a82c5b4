package org.levistream.experiment.offline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.levistream.ingest.readers.AmazonReviews;
import org.levistream.ingest.readers.ReadResult;
import org.levistream.ingest.readers.RecordReader;
import org.levistream.ingest.split.Delivery;
import org.levistream.ingest.split.RecordFacts;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.ingest.split.SplitRouter;
import org.levistream.ingest.split.StableHash;
import org.levistream.model.cache.TextCorpus;
import org.levistream.model.features.TextBag;
import org.levistream.schemas.domain.InteractionEvent;

/**
 * Loads Amazon reviews (JSON lines, as {@code levi ingest amazon} reads them) for the text benchmark and routes each
 * with the split file's router: with {@code config/split-amazon.yaml}, reviews that mention pets are the OOD set and
 * the rest are the live stream and its held-out slice. The task is the review's class: great (a 5-star review,
 * {@code overall >= 4.5}) or other; the text is the review text and its summary.
 */
public final class AmazonSplits {
    /** Width of the hashed word and bigram bag. */
    public static final int BUCKETS = 1 << 14;
    /** The lowest {@code overall} of a great review; the fetch script writes great as 5 and other as 1. */
    public static final float GREAT_FROM = 4.5f;

    private AmazonSplits() {}

    /**
     * Reads and routes every review.
     *
     * @param reviews  the reviews file ({@code amazon/fine-foods.jsonl} of the fetch script)
     * @param plan     an {@code interactions} split plan
     * @param settings validation slice and caps
     * @return the sets; no pre-training set (the text backbone is pre-trained elsewhere)
     */
    public static OfflineSplits load(Path reviews, SplitPlan plan, LoadSettings settings) {
        TextBag bag = new TextBag(BUCKETS);
        TextCorpus corpus = new TextCorpus();
        SplitRouter router = new SplitRouter(plan);
        SplitCoverage coverage = new SplitCoverage(plan);
        TextSet train = new TextSet("train", bag, corpus);
        TextSet validation = new TextSet("validation", bag, corpus);
        TextSet idTest = new TextSet("id-test", bag, corpus);
        Map<String, TextSet> ood = new LinkedHashMap<>();
        try (RecordReader<InteractionEvent> reader = AmazonReviews.open(reviews, null)) {
            while (reader.hasNext()) {
                if (!(reader.next() instanceof ReadResult.Accepted<InteractionEvent> a)) {
                    continue;
                }
                InteractionEvent review = a.value();
                RecordFacts facts = RecordFacts.of(review);
                coverage.saw(facts);
                for (Delivery<InteractionEvent> d : router.route(review).deliveries()) {
                    TextSet target = switch (d.destination().kind()) {
                        case LIVE -> StableHash.unit(facts.recordKey(), settings.validationSeed())
                                < settings.validationFraction()
                                ? capped(validation, settings.validationLimit()) : capped(train, settings.trainLimit());
                        case HOLDOUT -> capped(idTest, settings.testLimit());
                        case OOD -> capped(ood.computeIfAbsent("ood." + d.destination().oodName(),
                                setName -> new TextSet(setName, bag, corpus)), settings.oodLimit());
                        case PRETRAIN, DROP -> null;
                    };
                    if (target != null) {
                        target.add(text(review), review.rating() >= GREAT_FROM ? TextSet.GREAT : TextSet.OTHER,
                                facts.recordKey());
                    }
                }
            }
        }
        coverage.check(ood);
        return new OfflineSplits(new TextSet("pretrain", bag, corpus), train, validation, idTest, new LinkedHashMap<>(ood));
    }

    /** The review text and the summary, those present. */
    static String text(InteractionEvent review) {
        String summary = review.context().get(AmazonReviews.SUMMARY);
        String text = review.reviewText().orElse("");
        return summary == null ? text : summary + "\n" + text;
    }

    private static TextSet capped(TextSet set, int limit) {
        return LoadSettings.fits(limit, set.size()) ? set : null;
    }
}
