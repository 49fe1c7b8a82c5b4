package org.levistream.experiment.offline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.levistream.ingest.readers.ReadResult;
import org.levistream.ingest.readers.RecordReader;
import org.levistream.ingest.sources.DataSource;
import org.levistream.ingest.sources.SourceReaders;
import org.levistream.ingest.sources.SourceType;
import org.levistream.ingest.split.Delivery;
import org.levistream.ingest.split.RecordFacts;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.ingest.split.SplitRouter;
import org.levistream.ingest.split.StableHash;
import org.levistream.model.cache.TextCorpus;
import org.levistream.model.features.GloveVectors;
import org.levistream.model.features.ItemTextViews;
import org.levistream.model.features.ItemContentFeaturizer;
import org.levistream.model.features.RatingExample;
import org.levistream.model.features.RecommendationFeaturizer;
import org.levistream.model.features.UserHistory;
import org.levistream.schemas.domain.InteractionEvent;

/**
 * Loads the fetch script's MovieLens CSV, routes every rating with the split file's router (the same routing ingest
 * does) and featurizes it.
 *
 * <p>Ratings are featurized in event-time order, so each rating's user context holds items that user rated strictly
 * before it; which of those it may hold is the protocol's rule ({@link VisibleHistories}): the pre-training and live
 * ratings, and the example's own set's, never another evaluation set's, for any split, temporal or not.
 */
public final class MovieLensSplits {
    /** Rows of the small model's id tables: MovieLens has 671 users and 9,066 items. */
    public static final int BUCKETS = 1 << 14;
    /** Items per user that make up the user context. */
    public static final int RECENT_ITEMS = 20;

    /** The source read when the split file declares none: the fetch script's joined CSV, under the data folder. */
    public static final DataSource DEFAULT_SOURCE =
            DataSource.file("movielens", SourceType.MOVIELENS_CSV, "movielens/movielens.csv", null);

    private MovieLensSplits() {}

    /**
     * Reads, routes and featurizes.
     *
     * @param csv      {@code data/movielens/movielens.csv}
     * @param glove    {@code data/glove/glove-100d.bin}
     * @param plan     an {@code interactions} split plan
     * @param settings validation slice and caps
     * @return the sets; pre-training ones only when the settings ask
     * @throws IOException if a file cannot be read
     */
    public static OfflineSplits load(Path csv, Path glove, SplitPlan plan, LoadSettings settings) throws IOException {
        return load(csv, glove, plan, settings, e -> { });
    }

    /**
     * Reads, routes and featurizes, handing on each rating that joins the training set, in the set's order (event
     * time): the records a stream of the training set carries.
     *
     * @param csv      {@code data/movielens/movielens.csv}
     * @param glove    {@code data/glove/glove-100d.bin}
     * @param plan     an {@code interactions} split plan
     * @param settings validation slice and caps
     * @param train    told of every training rating, in order
     * @return the sets; pre-training ones only when the settings ask
     * @throws IOException if a file cannot be read
     */
    public static OfflineSplits load(Path csv, Path glove, SplitPlan plan, LoadSettings settings,
                                     Consumer<InteractionEvent> train) throws IOException {
        return load(List.of(DataSource.file("movielens", SourceType.MOVIELENS_CSV, csv.toString(), null)),
                csv.getParent() == null ? Path.of("") : csv.getParent(), glove, plan, settings, train);
    }

    /**
     * Reads the plan's declared sources (or {@link #DEFAULT_SOURCE} when it declares none) from {@code dataDir},
     * then routes and featurizes as {@link #load(Path, Path, SplitPlan, LoadSettings, Consumer)} does. Ratings of
     * all sources are merged in event-time order; ratings of one instant keep the sources' order.
     *
     * @param dataDir  what relative source paths are relative to
     * @param glove    {@code data/glove/glove-100d.bin}
     * @param plan     an {@code interactions} split plan
     * @param settings validation slice and caps
     * @return the sets; pre-training ones only when the settings ask
     * @throws IOException if a file cannot be read
     */
    public static OfflineSplits fromSources(Path dataDir, Path glove, SplitPlan plan, LoadSettings settings)
            throws IOException {
        GloveVectors vectors = GloveVectors.read(glove);
        return fromSources(dataDir, () -> featurizer(vectors), plan, settings);
    }

