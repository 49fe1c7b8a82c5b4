package org.levistream.bench.train;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.levistream.experiment.offline.EngineThreads;
import org.levistream.experiment.offline.ModelRun;
import org.levistream.experiment.offline.Recipes;
import org.levistream.experiment.offline.TextBackbones;
import org.levistream.experiment.offline.TextSet;
import org.levistream.ingest.readers.AmazonReviews;
import org.levistream.ingest.readers.ReadResult;
import org.levistream.ingest.readers.RecordReader;
import org.levistream.model.backbone.BackboneSource;
import org.levistream.model.backbone.bert.BertBackbone;
import org.levistream.model.backbone.bert.BertTokenizer;
import org.levistream.model.backbone.bert.MiniLm;
import org.levistream.model.cache.TextCorpus;
import org.levistream.model.features.TextBag;
import org.levistream.model.levi.Method;
import org.levistream.model.levi.ModelSpec;
import org.levistream.model.optim.OptimizerSpec;
import org.levistream.schemas.domain.InteractionEvent;

/**
 * {@code levi bench train --task text}: the review-text step with MiniLM, on real Amazon reviews (batch 100, Adam):
 * LEVI over the cached frozen views of every tap vs FT of MiniLM's top {@code k} layers over the cached output of
 * the layers below (what {@code levi experiment --benchmark amazon} trains), on the same batches in the same run. The
 * caches are filled first, in one encoder pass per review, and timed apart: a step then costs only what the method
 * itself computes.
 */
public final class TextThroughput {
    /** The amazon benchmark's batch. */
    public static final int BATCH_SIZE = 100;
    private static final int BATCH = BATCH_SIZE;

    private TextThroughput() {}

    /**
     * What to run.
     *
     * @param dataDir   the fetch script's data folder: {@code amazon/fine-foods.jsonl} and
     *                  {@code backbones/minilm-l6/}
     * @param reviews   reviews to read (the first ones in the file)
     * @param threads   PyTorch threads
     * @param warmup    untimed steps per case
     * @param steps     timed steps per case
     * @param topLayers FT's top layers
     */
    public record Options(Path dataDir, int reviews, int threads, int warmup, int steps, int topLayers) {}

    /**
     * Whether the data this benchmark reads are there.
     *
     * @param dataDir the data folder
     * @return whether the reviews and both MiniLM files exist
     */
    public static boolean available(Path dataDir) {
        Path folder = MiniLm.dataFolder(dataDir);
        return Files.isRegularFile(dataDir.resolve("amazon/fine-foods.jsonl"))
                && Files.isRegularFile(folder.resolve(MiniLm.ONNX_FILE))
                && Files.isRegularFile(folder.resolve(MiniLm.TOKENIZER_FILE));
    }

    /**
     * Measures both steps and prints them and their ratio.
     *
     * @param options what to run
     * @param out     where the figures go
     * @throws IOException if the reviews or MiniLM cannot be read
     */
    public static void run(Options options, PrintWriter out) throws IOException {
        EngineThreads.configure(options.threads());
        Device device = Device.cpu();
        TextCorpus corpus = new TextCorpus();
        TextSet set = reviews(options.dataDir().resolve("amazon/fine-foods.jsonl"), options.reviews(), corpus);
        Path folder = MiniLm.dataFolder(options.dataDir());
        try (TextBackbones texts = TextBackbones.of(BertBackbone.load(folder.resolve(MiniLm.ONNX_FILE), device),
                BertTokenizer.open(folder.resolve(MiniLm.TOKENIZER_FILE)), corpus)) {
            double warm = texts.warm(List.of(options.topLayers()));
            out.println(String.format(Locale.ROOT, "text: %,d Amazon reviews (%,d distinct texts), batch %d, Adam; "
                    + "MiniLM views of every tap and layer-%d token outputs cached in one encoder pass per text: "
                    + "%.1f s", set.size(), corpus.size(), BATCH, texts.layers() - options.topLayers(), warm));
            ModelSpec levi = Recipes.spec(set, Method.LEVI, OptimizerSpec.adam(1e-3f), 7, 0, Map.of());
            ModelSpec ft = Recipes.spec(set, Method.FT, OptimizerSpec.adam(1e-3f).withBackboneLearningRateFactor(0.1f),
                    7, 0, Map.of());
            BackboneSource views = texts.views();
            BackboneSource top = texts.topLayers(options.topLayers());
            Measurement leviStep = ThroughputProbe.measure(levi, views, set, BATCH, options.warmup(), options.steps(),
                    false, device);
            Measurement ftStep = ThroughputProbe.measure(ft, top, set, BATCH, options.warmup(), options.steps(),
                    false, device);
            leviStep.print(out, "LEVI, cached MiniLM views (7 taps)");
            ftStep.print(out, "FT, top " + options.topLayers() + " layer(s) over cached rows");
            out.println(String.format(Locale.ROOT, "  ratio: LEVI/FT %.2fx (samples/s, same batches, %d steps each)",
                    leviStep.samplesPerSecond() / ftStep.samplesPerSecond(), options.steps()));
            out.println(String.format(Locale.ROOT, "  trainable parameters: LEVI %,d, FT %,d",
                    parameters(levi, views, device), parameters(ft, top, device)));
            out.flush();
        }
    }

    private static long parameters(ModelSpec spec, BackboneSource source, Device device) throws IOException {
        try (ModelRun run = ModelRun.create(spec, source, device, 0)) {
            return run.trainableParameters();
        }
    }

    /** The first reviews of the file, labelled as the benchmark labels them (labels do not change the speed). */
    private static TextSet reviews(Path file, int limit, TextCorpus corpus) {
        TextSet set = new TextSet("bench", new TextBag(1 << 14), corpus);
        try (RecordReader<InteractionEvent> reader = AmazonReviews.open(file, null)) {
            while (reader.hasNext() && set.size() < limit) {
                if (reader.next() instanceof ReadResult.Accepted<InteractionEvent> a) {
                    InteractionEvent review = a.value();
                    String summary = review.context().get(AmazonReviews.SUMMARY);
                    String text = review.reviewText().orElse("");
                    set.add(summary == null ? text : summary + "\n" + text,
                            review.rating() >= 4.5f ? TextSet.GREAT : TextSet.OTHER, "r" + set.size());
                }
            }
        }
        return set;
    }
}
