package org.levistream.experiment.offline;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.levistream.ingest.split.SplitPlan;
import org.levistream.model.backbone.bert.BertBackbone;
import org.levistream.model.backbone.bert.BertTokenizer;
import org.levistream.model.backbone.bert.MiniLm;
import org.levistream.model.cache.TextCorpus;
import org.levistream.model.cache.TextViews;
import org.levistream.model.features.ItemContent;
import org.levistream.model.features.ItemTextViews;
import org.levistream.model.features.RecommendationFeaturizer;
import org.levistream.model.features.UserHistory;

/**
 * Language-based MovieLens: the same ratings, split file, routing and visibility rules as {@link MovieLensSplits},
 * with each item read as text (title, year, genres) through frozen all-MiniLM-L6-v2. An item's row is every tap of
 * the encoder for its text ({@link ItemTextViews}, 7 × 384), and a user's context is those rows averaged over the
 * user's {@value MovieLensSplits#RECENT_ITEMS} latest items rated strictly before, plus the mean rating and fill:
 * rows of {@code 2 × 2,688 + 2} floats that {@link org.levistream.model.backbone.bert.TextViewTaps} hands to LEVI
 * one layer at a time.
 *
 * <p>The encoder runs once per distinct item text, each text alone ({@link TextViews}), while the sets load; no
 * frozen method's step runs it. Every set also keeps each example's item text as a number of one shared
 * {@link TextCorpus} ({@link RatingSet#corpus()}), which FT of MiniLM's top layers reads the item's text from.
 */
public final class MovieLensTextSplits {
    private MovieLensTextSplits() {}

    /** What a load did: the sets and how many texts the encoder read. */
    public record Loaded(OfflineSplits splits, int texts, double seconds) {}

    /**
     * Reads, routes and featurizes as {@link MovieLensSplits#fromSources(Path, java.util.function.Supplier,
     * SplitPlan, LoadSettings)} does, items as MiniLM views.
     *
     * @param dataDir  the data folder: the ratings' sources and {@code backbones/minilm-l6/}
     * @param plan     an {@code interactions} split plan
     * @param settings validation slice and caps
     * @param device   where the encoder runs
     * @return the sets, with the encoder's work
     * @throws NoSuchFileException if the MiniLM files were not fetched (the message names the fetch command)
     * @throws IOException         if they cannot be read or are not the pinned encoder
     */
    public static Loaded load(Path dataDir, SplitPlan plan, LoadSettings settings, Device device) throws IOException {
        Path folder = MiniLm.dataFolder(dataDir);
        for (String file : new String[] {MiniLm.ONNX_FILE, MiniLm.TOKENIZER_FILE}) {
            if (!Files.isRegularFile(folder.resolve(file))) {
                throw new NoSuchFileException(folder.resolve(file).toString(), null, "missing; run "
                        + "'scripts/fetch-data.sh --only minilm' to extract it from " + MiniLm.ARTIFACT);
            }
        }
        long start = System.nanoTime();
        try (BertBackbone encoder = BertBackbone.load(folder.resolve(MiniLm.ONNX_FILE), device);
             BertTokenizer tokenizer = BertTokenizer.open(folder.resolve(MiniLm.TOKENIZER_FILE))) {
            if (!encoder.contentHash().equals(MiniLm.ONNX_SHA256)) {
                throw new IOException(folder.resolve(MiniLm.ONNX_FILE) + " has SHA-256 " + encoder.contentHash()
                        + " but " + MiniLm.ONNX_SHA256 + " is pinned for " + MiniLm.ARTIFACT);
            }
            TextViews views = new TextViews(encoder, tokenizer);
            ItemTextViews content = new ItemTextViews(views);
            OfflineSplits splits = MovieLensSplits.fromSources(dataDir, () -> featurizer(content), plan, settings,
                    new TextCorpus());
            return new Loaded(splits, views.size(), (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The featurizer of language-based MovieLens: the given item content, {@value MovieLensSplits#RECENT_ITEMS}
     * recent items per user, MovieLens' id buckets.
     *
     * @param content the items' text views
     * @return a featurizer with an empty history
     */
    public static RecommendationFeaturizer featurizer(ItemContent content) {
        return new RecommendationFeaturizer(content, new UserHistory(content.width(), MovieLensSplits.RECENT_ITEMS,
                1_000_000), MovieLensSplits.BUCKETS, 1_000_000);
    }
}