    /**
     * Reads the plan's sources as {@link #fromSources(Path, Path, SplitPlan, LoadSettings)} does, with another
     * featurizer: e.g. language-based MovieLens, whose items are frozen MiniLM views of their text. Every set's rows
     * come from featurizers this supplier makes (one per {@link VisibleHistories} view), so the same visibility
     * rules hold whatever the item content is.
     *
     * @param dataDir     what relative source paths are relative to
     * @param featurizers makes a featurizer with an empty history
     * @param plan        an {@code interactions} split plan
     * @param settings    validation slice and caps
     * @return the sets; pre-training ones only when the settings ask
     */
    public static OfflineSplits fromSources(Path dataDir, Supplier<RecommendationFeaturizer> featurizers,
                                            SplitPlan plan, LoadSettings settings) {
        return fromSources(dataDir, featurizers, plan, settings, null);
    }

    /**
     * Reads the plan's sources as {@link #fromSources(Path, Supplier, SplitPlan, LoadSettings)} does, and has every
     * set keep each example's item text ({@link ItemTextViews#text}) numbered in one corpus, so that a backbone can
     * fine-tune on the item's text ({@link RatingSet}).
     *
     * @param dataDir     what relative source paths are relative to
     * @param featurizers makes a featurizer with an empty history
     * @param plan        an {@code interactions} split plan
     * @param settings    validation slice and caps
     * @param corpus      numbers the item texts; {@code null} to keep none
     * @return the sets; pre-training ones only when the settings ask
     */
    public static OfflineSplits fromSources(Path dataDir, Supplier<RecommendationFeaturizer> featurizers,
                                            SplitPlan plan, LoadSettings settings, TextCorpus corpus) {
        return load(plan.sources().isEmpty() ? List.of(DEFAULT_SOURCE) : plan.sources(), dataDir, featurizers, plan,
                settings, e -> { }, corpus);
    }

    private static OfflineSplits load(List<DataSource> sources, Path dataDir, Path glove, SplitPlan plan,
                                      LoadSettings settings, Consumer<InteractionEvent> train) throws IOException {
        GloveVectors vectors = GloveVectors.read(glove);
        return load(sources, dataDir, () -> featurizer(vectors), plan, settings, train, null);
    }

    private static OfflineSplits load(List<DataSource> sources, Path dataDir,
                                      Supplier<RecommendationFeaturizer> featurizers, SplitPlan plan,
                                      LoadSettings settings, Consumer<InteractionEvent> train, TextCorpus corpus) {
        List<InteractionEvent> events = readSortedByTime(sources, dataDir);
        VisibleHistories histories = new VisibleHistories(featurizers);
        int width = histories.training().backboneWidth();
        RatingSet pretrain = new RatingSet("pretrain", width, corpus);
        RatingSet trainSet = new RatingSet("train", width, corpus);
        RatingSet validation = new RatingSet("validation", width, corpus);
        RatingSet idTest = new RatingSet("id-test", width, corpus);
        Map<String, RatingSet> ood = new LinkedHashMap<>();
        SplitRouter router = new SplitRouter(plan);
        SplitCoverage coverage = new SplitCoverage(plan);
        float[] row = new float[width];
        long[] ids = new long[RecommendationFeaturizer.ID_FIELDS];
        for (int n = 0; n < events.size(); n++) {
            InteractionEvent e = events.get(n);
            RatingExample example = example(e);
            String key = "r" + n;
            coverage.saw(RecordFacts.of(e));
            List<Delivery<InteractionEvent>> deliveries = router.route(e).deliveries();
            // Every copy is featurized from the state before this rating; only then does it become visible.
            for (Delivery<InteractionEvent> d : deliveries) {
                String evaluationSet = switch (d.destination().kind()) {
                    case HOLDOUT -> idTest.name();
                    case OOD -> "ood." + d.destination().oodName();
                    default -> null;
                };
                RatingSet target = switch (d.destination().kind()) {
                    case PRETRAIN -> settings.loadPretrain() ? pretrain : null;
                    case LIVE -> inValidation(e, settings)
                            ? capped(validation, settings.validationLimit()) : capped(trainSet, settings.trainLimit());
                    case HOLDOUT -> capped(idTest, settings.testLimit());
                    case OOD -> capped(ood.computeIfAbsent(evaluationSet,
                            name -> new RatingSet(name, width, corpus)), settings.oodLimit());
                    case DROP -> null;
                };
                if (target != null) {
                    RecommendationFeaturizer featurizer = evaluationSet == null
                            ? histories.training() : histories.evaluation(evaluationSet);
                    featurizer.featurize(example, row, 0, ids, 0);
                    if (corpus == null) {
                        target.add(row, 0, ids, 0, e.rating(), key);
                    } else {
                        target.add(row, 0, ids, 0, e.rating(), key, ItemTextViews.text(example.title(),
                                example.genres(), example.releaseYear()));
                    }
                    if (target == trainSet) {
                        train.accept(e);
                    }
                }
            }
            record(histories, deliveries, idTest.name(), example);
        }
        coverage.check(ood);
        return new OfflineSplits(pretrain, trainSet, validation, idTest, new LinkedHashMap<>(ood));
    }

    /**
     * Makes a rating visible to whom the protocol lets see it ({@link VisibleHistories}): a pre-training or live
     * rating to everyone, an evaluation set's rating to its own set, a dropped one to no one. A rating sent to the
     * training world and copied to an evaluation set is a training-world rating.
     */
    private static void record(VisibleHistories histories, List<Delivery<InteractionEvent>> deliveries,
                               String idTestName, RatingExample example) {
        boolean trainingWorld = deliveries.stream().anyMatch(d -> switch (d.destination().kind()) {
            case PRETRAIN, LIVE -> true;
            default -> false;
        });
        if (trainingWorld) {
            histories.recordTraining(example);
            return;
        }
        for (Delivery<InteractionEvent> d : deliveries) {
            switch (d.destination().kind()) {
                case HOLDOUT -> histories.recordEvaluation(idTestName, example);
                case OOD -> histories.recordEvaluation("ood." + d.destination().oodName(), example);
                default -> { }
            }
        }
    }

    /** The featurizer every MovieLens run uses: GloVe title means, MovieLens genres, 20 recent items. */
    public static RecommendationFeaturizer featurizer(GloveVectors glove) {
        ItemContentFeaturizer content = ItemContentFeaturizer.movieLens(glove);
        return new RecommendationFeaturizer(content, new UserHistory(content.width(), RECENT_ITEMS, 1_000_000),
                BUCKETS, 1_000_000);
    }

    /** Maps the ingest record to the model module's plain example. */
    public static RatingExample example(InteractionEvent e) {
        return new RatingExample(e.userId(), e.itemId(), e.rating(), e.eventTime(), e.title(), e.genres(),
                e.releaseYear());
    }

    private static boolean inValidation(InteractionEvent e, LoadSettings settings) {
        return StableHash.unit(RecordFacts.of(e).recordKey(), settings.validationSeed()) < settings.validationFraction();
    }

    private static RatingSet capped(RatingSet set, int limit) {
        return LoadSettings.fits(limit, set.size()) ? set : null;
    }

    private static List<InteractionEvent> readSortedByTime(List<DataSource> sources, Path dataDir) {
        List<InteractionEvent> events = new ArrayList<>();
        for (DataSource source : sources) {
            try (RecordReader<InteractionEvent> reader = SourceReaders.interactions(source, dataDir)) {
                while (reader.hasNext()) {
                    if (reader.next() instanceof ReadResult.Accepted<InteractionEvent> a) {
                        events.add(a.value());
                    }
                }
            }
        }
        // Stable: ratings of one instant keep the file's order, so keys are the same on every run.
        events.sort(Comparator.comparing(InteractionEvent::eventTime));
        return events;
    }
}
